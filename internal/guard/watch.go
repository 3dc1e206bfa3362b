package guard

import (
	"opendev.org/openstack/pypiguard/internal/pkgname"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// Watched are the packages a watch reports on, by normalized name: why each
// is watched (governed, held, or both).
type Watched map[string]string

// NewWatched joins the packages an audit report judged (their names and the
// other names looked up) and those the owner holds a role on.
func NewWatched(audit *report.Report, held []pypi.Package) Watched {
	w := Watched{}
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

func (w Watched) add(name, why string) {
	n := pkgname.Normalize(name)
	switch prev := w[n]; {
	case prev == "" || prev == why:
		w[n] = why
	default:
		w[n] = "governed+held"
	}
}

// Keeps reports whether e is about a watched package.
func (w Watched) Keeps(e pypi.JournalEntry) bool { return w[pkgname.Normalize(e.Name)] != "" }

// WatchEntries judges the journal entries kept: an account added or
// promoted is an alert; the rest is information.
func WatchEntries(w Watched, entries []pypi.JournalEntry) []report.WatchEntry {
	out := make([]report.WatchEntry, 0, len(entries))
	for _, e := range entries {
		c := e.Change()
		role := c.Role
		if c.NewRole != "" {
			role = c.NewRole
		}
		out = append(out, report.WatchEntry{Serial: e.Serial, Time: e.Time, Package: e.Name, Version: e.Version, Action: e.Action,
			Kind: string(c.Kind), Account: c.Account, Role: role, Alert: c.Kind.Alert(), Why: w[pkgname.Normalize(e.Name)]})
	}
	return out
}
