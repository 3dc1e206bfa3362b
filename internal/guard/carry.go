package guard

import (
	"context"
	"slices"
	"sync"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// answer is what PyPI said about a name in an earlier run, and when it
// said it.
type answer struct {
	own  pypi.Ownership
	from time.Time
}

// carrier is a Lookuper that answers from a baseline the names PyPI's
// journal shows unchanged, and asks PyPI the others. With no answers it
// only counts what is asked (a full audit).
type carrier struct {
	Lookuper
	answers map[string]answer // normalized name -> the baseline's answer
	fresh   map[string]bool   // normalized names to ask whatever the baseline says
	// expect, when set, is told how many names each batch asks PyPI
	// (AuditInput.Expect): only those, not the ones carried.
	expect func(int)

	mu      sync.Mutex
	carried map[string]time.Time // normalized names answered from the baseline
	asked   map[string]bool      // normalized names asked of PyPI
}

func newCarrier(l Lookuper, answers map[string]answer) *carrier {
	return &carrier{Lookuper: l, answers: answers, fresh: map[string]bool{}, carried: map[string]time.Time{}, asked: map[string]bool{}}
}

// Lookup answers names in order: from the baseline where it may, from PyPI
// otherwise, in one batch; expect is told how many distinct names that
// batch asks (the client asks each once).
func (c *carrier) Lookup(ctx context.Context, names []string) []pypi.Result {
	results := make([]pypi.Result, len(names))
	var ask []string
	var idx []int
	distinct := map[string]bool{}
	c.mu.Lock()
	for i, n := range names {
		norm := naming.Normalize(n)
		if a, ok := c.answers[norm]; ok && !c.fresh[norm] {
			own := a.own
			own.Roles = slices.Clone(a.own.Roles)
			results[i] = pypi.Result{Name: n, Ownership: &own}
			c.carried[norm] = a.from
			continue
		}
		c.asked[norm], distinct[norm] = true, true
		ask, idx = append(ask, n), append(idx, i)
	}
	c.mu.Unlock()
	if len(ask) == 0 {
		return results
	}
	if c.expect != nil {
		c.expect(len(distinct))
	}
	for k, r := range c.Lookuper.Lookup(ctx, ask) {
		results[idx[k]] = r
	}
	return results
}

// carriedFrom is when the baseline's answer about pkg was asked, nil when
// PyPI was asked today.
func (c *carrier) carriedFrom(pkg string) *time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	norm := naming.Normalize(pkg)
	t, ok := c.carried[norm]
	if !ok || c.asked[norm] {
		return nil
	}
	return &t
}

// carriable are the statuses whose finding shows all that PyPI said: the
// roles, the organization and whether the project exists. An unverified
// finding (nothing known, or an organization PyPI could not show) is asked
// again.
var carriable = []report.Status{report.Clean, report.ExtraMaintainers, report.NotOwner,
	report.OrganizationOwned, report.Exempt, report.Pending}

// baselineAnswers reads back from a report what PyPI answered about each
// name: its findings, the other names looked up beside them, its orphans
// and the names it found absent. An answer carried into the baseline keeps
// the time it was asked.
func baselineAnswers(base *report.Report) map[string]answer {
	m := map[string]answer{}
	at := func(c *time.Time) time.Time {
		if c != nil {
			return *c
		}
		return base.GeneratedAt
	}
	add := func(name string, s report.Status, roles []report.Role, org string, from time.Time) {
		if !slices.Contains(carriable, s) || name == "" || slices.ContainsFunc(roles, func(r report.Role) bool { return r.Role == pypi.RoleUnknown }) {
			return // roles read from the project page alone: ask again
		}
		own := pypi.Ownership{Name: naming.Normalize(name), Exists: s != report.Pending, Organization: org}
		for _, r := range roles {
			own.Roles = append(own.Roles, pypi.Role{Role: r.Role, User: r.User})
		}
		m[naming.Normalize(name)] = answer{own: own, from: from}
	}
	for _, f := range base.Findings {
		add(f.Package, f.Status, f.Roles, f.Organization, at(f.CarriedFrom))
		for _, a := range f.AlsoChecked {
			if a.Error == "" {
				add(a.Name, a.Status, a.Accounts, a.Organization, at(f.CarriedFrom))
			}
		}
	}
	for _, o := range base.Orphans {
		add(o.Package, o.Status, o.Roles, o.Organization, at(o.CarriedFrom))
	}
	if base.Audit != nil {
		for _, n := range base.Audit.Absent {
			add(n, report.Pending, nil, "", base.GeneratedAt)
		}
	}
	return m
}
