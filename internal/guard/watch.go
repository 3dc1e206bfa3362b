package guard

import (
	"context"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
)

// watched are the packages a watch reports on, by normalized name: why each
// is watched (governed, held, or both).
type watched map[string]string

// newWatched joins the packages an audit report judged (their names and the
// other names looked up) and those the owner holds a role on.
func newWatched(audit *report.Report, held []pypi.Package) watched {
	w := watched{}
	if audit != nil {
		for _, f := range audit.Findings {
			if f.Status != report.NotApplicable {
				w.add(f.Package, "governed")
			}
			for _, a := range f.AlsoChecked {
				w.add(a.Name, "governed")
			}
		}
	}
	for _, p := range held {
		w.add(p.Name, "held")
	}
	return w
}

func (w watched) add(name, why string) {
	n := naming.Normalize(name)
	switch prev := w[n]; {
	case prev == "" || prev == why:
		w[n] = why
	default:
		w[n] = "governed+held"
	}
}

// keeps reports whether e is about a watched package.
func (w watched) keeps(e pypi.JournalEntry) bool { return w[naming.Normalize(e.Name)] != "" }

// watchEntries judges the journal entries kept: an account added or
// promoted is an alert; the rest is information.
func watchEntries(w watched, entries []pypi.JournalEntry) []report.WatchEntry {
	out := make([]report.WatchEntry, 0, len(entries))
	for _, e := range entries {
		c := e.Change()
		role := c.Role
		if c.NewRole != "" {
			role = c.NewRole
		}
		out = append(out, report.WatchEntry{Serial: e.Serial, Time: e.Time, Package: e.Name, Version: e.Version, Action: e.Action,
			Kind: string(c.Kind), Account: c.Account, Role: role, Alert: c.Kind.Alert(), Why: w[naming.Normalize(e.Name)]})
	}
	return out
}

// ReleaseCheck tells the watch whether openstack/releases recorded a
// version: a new release of a governed package it never asked for is a
// release OpenStack never made (docs/design.md section 6).
type ReleaseCheck struct {
	Index *releases.Index
	// Repos are the governed {repo, deliverable} pairs of each package
	// (normalized name), from the audit report.
	Repos map[string][][2]string
}

// NewReleaseCheck maps each package the audit judged to its repos and
// their deliverables.
func NewReleaseCheck(ix *releases.Index, audit *report.Report) *ReleaseCheck {
	rc := &ReleaseCheck{Index: ix, Repos: map[string][][2]string{}}
	if audit != nil {
		for _, f := range audit.Findings {
			if f.Status != report.NotApplicable && f.Repo != "" {
				n := naming.Normalize(f.Package)
				rc.Repos[n] = append(rc.Repos[n], [2]string{f.Repo, f.Deliverable})
			}
		}
	}
	return rc
}

// Unrecorded reports whether version of pkg is one openstack/releases has
// no entry for, read as the audit reads it (recordedFor: a repo's own
// releases, else its deliverable's, for a repo renamed since); a package
// it cannot map to a repo is not judged.
func (rc *ReleaseCheck) Unrecorded(pkg, version string) bool {
	if rc == nil || rc.Index == nil || version == "" {
		return false
	}
	pairs := rc.Repos[naming.Normalize(pkg)]
	if len(pairs) == 0 {
		return false
	}
	t := ReleaseTarget{Repo: pairs[0][0], Deliverable: pairs[0][1], Others: pairs[1:]}
	return !recordedFor(rc.Index, t).Find(version)
}

// markUnrecorded turns each new release in ws that openstack/releases never
// recorded into an alert.
func markUnrecorded(rc *ReleaseCheck, ws []report.WatchEntry) {
	for i, e := range ws {
		if e.Kind == string(pypi.ReleaseAdded) && rc.Unrecorded(e.Package, e.Version) {
			ws[i].Alert = true
			ws[i].Why += "; openstack/releases has no release " + e.Version + " of it"
		}
	}
}

// JournalReader is what a watch asks PyPI: its journal and the packages
// the owner holds a role on; *pypi.Client is one.
type JournalReader interface {
	Journal
	UserPackages(ctx context.Context, user string) ([]pypi.Package, error)
}

// Watch is one poll of PyPI's journal: the owner's packages, then the
// journal since the serial a previous poll stopped at, judged against the
// audit's packages and those the owner holds (an account added or promoted
// is an alert), with new releases checked against openstack/releases when
// rc is set. It returns the entries and the serial the next poll starts
// from. The caller keeps that serial and renders the entries.
func Watch(ctx context.Context, p JournalReader, owner string, audit *report.Report, rc *ReleaseCheck, since int64) ([]report.WatchEntry, int64, error) {
	held, err := p.UserPackages(ctx, owner)
	if err != nil {
		return nil, 0, err
	}
	w := newWatched(audit, held)
	j, err := p.ReadJournal(ctx, since, 0, w.keeps)
	if err != nil {
		return nil, 0, err
	}
	entries := watchEntries(w, j.Entries)
	markUnrecorded(rc, entries)
	return entries, j.Last, nil
}
