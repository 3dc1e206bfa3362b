// Package changes finds what a change to openstack/governance,
// openstack/project-config or openstack/releases does that matters for PyPI: the events of
// docs/design.md section 3, computed from the files at the change's base and head.
//
// Diff is pure and deterministic: the same two snapshots always give the same
// events in the same order. Removals, retirements and renames are returned as
// information, never as events needing a check.
package changes

import (
	"cmp"
	"regexp"
	"slices"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/releases"
)

// Kind names an event. The ids are stable: they appear in JSON output.
type Kind string

// Events that need a look at PyPI.
const (
	NewDeliverable   Kind = "new-deliverable"
	MovedDeliverable Kind = "moved-deliverable"
	NewRepo          Kind = "new-repo"
	MovedRepo        Kind = "moved-repo"
	Unretired        Kind = "unretired"
	NewProject       Kind = "new-project"
	RenamedProject   Kind = "renamed-project"
	StartsPublishing Kind = "starts-publishing"
	// NewDeliverableFile and NewRelease are openstack/releases events:
	// release requests (see releases.go).
	NewDeliverableFile Kind = "new-deliverable-file"
	NewRelease         Kind = "new-release"
)

// Information: reported, never checked.
const (
	RemovedDeliverable Kind = "removed-deliverable"
	RetiredDeliverable Kind = "retired-deliverable"
	RemovedRepo        Kind = "removed-repo"
	RetiredRepo        Kind = "retired-repo"
	RenamedRepo        Kind = "renamed-repo"
	RenamedDeliverable Kind = "renamed-deliverable"
	RenamedTeam        Kind = "renamed-team"
	RemovedProject     Kind = "removed-project"
	RetiredProject     Kind = "retired-project"
	LeftNamespace      Kind = "left-namespace"
	StopsPublishing    Kind = "stops-publishing"
)

// Owner kinds.
const (
	OwnerTeam = "team"
	OwnerSIG  = "sig"
	OwnerTC   = "tc"
)

// Event is one thing a change does. File and Line point at the YAML node it
// is about: in the head revision, or in the base revision for removals
// (AtBase set).
type Event struct {
	Kind Kind
	// Team is the owner at head: a project team, a SIG or the Technical
	// Committee (OwnerKind says which); empty for project-config events.
	Team        string
	OwnerKind   string
	Deliverable string
	// ReleaseManagement is the deliverable's, at head.
	ReleaseManagement string
	// Repos are the repositories the event is about.
	Repos []string
	// From is the previous owner (moves) or the previous name (renames).
	From     string
	Upstream string
	File     string
	Line     int
	AtBase   bool
	// Release is set for openstack/releases events: the release entry.
	Release *Release
}

// Snapshot is what a revision holds; either part may be nil.
type Snapshot struct {
	Governance    *governance.Governance
	ProjectConfig *projectconfig.Config
	// Releases are openstack/releases deliverable files by path: only those
	// a change touches need be there.
	Releases map[string]*releases.Deliverable
}

// Options are the policy's knobs the diff needs.
type Options struct {
	// Namespaces are the governed Gerrit namespaces (default ["openstack"]).
	Namespaces []string
	// Publish matches the names of Zuul templates that publish to PyPI.
	Publish *regexp.Regexp
	// PublishJobs are more jobs that upload to PyPI (the policy's).
	PublishJobs []string
}

func (o Options) rule() projectconfig.Rule {
	return projectconfig.Rule{Templates: o.Publish, Jobs: o.PublishJobs}
}

func (o Options) governed(repo string) bool {
	ns := o.Namespaces
	if len(ns) == 0 {
		ns = []string{"openstack"}
	}
	return naming.ValidRepo(repo) && slices.Contains(ns, naming.RepoNamespace(repo))
}

// Result is the outcome of a diff.
type Result struct {
	Events []Event
	Info   []Event
}

var defaultPublish = regexp.MustCompile(projectconfig.DefaultPublishPattern)

// Diff compares two snapshots.
func Diff(base, head Snapshot, opts Options) Result {
	if opts.Publish == nil {
		opts.Publish = defaultPublish
	}
	var r Result
	if base.Governance != nil || head.Governance != nil {
		diffGovernance(orEmptyGov(base.Governance), orEmptyGov(head.Governance), &r)
	}
	if base.ProjectConfig != nil || head.ProjectConfig != nil {
		diffProjectConfig(orEmptyPC(base.ProjectConfig), orEmptyPC(head.ProjectConfig), opts, &r)
	}
	if base.Releases != nil || head.Releases != nil {
		diffReleases(base.Releases, head.Releases, &r)
	}
	sortEvents(r.Events)
	sortEvents(r.Info)
	return r
}

func orEmptyGov(g *governance.Governance) *governance.Governance {
	if g == nil {
		return &governance.Governance{}
	}
	return g
}

func orEmptyPC(c *projectconfig.Config) *projectconfig.Config {
	if c == nil {
		c, _ = projectconfig.Parse(nil, nil)
	}
	return c
}

func sortEvents(es []Event) {
	slices.SortStableFunc(es, func(a, b Event) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Deliverable, b.Deliverable),
			slices.Compare(a.Repos, b.Repos),
		)
	})
}

// IsEvent reports whether k needs a check (rather than being information).
func (k Kind) IsEvent() bool {
	switch k {
	case NewDeliverable, MovedDeliverable, NewRepo, MovedRepo, Unretired, NewProject, RenamedProject, StartsPublishing,
		NewDeliverableFile, NewRelease:
		return true
	}
	return false
}
