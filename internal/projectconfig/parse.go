package projectconfig

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Parse reads the project-config files from files, keyed by path:
// gerrit/projects.yaml and every file IsZuulFile accepts, read in path order
// (other keys are ignored; a missing key is an absent file). memo, which may
// be nil, shares parsed documents between calls. governed are the Gerrit
// namespaces pypiguard judges (default: openstack): a project elsewhere
// whose name pypiguard could not check is only read far enough to skip it
// (project-config has held nebulous/exn-connector-c++ since 2024).
func Parse(files map[string][]byte, memo *yamlfile.Memo, governed ...string) (*Config, error) {
	c := &Config{Templates: map[string][]*ZuulProject{}, Jobs: map[string][]*Job{}}
	var err error
	if c.Projects, err = parseGerrit(memo, files[GerritFile], &c.Warnings); err != nil {
		return nil, err
	}
	zuul := slices.Sorted(func(yield func(string) bool) {
		for p := range files {
			if IsZuulFile(p) && !yield(p) {
				return
			}
		}
	})
	if len(zuul) > MaxZuulFiles {
		return nil, fmt.Errorf("%s holds %d files, over the %d pypiguard reads; is this really openstack/project-config?", ZuulDir, len(zuul), MaxZuulFiles)
	}
	for _, file := range zuul {
		if err := c.parseZuul(memo, file, files[file]); err != nil {
			return nil, err
		}
	}
	if err := c.skipUnchecked(governed); err != nil {
		return nil, err
	}
	c.index()
	return c, nil
}

// skipUnchecked drops the projects and stanzas whose names are not
// repository names, with a warning, or refuses them inside the governed
// namespaces.
func (c *Config) skipUnchecked(governed []string) error {
	if len(governed) == 0 {
		governed = []string{"openstack"}
	}
	keep := func(name string, pos Pos) (bool, error) {
		if naming.ValidProject(name) {
			return true, nil
		}
		if ns, _, _ := strings.Cut(ShortName(name), "/"); slices.Contains(governed, ns) {
			return false, &yamlfile.Error{File: pos.File, Line: pos.Line, Msg: fmt.Sprintf("project %q is not a repository name (letters, digits, '.', '_', '-', separated by '/')", name)}
		}
		warn(&c.Warnings, pos.File, pos.Line, "project %q is outside the governed namespaces and not a name pypiguard checks; skipped", name)
		return false, nil
	}
	var err error
	c.Projects = slices.DeleteFunc(c.Projects, func(p *Project) bool {
		ok, e := keep(p.Name, p.Pos)
		err = cmp.Or(err, e)
		return !ok
	})
	c.Zuul = slices.DeleteFunc(c.Zuul, func(z *ZuulProject) bool {
		if z.re != nil {
			return false
		}
		ok, e := keep(z.Name, z.Pos)
		err = cmp.Or(err, e)
		return !ok
	})
	return err
}

func (c *Config) index() {
	c.projects = make(map[string]*Project, len(c.Projects))
	for _, p := range c.Projects {
		c.projects[p.Name] = p
	}
	c.byName = make(map[string][]*ZuulProject, len(c.Zuul))
	for _, z := range c.Zuul {
		if z.re != nil {
			c.regexs = append(c.regexs, z)
		} else {
			short := ShortName(z.Name)
			c.byName[short] = append(c.byName[short], z)
		}
	}
}

func warn(ws *[]Warning, file string, line int, format string, args ...any) {
	*ws = append(*ws, Warning{Pos: Pos{File: file, Line: line}, Message: fmt.Sprintf(format, args...)})
}

func pairs(file string, n *yaml.Node, what string, ws *[]Warning) ([]yamlfile.Pair, error) {
	ps, dups, err := yamlfile.Pairs(file, n, what)
	for _, d := range dups {
		warn(ws, file, d.Last, "%s: key %q is written twice (lines %d and %d); the later one is used", what, d.Key, d.First, d.Last)
	}
	return ps, err
}

func topList(memo *yamlfile.Memo, file string, data []byte) ([]*yaml.Node, error) {
	root, err := memo.Parse(file, data)
	if err != nil || yamlfile.IsNull(root) {
		return nil, err
	}
	if err := yamlfile.Expect(file, root, yaml.SequenceNode, "the top level"); err != nil {
		return nil, err
	}
	return root.Content, nil
}

func parseGerrit(memo *yamlfile.Memo, data []byte, ws *[]Warning) ([]*Project, error) {
	items, err := topList(memo, GerritFile, data)
	if err != nil {
		return nil, err
	}
	out := make([]*Project, 0, len(items))
	for _, item := range items {
		fields, err := pairs(GerritFile, item, "project entry", ws)
		if err != nil {
			return nil, err
		}
		p := &Project{Pos: Pos{File: GerritFile, Line: item.Line}}
		for _, f := range fields {
			switch f.Key {
			case "project":
				if p.Name, err = repoValue(GerritFile, f.Value); err != nil {
					return nil, err
				}
			case "upstream":
				p.Upstream, err = yamlfile.String(GerritFile, f.Value, "project "+p.Name+": upstream")
			case "acl-config":
				p.ACLConfig, err = yamlfile.String(GerritFile, f.Value, "project "+p.Name+": acl-config")
			}
			if err != nil {
				return nil, err
			}
		}
		if p.Name == "" {
			return nil, yamlfile.Errorf(GerritFile, item, "entry has no project: name")
		}
		out = append(out, p)
	}
	return out, nil
}

// repoValue reads a project's name; whether it is one pypiguard can check
// is decided once the governed namespaces are known (skipUnchecked), but it
// must be text that can be shown.
func repoValue(file string, n *yaml.Node) (string, error) {
	s, err := yamlfile.String(file, n, "project name")
	if err != nil {
		return "", err
	}
	if !naming.SafeText(s, 200) {
		return "", yamlfile.Errorf(file, n, "project %q is not a repository name (letters, digits, '.', '_', '-', separated by '/')", s)
	}
	return s, nil
}
