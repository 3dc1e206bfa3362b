package changes

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// ErrUnknownRepo is a repository that is neither governance nor
// project-config, nor a change to openstack/releases' deliverables: bad
// input (exit 2).
var ErrUnknownRepo error = unknownRepo{}

type unknownRepo struct{}

func (unknownRepo) Error() string {
	return "found none of " + strings.Join(Paths, ", ") +
		" nor a deliverables/<series>/<name>.yaml file the change touches, at either revision: point --repo at a checkout of openstack/governance, openstack/project-config or openstack/releases, or say which with --kind"
}

func (unknownRepo) BadInput() bool { return true }

// RepoKind says which repository a change is to: named by the caller (Given:
// --kind, Zuul's project, the hook's project), or else guessed from the
// files the change holds, which only a local run that says nothing does.
type RepoKind struct {
	Governance    bool
	ProjectConfig bool
	Releases      bool
	// Given is set when the caller named the kind: only its files are read.
	Given bool
}

func (k RepoKind) String() string {
	var parts []string
	for _, p := range []struct {
		on   bool
		name string
	}{{k.Governance, KindGovernance}, {k.ProjectConfig, KindProjectConfig}, {k.Releases, KindReleases}} {
		if p.on {
			parts = append(parts, p.name)
		}
	}
	if len(parts) == 0 {
		return "unknown"
	}
	return strings.Join(parts, "+")
}

// Detect tells which repository c is to.
func Detect(c *Change) (RepoKind, error) {
	has := func(paths []string) bool {
		for _, p := range paths {
			if c.Base[p] != nil || c.Head[p] != nil {
				return true
			}
		}
		return false
	}
	k := RepoKind{Governance: has(governance.Files), ProjectConfig: has(projectconfig.Files), Releases: hasDeliverables(c)}
	if !k.Governance && !k.ProjectConfig && !k.Releases {
		return k, ErrUnknownRepo
	}
	return k, nil
}

// Loaded is a change's two snapshots with the warnings the head revision's
// files gave.
type Loaded struct {
	Kind       RepoKind
	Base, Head Snapshot
	Warnings   []report.Warning
}

// Load detects the kind of c and parses both of its revisions. YAML parsing
// is nearly all the cost, so every distinct file is parsed once, in parallel,
// before the two revisions are read from the parsed documents.
func Load(c *Change, governed ...string) (*Loaded, error) {
	return LoadWith(c, &yamlfile.Memo{}, governed...)
}

// LoadWith is Load sharing memo with other parses of the run: the
// --project-config checkout of a project-config change is the change's head,
// and is then parsed once for both.
func LoadWith(c *Change, memo *yamlfile.Memo, governed ...string) (*Loaded, error) {
	return LoadKind(c, memo, RepoKind{}, governed...)
}

// LoadKind is LoadWith for a change whose kind the caller names: only that
// kind's files are read (Select), and those of another kind the change
// touches are warnings. A zero kind is guessed from the files (Detect).
func LoadKind(c *Change, memo *yamlfile.Memo, kind RepoKind, governed ...string) (*Loaded, error) {
	c, ignored := Select(c, kind)
	if !kind.Given {
		var err error
		if kind, err = Detect(c); err != nil {
			return nil, err
		}
	} else if err := present(c, kind); err != nil {
		return nil, err
	}
	l := &Loaded{Kind: kind}
	memo.Prepare(c.Base, c.Head)
	var err error
	var headWarnings []yamlfile.Warning
	if l.Head, headWarnings, err = parse(memo, kind, c.Head, governed); err != nil {
		return nil, fmt.Errorf("%w (in the head revision)", err)
	}
	l.Warnings = append(ignored, warnings(l.Head, headWarnings)...)
	base, dropped, err := parseBase(memo, kind, c.Base, governed)
	if err != nil {
		return nil, fmt.Errorf("%w (in the base revision)", err)
	}
	l.Base = base
	markTouched(l.Warnings, c)
	for _, e := range dropped {
		l.Warnings = append(l.Warnings, report.Warning{File: e.File, Line: e.Line,
			Message: "the base revision's " + e.File + " cannot be read (" + e.Msg + "); everything this change's " + e.File + " holds is judged as new"})
	}
	return l, nil
}

// markTouched marks the warnings on lines the change adds or modifies.
func markTouched(ws []report.Warning, c *Change) {
	lines := map[string]map[int]bool{}
	for i, w := range ws {
		if !c.Touched[w.File] && c.Touched != nil {
			continue
		}
		if _, ok := lines[w.File]; !ok {
			lines[w.File] = TouchedLines(c.Base[w.File], c.Head[w.File])
		}
		ws[i].Touched = lines[w.File][w.Line]
	}
}

// parseBase parses the base revision. A file that cannot be read there but
// can at head (history holds such files: a broken legacy.yaml was merged
// and fixed by the next change) is read as absent, so that the change that
// repairs it is judged, and judged strictly, rather than refused.
func parseBase(memo *yamlfile.Memo, kind RepoKind, files Files, governed []string) (Snapshot, []*yamlfile.Error, error) {
	var dropped []*yamlfile.Error
	for {
		s, _, err := parse(memo, kind, files, governed)
		var ye *yamlfile.Error
		if err == nil || !errors.As(err, &ye) || files[ye.File] == nil || len(dropped) >= len(files) {
			return s, dropped, err
		}
		dropped = append(dropped, ye)
		files = maps.Clone(files)
		delete(files, ye.File)
	}
}

// parse reads the kind's files of one revision; the deliverable files'
// warnings are returned beside the snapshot, which does not keep them.
func parse(memo *yamlfile.Memo, kind RepoKind, files Files, governed []string) (Snapshot, []yamlfile.Warning, error) {
	var s Snapshot
	var err error
	if kind.Governance {
		if s.Governance, err = governance.Parse(files, memo); err != nil {
			return s, nil, err
		}
	}
	if kind.ProjectConfig {
		if s.ProjectConfig, err = projectconfig.Parse(files, memo, governed...); err != nil {
			return s, nil, err
		}
	}
	var ws []yamlfile.Warning
	if kind.Releases {
		if s.Releases, ws, err = releases.ParseFiles(files, memo); err != nil {
			return s, nil, err
		}
	}
	return s, ws, nil
}

func warnings(s Snapshot, more []yamlfile.Warning) []report.Warning {
	ws := slices.Clone(more)
	if s.Governance != nil {
		ws = append(ws, s.Governance.Warnings...)
	}
	if s.ProjectConfig != nil {
		ws = append(ws, s.ProjectConfig.Warnings...)
	}
	var out []report.Warning
	for _, w := range ws {
		out = append(out, report.Warning{File: w.Pos.File, Line: w.Pos.Line, Message: w.Message})
	}
	return out
}

// ForReport converts the events of a diff for the report.
func ForReport(evs []Event) []report.Event {
	out := make([]report.Event, 0, len(evs))
	for _, e := range evs {
		out = append(out, report.Event{Kind: string(e.Kind), Team: e.Team, OwnerKind: e.OwnerKind, Deliverable: e.Deliverable,
			Repos: e.Repos, From: e.From, Upstream: e.Upstream, File: e.File, Line: e.Line, AtBase: e.AtBase})
	}
	return out
}
