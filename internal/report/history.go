package report

import (
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// historyKey identifies a finding across runs: its repo and its package.
func historyKey(repo, pkg string) string { return repo + "|" + naming.Normalize(pkg) }

// CompareWith marks each violation of r new or unchanged against the
// previous run's report, and sets r.History: the violations that were
// resolved, and the accounts that appeared on or vanished from any package.
func (r *Report) CompareWith(base *Report) {
	h := &History{Baseline: base.GeneratedAt.Format("2006-01-02 15:04 UTC"), Resolved: []Finding{}, Accounts: []AccountChange{}}
	was := map[string]Finding{}
	for _, f := range base.Findings {
		was[historyKey(f.Repo, f.Package)] = f
	}
	failing := map[string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		k := historyKey(f.Repo, f.Package)
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
		if f.Status.Fails() && !failing[historyKey(f.Repo, f.Package)] {
			h.Resolved = append(h.Resolved, f)
		}
	}
	before := map[string]Orphan{}
	for _, o := range base.Orphans {
		before[naming.Normalize(o.Package)] = o
	}
	for _, o := range r.Orphans {
		if prev, ok := before[naming.Normalize(o.Package)]; ok && known(prev.Status) && known(o.Status) {
			h.Accounts = appendChange(h.Accounts, o.Package, "", prev.Roles, o.Roles)
		}
	}
	r.History = h
}

// known reports whether a status comes with PyPI's roles.
func known(s Status) bool {
	return s != StatusUnverified && s != NotApplicable && s != ""
}

// appendChange appends the roles added and removed between two runs, if
// any. Accounts compare case-insensitively, as PyPI's usernames do.
func appendChange(cs []AccountChange, pkg, repo string, before, after []Role) []AccountChange {
	added, removed := roleDiff(after, before), roleDiff(before, after)
	if len(added) == 0 && len(removed) == 0 {
		return cs
	}
	return append(cs, AccountChange{Package: pkg, Repo: repo, Added: added, Removed: removed})
}

// roleDiff returns the roles of a that b lacks.
func roleDiff(a, b []Role) []Role {
	out := []Role{}
	for _, r := range a {
		if !slices.ContainsFunc(b, func(x Role) bool { return x.Role == r.Role && strings.EqualFold(x.User, r.User) }) {
			out = append(out, r)
		}
	}
	return out
}
