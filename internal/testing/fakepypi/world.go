package fakepypi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
)

// World is what a Server knows: its projects.
type World struct {
	Projects []Project `json:"projects"`
}

// Project is one PyPI project as the world file describes it:
//
//	{"name": "XStatic-smart-table", "roles": [["Owner", "openstackci"], ["Maintainer", "bob"]],
//	 "organization": "", "no_releases": false}
type Project struct {
	Name         string     `json:"name"`                   // the display name
	Roles        [][]string `json:"roles"`                  // [role, username] pairs, role Owner or Maintainer
	Organization string     `json:"organization,omitempty"` // the owning organization's slug
	NoReleases   bool       `json:"no_releases,omitempty"`  // no JSON document and no project page, like a name registered without an upload
	Version      string     `json:"version,omitempty"`      // the latest release, default 1.0.0 (or Releases' last)
	// Releases are every version with its files (releases.go); default
	// one release of Version with one sdist uploaded at DefaultUploaded.
	Releases []Release `json:"releases,omitempty"`
}

// validName is PyPI's project name rule; usernames and organization slugs
// follow it too.
var validName = regexp.MustCompile(`^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$`)

var separators = regexp.MustCompile(`[-_.]+`)

// normalize is PEP 503 normalization. The fake keeps its own copy rather
// than import the client's: a fake sharing the client's code would hide the
// client's mistakes.
func normalize(name string) string {
	return strings.ToLower(separators.ReplaceAllString(name, "-"))
}

// LoadWorld reads a world file.
func LoadWorld(path string) (World, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return World{}, fmt.Errorf("fakepypi: %w", err)
	}
	w, err := ParseWorld(data)
	if err != nil {
		return World{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return w, nil
}

// ParseWorld reads a world from JSON. Unknown keys, invalid names and roles
// other than Owner and Maintainer are errors: a typo in a test's world
// should not quietly change what the fake answers.
func ParseWorld(data []byte) (World, error) {
	var w World
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return World{}, fmt.Errorf("fakepypi: world: %w", err)
	}
	if err := w.check(); err != nil {
		return World{}, fmt.Errorf("fakepypi: world: %w", err)
	}
	return w, nil
}

func (w World) check() error {
	var errs []error
	seen := map[string]bool{}
	for i, p := range w.Projects {
		if seen[normalize(p.Name)] {
			errs = append(errs, fmt.Errorf("projects[%d]: %q is listed twice", i, p.Name))
		}
		seen[normalize(p.Name)] = true
		if err := p.check(); err != nil {
			errs = append(errs, fmt.Errorf("projects[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

func (p Project) check() error {
	if !validName.MatchString(p.Name) {
		return fmt.Errorf("name %q is not a valid project name", p.Name)
	}
	if p.Organization != "" && !validName.MatchString(p.Organization) {
		return fmt.Errorf("%s: organization %q is not a valid slug", p.Name, p.Organization)
	}
	for _, r := range p.Roles {
		if len(r) != 2 || (r[0] != "Owner" && r[0] != "Maintainer") || !validName.MatchString(r[1]) {
			return fmt.Errorf("%s: role %q: use [\"Owner\" or \"Maintainer\", username]", p.Name, r)
		}
	}
	for _, r := range p.Releases {
		if err := r.check(); err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
	}
	return nil
}

func (p Project) version() string {
	switch {
	case p.Version != "":
		return p.Version
	case len(p.Releases) > 0:
		return p.Releases[len(p.Releases)-1].Version
	}
	return "1.0.0"
}

// CleanWorld is a fake PyPI world where every name is owned by openstackci
// alone, except those edit replaces (a nil Project removes the name).
// Projects in edit that are not in names are added.
func CleanWorld(names []string, edit map[string]*Project) World {
	var w World
	for _, name := range names {
		p, ok := edit[name]
		switch {
		case !ok:
			w.Projects = append(w.Projects, Project{Name: name, Roles: [][]string{{"Owner", "openstackci"}}})
		case p != nil:
			w.Projects = append(w.Projects, *p)
		}
	}
	for name, p := range edit {
		if p != nil && !slices.Contains(names, name) {
			w.Projects = append(w.Projects, *p)
		}
	}
	return w
}
