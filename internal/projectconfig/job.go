package projectconfig

import (
	"slices"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// playbookKeys are the job attributes that name playbooks (zuul-ci/zuul
// zuul/configloader.py, JobParser.job_attributes: each a string, a
// {name: ...} mapping, or a list of those).
var playbookKeys = []string{"pre-run", "run", "post-run", "cleanup-run"}

// parseJob reads the attributes of a job that decide uploading to PyPI. name
// is the job's name when the stanza does not give it (a variant in a
// pipeline). A value that is not a mapping has no such attributes: nil.
// Values of shapes Zuul's schema refuses are skipped: Zuul would not load
// them, so they cannot make a job upload.
func parseJob(file string, n *yaml.Node, name string, ws *[]Warning) (*Job, error) {
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	fields, err := pairs(file, n, "job", ws)
	if err != nil {
		return nil, err
	}
	j := &Job{Name: name, Pos: Pos{File: file, Line: n.Line}}
	for _, f := range fields {
		switch f.Key {
		case "name":
			if name == "" && f.Value.Kind == yaml.ScalarNode {
				j.Name, j.Pos.Line = f.Value.Value, f.Value.Line
			}
		case "parent":
			j.HasParent = true
			if !yamlfile.IsNull(f.Value) && f.Value.Kind == yaml.ScalarNode {
				j.Parent = f.Value.Value
			}
		case "secrets":
			// "- name: alias\n  secret: pypi_secret" passes the secret
			// under another name: the secret is what counts.
			j.Secrets = named(f.Value, "secret")
		default:
			if slices.Contains(playbookKeys, f.Key) {
				j.Playbooks = append(j.Playbooks, named(f.Value, "name")...)
			}
		}
	}
	return j, nil
}

// named reads Zuul's "a string, a mapping, or a list of those" attribute:
// the strings, and the key value of each mapping.
func named(n *yaml.Node, key string) []string {
	if n.Kind == yaml.SequenceNode {
		var out []string
		for _, item := range n.Content {
			out = append(out, named(item, key)...)
		}
		return out
	}
	if n.Kind == yaml.ScalarNode && !yamlfile.IsNull(n) {
		return []string{n.Value}
	}
	if n.Kind == yaml.MappingNode {
		// Of a key written twice the later counts, as PyYAML reads it;
		// a mapping whose keys are not names holds no name.
		ps, _, err := yamlfile.Pairs("", n, key)
		if err != nil {
			return nil
		}
		for i := len(ps) - 1; i >= 0; i-- {
			if ps[i].Key == key && ps[i].Value.Kind == yaml.ScalarNode && !yamlfile.IsNull(ps[i].Value) {
				return []string{ps[i].Value.Value}
			}
		}
	}
	return nil
}
