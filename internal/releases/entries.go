package releases

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// settings reads repository-settings: {org/repo: {pypi-name?, tarball-base?,
// flags?}}. A null entry (openstack/foo:) has no settings.
func (r *reader) settings(d *Deliverable, n *yaml.Node) error {
	if yamlfile.IsNull(n) {
		return nil
	}
	repos, err := r.pairs(n, "repository-settings")
	if err != nil {
		return err
	}
	for _, p := range repos {
		s := Settings{Repo: p.Key, Pos: yamlfile.Pos{File: r.file, Line: p.KeyN.Line}}
		if !yamlfile.IsNull(p.Value) {
			if err := r.setting(&s, p.Value, "repository-settings: "+p.Key); err != nil {
				return err
			}
		}
		d.Settings[p.Key] = s
	}
	return nil
}

func (r *reader) setting(s *Settings, n *yaml.Node, what string) error {
	fields, err := r.pairs(n, what)
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.Key {
		case "pypi-name":
			s.PyPIName, err = r.optStr(f.Value, what+": pypi-name")
		case "tarball-base":
			s.TarballBase, err = r.optStr(f.Value, what+": tarball-base")
		case "flags":
			s.Retired = r.retired(f.Value, what+": flags")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// retired reads flags as openstack/releases tests them ('retired' in
// flags, deliverable.py Repo.is_retired): a substring of a string, an item
// of a list, a key of a mapping. A value that test would crash on is a
// warning and means not retired.
func (r *reader) retired(n *yaml.Node, what string) bool {
	v := yamlfile.Deref(n)
	switch {
	case yamlfile.IsNull(v):
		return false
	case v.Kind == yaml.ScalarNode && v.Tag == "!!str":
		return strings.Contains(v.Value, "retired")
	case v.Kind == yaml.SequenceNode:
		return slices.ContainsFunc(v.Content, isRetired)
	case v.Kind == yaml.MappingNode:
		for i := 0; i < len(v.Content); i += 2 {
			if isRetired(v.Content[i]) {
				return true
			}
		}
		return false
	}
	r.warn(n, "%s: neither a list nor a string (nor a mapping); read as not retired", what)
	return false
}

// isRetired reports whether n is the string "retired" (Python's ==).
func isRetired(n *yaml.Node) bool {
	s := yamlfile.Deref(n)
	return s.Kind == yaml.ScalarNode && s.Tag == "!!str" && s.Value == "retired"
}

// releases reads releases: [{version, projects: [{repo, hash,
// tarball-base?}]}]. null is no release (deliverable.py: "data.get('releases') or
// []").
func (r *reader) releases(d *Deliverable, n *yaml.Node) error {
	if yamlfile.IsNull(n) {
		return nil
	}
	if err := yamlfile.Expect(r.file, n, yaml.SequenceNode, "releases"); err != nil {
		return err
	}
	for _, item := range yamlfile.Deref(n).Content {
		rel, err := r.release(item)
		if err != nil {
			return err
		}
		d.Releases = append(d.Releases, rel)
	}
	return nil
}

func (r *reader) release(n *yaml.Node) (Release, error) {
	rel := Release{Pos: yamlfile.Pos{File: r.file, Line: n.Line}}
	fields, err := r.pairs(n, "a release")
	if err != nil {
		return rel, err
	}
	var version, projects *yaml.Node
	for _, f := range fields {
		switch f.Key {
		case "version":
			version = f.Value
			rel.Pos.Line = f.KeyN.Line
		case "projects":
			projects = f.Value
		}
	}
	if rel.Version, err = r.version(n, version); err != nil {
		return rel, err
	}
	what := "release " + rel.Version + ": projects"
	if projects == nil || yamlfile.IsNull(projects) {
		return rel, yamlfile.Errorf(r.file, n, "%s: missing; list the repos the release tags", what)
	}
	if err := yamlfile.Expect(r.file, projects, yaml.SequenceNode, what); err != nil {
		return rel, err
	}
	for _, item := range yamlfile.Deref(projects).Content {
		p, err := r.project(item, what)
		if err != nil {
			return rel, err
		}
		rel.Projects = append(rel.Projects, p)
	}
	return rel, nil
}

// version reads a release's version, which must be a string: an unquoted
// 1.0 is the float 1.0 to YAML, and openstack/releases refuses it before
// the request merges (openstack_releases/schema.yaml: releases.items.version
// has type "string"; tox -e validate runs check-schema before
// validate-request, and validate.py's own '"-em" in release.version' would
// raise a TypeError on a float). pypiguard refuses it too rather than guess
// which tag was meant (1.0 or 1.00?).
func (r *reader) version(entry, n *yaml.Node) (string, error) {
	if n == nil || yamlfile.IsNull(n) {
		return "", yamlfile.Errorf(r.file, entry, "a release without a version; add version: to the entry")
	}
	v := yamlfile.Deref(n)
	if v.Kind == yaml.ScalarNode && v.Tag != "!!str" {
		return "", yamlfile.Errorf(r.file, n, "release version %s is %s to YAML, not a string; quote it (version: '%s'), as openstack/releases' check-schema requires", v.Value, v.Tag, v.Value)
	}
	return r.str(n, "release version")
}

func (r *reader) project(n *yaml.Node, what string) (Project, error) {
	p := Project{Pos: yamlfile.Pos{File: r.file, Line: n.Line}}
	fields, err := r.pairs(n, what)
	if err != nil {
		return p, err
	}
	var repo, hash *yaml.Node
	for _, f := range fields {
		switch f.Key {
		case "repo":
			repo = f.Value
		case "hash":
			hash = f.Value
		case "tarball-base":
			if p.TarballBase, err = r.optStr(f.Value, what+": tarball-base"); err != nil {
				return p, err
			}
		}
	}
	if repo == nil {
		return p, yamlfile.Errorf(r.file, n, "%s: an entry without repo:", what)
	}
	if p.Repo, err = r.str(repo, what+": repo"); err != nil {
		return p, err
	}
	if hash == nil {
		return p, yamlfile.Errorf(r.file, n, "%s: %s has no hash:", what, p.Repo)
	}
	p.Hash, err = r.str(hash, what+": "+p.Repo+": hash")
	return p, err
}
