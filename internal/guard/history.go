package guard

import (
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/report"
)

// key identifies a finding across runs: its repo and its package.
func key(repo, pkg string) string { return repo + "|" + naming.Normalize(pkg) }

// compare marks each violation of r new or unchanged against the previous
// run's report, lists the violations that were resolved, and the accounts
// that appeared on or vanished from any package.
func compare(base, r *report.Report) *report.History {
	h := &report.History{Baseline: base.GeneratedAt.Format("2006-01-02 15:04 UTC"), Resolved: []report.Finding{}, Accounts: []report.AccountChange{}}
	was := map[string]report.Finding{}
	for _, f := range base.Findings {
		was[key(f.Repo, f.Package)] = f
	}
	failing := map[string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		k := key(f.Repo, f.Package)
		if prev, ok := was[k]; ok {
			if known(prev.Status) && known(f.Status) {
				h.Accounts = appendChange(h.Accounts, f.Package, f.Repo, prev.Roles, f.Roles)
			}
		}
		if !f.Status.Fails() {
			continue
		}
		failing[k] = true
		if prev, ok := was[k]; ok && prev.Status.Fails() {
			f.Change = "unchanged"
			h.Unchanged++
		} else {
			f.Change = "new"
			h.New++
		}
	}
	for _, f := range base.Findings {
		if f.Status.Fails() && !failing[key(f.Repo, f.Package)] {
			h.Resolved = append(h.Resolved, f)
		}
	}
	before := map[string]report.Orphan{}
	for _, o := range base.Orphans {
		before[naming.Normalize(o.Package)] = o
	}
	for _, o := range r.Orphans {
		if prev, ok := before[naming.Normalize(o.Package)]; ok && known(prev.Status) && known(o.Status) {
			h.Accounts = appendChange(h.Accounts, o.Package, "", prev.Roles, o.Roles)
		}
	}
	return h
}

// known reports whether a status comes with PyPI's roles.
func known(s report.Status) bool {
	return s != report.StatusUnverified && s != report.NotApplicable && s != ""
}

// appendChange appends the roles added and removed between two runs, if
// any. Accounts compare case-insensitively, as PyPI's usernames do.
func appendChange(cs []report.AccountChange, pkg, repo string, before, after []report.Role) []report.AccountChange {
	added, removed := roleDiff(after, before), roleDiff(before, after)
	if len(added) == 0 && len(removed) == 0 {
		return cs
	}
	return append(cs, report.AccountChange{Package: pkg, Repo: repo, Added: added, Removed: removed})
}

// roleDiff returns the roles of a that b lacks.
func roleDiff(a, b []report.Role) []report.Role {
	out := []report.Role{}
	for _, r := range a {
		if !slices.ContainsFunc(b, func(x report.Role) bool { return x.Role == r.Role && strings.EqualFold(x.User, r.User) }) {
			out = append(out, r)
		}
	}
	return out
}
