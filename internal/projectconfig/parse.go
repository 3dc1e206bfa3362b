package projectconfig

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/reponame"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Parse reads the project-config files from files (keyed by the constants
// above; a missing key is an absent file). memo, which may be nil, shares
// parsed documents between calls.
func Parse(files map[string][]byte, memo *yamlfile.Memo) (*Config, error) {
	c := &Config{}
	var err error
	if c.Projects, err = parseGerrit(memo, files[GerritFile], &c.Warnings); err != nil {
		return nil, err
	}
	if c.Zuul, err = parseZuul(memo, files[ZuulFile], &c.Warnings); err != nil {
		return nil, err
	}
	c.index()
	return c, nil
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
			c.byName[z.Name] = append(c.byName[z.Name], z)
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

func repoValue(file string, n *yaml.Node) (string, error) {
	s, err := yamlfile.String(file, n, "project name")
	if err != nil {
		return "", err
	}
	if !reponame.ValidProject(s) {
		return "", yamlfile.Errorf(file, n, "project %q is not a repository name (letters, digits, '.', '_', '-', separated by '/')", s)
	}
	return s, nil
}

func parseZuul(memo *yamlfile.Memo, data []byte, ws *[]Warning) ([]*ZuulProject, error) {
	items, err := topList(memo, ZuulFile, data)
	if err != nil {
		return nil, err
	}
	out := make([]*ZuulProject, 0, len(items))
	for _, item := range items {
		top, err := pairs(ZuulFile, item, "entry", ws)
		if err != nil {
			return nil, err
		}
		for _, kv := range top {
			if kv.Key != "project" {
				continue // other kinds of configuration object are not ours
			}
			z, err := parseStanza(kv.Value, ws)
			if err != nil {
				return nil, err
			}
			if z != nil {
				out = append(out, z)
			}
		}
	}
	return out, nil
}

func parseStanza(n *yaml.Node, ws *[]Warning) (*ZuulProject, error) {
	fields, err := pairs(ZuulFile, n, "project stanza", ws)
	if err != nil {
		return nil, err
	}
	z := &ZuulProject{Pos: Pos{File: ZuulFile, Line: n.Line}}
	var templates *yaml.Node
	for _, f := range fields {
		switch f.Key {
		case "name":
			if z.Name, err = yamlfile.String(ZuulFile, f.Value, "project stanza: name"); err != nil {
				return nil, err
			}
			z.Pos.Line = f.Value.Line
		case "templates":
			templates = f.Value
		}
	}
	if z.Name == "" {
		warn(ws, ZuulFile, n.Line, "project stanza has no name; ignored")
		return nil, nil
	}
	if err := z.setName(); err != nil {
		return nil, err
	}
	z.Templates, err = parseTemplates(z.Name, templates)
	return z, err
}

func (z *ZuulProject) setName() error {
	if z.Name[0] == '^' {
		re, err := regexp.Compile(z.Name)
		if err != nil {
			return &yamlfile.Error{File: ZuulFile, Line: z.Pos.Line, Msg: fmt.Sprintf("project name regex %q does not compile: %v", z.Name, err)}
		}
		z.re = re
		return nil
	}
	if !reponame.ValidProject(z.Name) {
		return &yamlfile.Error{File: ZuulFile, Line: z.Pos.Line, Msg: fmt.Sprintf("project %q is not a repository name (letters, digits, '.', '_', '-', separated by '/')", z.Name)}
	}
	return nil
}

func parseTemplates(project string, n *yaml.Node) ([]Template, error) {
	if yamlfile.IsNull(n) {
		return nil, nil
	}
	what := "project " + project + ": templates"
	if err := yamlfile.Expect(ZuulFile, n, yaml.SequenceNode, what); err != nil {
		return nil, err
	}
	out := make([]Template, 0, len(n.Content))
	for _, item := range n.Content {
		s, err := yamlfile.String(ZuulFile, item, what)
		if err != nil {
			return nil, err
		}
		out = append(out, Template{Name: s, Pos: Pos{File: ZuulFile, Line: item.Line}})
	}
	return out, nil
}
