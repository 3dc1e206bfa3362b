package projectconfig

import (
	"fmt"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// notPipelines are the keys of a project stanza that are not pipelines;
// every other key names a pipeline (zuul-ci/zuul zuul/configloader.py,
// ProjectTemplateParser.not_pipelines).
var notPipelines = []string{"name", "description", "templates", "merge-mode", "default-branch", "vars", "queue", "branches"}

// parseZuul reads one file under zuul.d/: a list of one-key mappings, of
// which project, project-template and job are read and the other kinds of
// configuration object (pipeline, semaphore, secret, ...) skipped.
func (c *Config) parseZuul(memo *yamlfile.Memo, file string, data []byte) error {
	items, err := topList(memo, file, data)
	if err != nil {
		return err
	}
	for _, item := range items {
		top, err := pairs(file, item, "entry", &c.Warnings)
		if err != nil {
			return err
		}
		for _, kv := range top {
			if err := c.parseObject(file, kv); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Config) parseObject(file string, kv yamlfile.Pair) error {
	switch kv.Key {
	case "project":
		z, err := parseStanza(file, kv.Value, "project stanza", &c.Warnings)
		if z != nil {
			err = firstErr(err, z.setName(file))
			c.Zuul = append(c.Zuul, z)
		}
		return err
	case "project-template":
		z, err := parseStanza(file, kv.Value, "project-template", &c.Warnings)
		if z != nil {
			c.Templates[z.Name] = append(c.Templates[z.Name], z)
		}
		return err
	case "job":
		j, err := parseJob(file, kv.Value, "", &c.Warnings)
		if j != nil && j.Name == "" {
			warn(&c.Warnings, file, kv.Value.Line, "job has no name; ignored")
		} else if j != nil {
			c.Jobs[j.Name] = append(c.Jobs[j.Name], j)
		}
		return err
	}
	return nil // other kinds of configuration object are not ours
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// parseStanza reads a project stanza or a project template: its name, its
// templates and the jobs of every pipeline. A stanza without a name is
// skipped with a warning (in project-config it would configure
// project-config itself).
func parseStanza(file string, n *yaml.Node, what string, ws *[]Warning) (*ZuulProject, error) {
	fields, err := pairs(file, n, what, ws)
	if err != nil {
		return nil, err
	}
	z := &ZuulProject{Pos: Pos{File: file, Line: n.Line}}
	var templates *yaml.Node
	var pipelines []yamlfile.Pair
	for _, f := range fields {
		switch {
		case f.Key == "name":
			if z.Name, err = yamlfile.String(file, f.Value, what+": name"); err != nil {
				return nil, err
			}
			z.Pos.Line = f.Value.Line
		case f.Key == "templates":
			templates = f.Value
		case !slices.Contains(notPipelines, f.Key):
			pipelines = append(pipelines, f)
		}
	}
	if z.Name == "" {
		warn(ws, file, n.Line, "%s has no name; ignored", what)
		return nil, nil
	}
	if z.Templates, err = parseTemplates(file, z.Name, templates); err != nil {
		return nil, err
	}
	for _, p := range pipelines {
		if err := z.parsePipeline(file, p, ws); err != nil {
			return nil, err
		}
	}
	return z, nil
}

func (z *ZuulProject) setName(file string) error {
	if z.Name[0] == '^' {
		re, err := regexp.Compile(z.Name)
		if err != nil {
			return &yamlfile.Error{File: file, Line: z.Pos.Line, Msg: fmt.Sprintf("project name regex %q does not compile: %v", z.Name, err)}
		}
		z.re = re
		return nil
	}
	if !naming.SafeText(z.Name, 200) {
		return &yamlfile.Error{File: file, Line: z.Pos.Line, Msg: fmt.Sprintf("project %q is not a repository name (letters, digits, '.', '_', '-', separated by '/')", z.Name)}
	}
	return nil // checked against the governed namespaces by skipUnchecked
}

func parseTemplates(file, project string, n *yaml.Node) ([]Template, error) {
	if yamlfile.IsNull(n) {
		return nil, nil
	}
	what := "project " + project + ": templates"
	if err := yamlfile.Expect(file, n, yaml.SequenceNode, what); err != nil {
		return nil, err
	}
	out := make([]Template, 0, len(n.Content))
	for _, item := range n.Content {
		s, err := yamlfile.String(file, item, what)
		if err != nil {
			return nil, err
		}
		out = append(out, Template{Name: s, Pos: Pos{File: file, Line: item.Line}})
	}
	return out, nil
}

// parsePipeline reads "<pipeline>: {jobs: [...]}". Each job is a name, or a
// mapping from a name to the variant's attributes (zuul-ci/zuul
// zuul/configloader.py, ProjectTemplateParser.parseJobList; Zuul reads the
// first key, pypiguard every key). A value of another shape is not a
// pipeline Zuul would accept, and is skipped.
func (z *ZuulProject) parsePipeline(file string, p yamlfile.Pair, ws *[]Warning) error {
	if p.Value.Kind != yaml.MappingNode {
		return nil
	}
	fields, err := pairs(file, p.Value, "project "+z.Name+": "+p.Key, ws)
	if err != nil {
		return err
	}
	for _, f := range fields {
		if f.Key != "jobs" {
			continue
		}
		if f.Value.Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range f.Value.Content {
			if err := z.addJob(file, p.Key, item, ws); err != nil {
				return err
			}
		}
	}
	return nil
}

func (z *ZuulProject) addJob(file, pipeline string, item *yaml.Node, ws *[]Warning) error {
	switch item.Kind {
	case yaml.ScalarNode:
		z.Jobs = append(z.Jobs, JobUse{Pipeline: pipeline, Job: Job{Name: item.Value, Pos: Pos{File: file, Line: item.Line}}})
	case yaml.MappingNode:
		variants, err := pairs(file, item, "project "+z.Name+": "+pipeline+": job", ws)
		if err != nil {
			return err
		}
		for _, v := range variants {
			j, err := parseJob(file, v.Value, v.Key, ws)
			if err != nil {
				return err
			}
			if j == nil {
				j = &Job{Name: v.Key}
			}
			j.Pos = Pos{File: file, Line: v.KeyN.Line}
			z.Jobs = append(z.Jobs, JobUse{Pipeline: pipeline, Job: *j})
		}
	}
	return nil
}
