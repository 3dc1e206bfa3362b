// Package governance reads openstack/governance's reference files into typed
// values: teams and their deliverables and repos (projects.yaml), retired ones
// (legacy.yaml), and the repos owned by SIGs and by the Technical Committee.
//
// Every team, deliverable and repo keeps the file and 1-based line of its YAML
// node, so that a vote can point at it. The quirks real history has are
// tolerated with a warning; anything else malformed is an error naming the
// file and line. Parsing is pure: no I/O.
package governance

import (
	"fmt"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// The files read, relative to the root of a governance checkout.
const (
	ProjectsFile = "reference/projects.yaml"
	LegacyFile   = "reference/legacy.yaml"
	SIGsFile     = "reference/sigs-repos.yaml"
	TCFile       = "reference/technical-committee-repos.yaml"
)

// Files lists the files Parse reads.
var Files = []string{ProjectsFile, LegacyFile, SIGsFile, TCFile}

// Pos is where a YAML node sits: file and 1-based line.
type Pos = yamlfile.Pos

// Repo is one "org/name" repository listed in a governance file.
type Repo struct {
	Name string
	Pos  Pos
}

// Deliverable is one deliverable of a team.
type Deliverable struct {
	Name string
	Team string
	// ReleaseManagement is "", "none", "deprecated" or "external".
	ReleaseManagement string
	// RetiredOn is set for deliverables retired in legacy.yaml.
	RetiredOn string
	Repos     []Repo
	Pos       Pos
}

// Publishable reports whether the deliverable's repos may publish to PyPI:
// deliverables released by nobody (none) or by someone else (external) do
// not.
func (d *Deliverable) Publishable() bool { return Publishes(d.ReleaseManagement) }

// Publishes reports whether a deliverable with this release-management
// value may publish to PyPI.
func Publishes(releaseManagement string) bool {
	return releaseManagement != "none" && releaseManagement != "external"
}

// Team is a project team (projects.yaml) or a retired or partly retired one
// (legacy.yaml).
type Team struct {
	Name         string
	Deliverables []*Deliverable
	// Partial is set on legacy.yaml teams that are still active but hold
	// retired deliverables.
	Partial   bool
	RetiredOn string
	Pos       Pos
}

// GroupKind says who owns the repos of a Group.
type GroupKind string

// The owners of repos outside projects.yaml.
const (
	KindSIG GroupKind = "sig"
	KindTC  GroupKind = "tc"
)

// Group is a SIG (sigs-repos.yaml) or the Technical Committee
// (technical-committee-repos.yaml) with the repos it owns.
type Group struct {
	Name  string
	Kind  GroupKind
	Repos []Repo
	Pos   Pos
}

// Warning is a quirk that was tolerated.
type Warning = yamlfile.Warning

// Governance is the content of the four reference files at one revision.
// An absent file reads as empty.
type Governance struct {
	Teams    []*Team  // projects.yaml, in file order
	Legacy   []*Team  // legacy.yaml, in file order
	Groups   []*Group // sigs-repos.yaml, then technical-committee-repos.yaml
	Warnings []Warning
}

// warnListedTwice warns about each repo that two places of projects.yaml,
// sigs-repos.yaml or technical-committee-repos.yaml list. Real history has
// had such repos for years (openstack/governance-sigs was a SIG's and the
// TC's from 2023 to 2025), so it is a quirk to point out, not an error: a
// change is judged for the owners a repo gains.
func (g *Governance) warnListedTwice() {
	first := map[string]string{}
	note := func(r Repo, where string) {
		where += " at " + r.Pos.String()
		if was, ok := first[r.Name]; ok {
			g.Warnings = append(g.Warnings, Warning{Pos: r.Pos,
				Message: fmt.Sprintf("repo %s is listed twice: by %s, and by %s; remove one unless both own it", r.Name, was, where)})
			return
		}
		first[r.Name] = where
	}
	for _, t := range g.Teams {
		for _, d := range t.Deliverables {
			for _, r := range d.Repos {
				note(r, "team "+t.Name+" (deliverable "+d.Name+")")
			}
		}
	}
	for _, gr := range g.Groups {
		for _, r := range gr.Repos {
			note(r, groupWord(gr.Kind)+gr.Name)
		}
	}
}

func groupWord(k GroupKind) string {
	if k == KindSIG {
		return "SIG "
	}
	return "" // technical-committee-repos.yaml names itself
}
