// Package releases reads openstack/releases: its deliverable files
// (deliverables/<series>/<name>.yaml and deliverables/_independent/<name>.yaml),
// which record every release OpenStack made, with the repos and commits it
// tagged, and the PyPI names of those repos.
//
// A file is read as PyYAML's safe_load reads it (internal/yamlfile), and
// every release and project keeps its file and 1-based line so that a
// finding can point at it. The shape is openstack/releases' own
// (openstack_releases/schema.yaml, enforced by its check-schema before any
// release request merges): only what pypiguard needs is read, and where the
// schema and pypiguard disagree on a value the file is refused with its line.
package releases

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Independent is the series folder of deliverables released outside the
// cycle.
const Independent = "_independent"

// Deliverable is one deliverable file.
type Deliverable struct {
	File   string // slash path from the root of the releases repo
	Series string // the folder: a series name or _independent
	Name   string // the deliverable: the file's name without .yaml
	Team   string
	Type   string
	// ReleaseModel is release-model: cycle-with-rc, independent, ...
	ReleaseModel string
	Launchpad    string
	// Settings is repository-settings, by repo (org/name).
	Settings map[string]Settings
	Releases []Release
}

// Settings is one repo's entry of repository-settings.
type Settings struct {
	Repo        string
	PyPIName    string // pypi-name, "" when not given
	TarballBase string // tarball-base, "" when not given
	// Retired is the "retired" flag, whose repos openstack/releases'
	// validation skips (validate.py includes_new_tag). It is Python's
	// "'retired' in flags": a list holding it, or a string containing it
	// (real data has flags: -retired, a string: the schema does not reach
	// inside repository-settings).
	Retired bool
	Pos     yamlfile.Pos
}

// Release is one entry of releases: a tag on every listed repo.
type Release struct {
	Version string
	// Pos is the line of the entry's version: key.
	Pos      yamlfile.Pos
	Projects []Project
}

// Tag says what kind of tag the release is.
func (r Release) Tag() Tag { return Classify(r.Version) }

// Project is one repo of a release.
type Project struct {
	Repo string
	Hash string
	// TarballBase is the entry's own tarball-base, "" when not given (see
	// Deliverable.TarballBase for the one that applies).
	TarballBase string
	Pos         yamlfile.Pos
}

// TarballBase is the tarball-base that applies to p: its own, else its
// repo's repository-settings one (deliverable.py ReleaseProject.tarball_base).
func (d *Deliverable) TarballBase(p Project) string {
	if p.TarballBase != "" {
		return p.TarballBase
	}
	return d.Settings[p.Repo].TarballBase
}

// SplitPath says whether file (a slash path from the root of the releases
// repo) is a deliverable file, deliverables/<series>/<name>.yaml, as
// openstack/releases globs them (deliverable.py: '*/*.yaml' under
// deliverables), and returns its series and name.
func SplitPath(file string) (series, name string, ok bool) {
	parts := strings.Split(file, "/")
	if len(parts) != 3 || parts[0] != "deliverables" || path.Ext(parts[2]) != ".yaml" {
		return "", "", false
	}
	series, name = parts[1], strings.TrimSuffix(parts[2], ".yaml")
	if series == "" || name == "" || strings.HasPrefix(series, ".") || strings.HasPrefix(name, ".") {
		return "", "", false
	}
	return series, name, true
}

// Parse reads one deliverable file; memo may be nil. An empty file is a
// deliverable with nothing in it, as openstack/releases reads it (read_file:
// "data or {}"). Keys written twice and metadata of the wrong type are
// warnings; a release, project or name that cannot be read as
// openstack/releases' schema says is an error with its line.
func Parse(file string, data []byte, memo *yamlfile.Memo) (*Deliverable, []yamlfile.Warning, error) {
	series, name, ok := SplitPath(file)
	if !ok {
		return nil, nil, &yamlfile.Error{File: file, Msg: "is not a deliverable file (deliverables/<series>/<name>.yaml)"}
	}
	d := &Deliverable{File: file, Series: series, Name: name, Settings: map[string]Settings{}}
	doc, err := memo.Parse(file, data)
	if err != nil || yamlfile.IsNull(doc) {
		return d, nil, err
	}
	r := &reader{file: file}
	pairs, err := r.pairs(doc, "the deliverable file")
	if err != nil {
		return nil, nil, err
	}
	for _, p := range pairs {
		if err := r.top(d, p); err != nil {
			return nil, nil, err
		}
	}
	return d, r.warnings, nil
}

type reader struct {
	file     string
	warnings []yamlfile.Warning
}

func (r *reader) warn(n *yaml.Node, format string, args ...any) {
	r.warnings = append(r.warnings, yamlfile.Warning{Pos: yamlfile.Pos{File: r.file, Line: n.Line}, Message: fmt.Sprintf(format, args...)})
}

// pairs is yamlfile.Pairs with keys written twice turned into warnings.
func (r *reader) pairs(n *yaml.Node, what string) ([]yamlfile.Pair, error) {
	pairs, dups, err := yamlfile.Pairs(r.file, n, what)
	for _, d := range dups {
		r.warnings = append(r.warnings, yamlfile.Warning{Pos: yamlfile.Pos{File: r.file, Line: d.Last},
			Message: fmt.Sprintf("%s: %q is written twice (lines %d and %d); the later one counts, as in PyYAML", what, d.Key, d.First, d.Last)})
	}
	return pairs, err
}

func (r *reader) top(d *Deliverable, p yamlfile.Pair) error {
	switch p.Key {
	case "team":
		d.Team = r.meta(p)
	case "type":
		d.Type = r.meta(p)
	case "release-model":
		d.ReleaseModel = r.meta(p)
	case "launchpad":
		d.Launchpad = r.meta(p)
	case "repository-settings":
		return r.settings(d, p.Value)
	case "releases":
		return r.releases(d, p.Value)
	}
	return nil
}

// meta reads a descriptive value pypiguard only reports: one that is not a
// string is a warning (openstack/releases' check-schema refuses it), not a
// reason to judge nothing.
func (r *reader) meta(p yamlfile.Pair) string {
	if yamlfile.IsNull(p.Value) {
		return ""
	}
	s, err := yamlfile.String(r.file, p.Value, p.Key)
	if err != nil {
		r.warn(p.Value, "%s is not a string; ignored (openstack/releases' check-schema refuses it)", p.Key)
		return ""
	}
	return s
}

// str reads a string value that decides something (a repo, a name, a
// version): anything else is an error.
func (r *reader) str(n *yaml.Node, what string) (string, error) {
	if yamlfile.IsNull(n) {
		return "", yamlfile.Errorf(r.file, n, "%s: missing", what)
	}
	return yamlfile.String(r.file, n, what)
}

// optStr reads an optional string value: absent or null is "".
func (r *reader) optStr(n *yaml.Node, what string) (string, error) {
	if yamlfile.IsNull(n) {
		return "", nil
	}
	return yamlfile.String(r.file, n, what)
}

// ParseFiles parses the deliverable files among files (slash paths from the
// root of the releases repo: a revision's tree, or only the files a change
// touches) and ignores the others. memo may be nil.
func ParseFiles(files map[string][]byte, memo *yamlfile.Memo) (map[string]*Deliverable, []yamlfile.Warning, error) {
	out := map[string]*Deliverable{}
	var warnings []yamlfile.Warning
	for _, file := range slices.Sorted(maps.Keys(files)) {
		if _, _, ok := SplitPath(file); !ok {
			continue
		}
		d, w, err := Parse(file, files[file], memo)
		if err != nil {
			return nil, nil, err
		}
		out[file] = d
		warnings = append(warnings, w...)
	}
	return out, warnings, nil
}
