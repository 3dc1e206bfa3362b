package report

import (
	"reflect"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		statuses []Status
		want     Verdict
	}{
		{"nothing to judge passes", nil, Pass},
		{"clean, pending, exempt and not-applicable pass", []Status{Clean, Pending, Exempt, NotApplicable}, Pass},
		{"unverified is never called clean", []Status{Clean, StatusUnverified}, Unverified},
		{"a violation fails even beside unverified", []Status{StatusUnverified, ExtraMaintainers}, Fail},
		{"the owner missing fails", []Status{NotOwner}, Fail},
		{"an organization fails", []Status{Clean, OrganizationOwned}, Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{Events: make([]Event, 2)}
			for _, s := range tc.statuses {
				r.Findings = append(r.Findings, Finding{Status: s})
			}
			r.Summarize()
			if r.Verdict != tc.want {
				t.Errorf("verdict %s, want %s", r.Verdict, tc.want)
			}
			if r.Summary.Events != 2 || r.Summary.Findings != len(tc.statuses) {
				t.Errorf("summary %+v: want 2 events and %d findings", r.Summary, len(tc.statuses))
			}
			for _, s := range tc.statuses {
				if r.Summary.ByStatus[s] == 0 {
					t.Errorf("ByStatus lacks %s: %v", s, r.Summary.ByStatus)
				}
			}
		})
	}
}

func TestCompareWith(t *testing.T) {
	t.Parallel()
	owner := Role{Role: "Owner", User: "openstackci"}
	bob := Role{Role: "Maintainer", User: "bob"}
	eve := Role{Role: "Maintainer", User: "eve"}
	f := func(repo, pkg string, s Status, roles ...Role) Finding {
		return Finding{Repo: repo, Package: pkg, Status: s, Roles: roles}
	}
	base := &Report{GeneratedAt: time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC), Findings: []Finding{
		f("openstack/a", "a", ExtraMaintainers, owner, bob),   // still failing: unchanged
		f("openstack/b", "b", ExtraMaintainers, owner, bob),   // fixed: resolved
		f("openstack/c", "c", Clean, owner),                   // eve appears: new, and an account change
		f("openstack/d", "d", StatusUnverified),               // unknown before: no account change
		f("openstack/e", "Old.Name", ExtraMaintainers, owner), // same package, other spelling
	}, Orphans: []Orphan{{Package: "orphan", Status: Clean, Roles: []Role{owner}}}}
	r := &Report{Findings: []Finding{
		f("openstack/a", "a", ExtraMaintainers, owner, Role{Role: "Maintainer", User: "BOB"}),
		f("openstack/b", "b", Clean, owner),
		f("openstack/c", "c", ExtraMaintainers, owner, eve),
		f("openstack/d", "d", ExtraMaintainers, owner, eve),
		f("openstack/e", "old-name", ExtraMaintainers, owner),
	}, Orphans: []Orphan{{Package: "Orphan", Status: Clean, Roles: []Role{owner, eve}}}}
	r.CompareWith(base)
	h := r.History
	if h.Baseline != "2026-11-01 06:00 UTC" || h.New != 2 || h.Unchanged != 2 {
		t.Errorf("history %+v: want 2 new (c, d) and 2 unchanged (a, e)", h)
	}
	var changes []string
	for _, f := range r.Findings {
		changes = append(changes, f.Change)
	}
	if want := []string{"unchanged", "", "new", "new", "unchanged"}; !reflect.DeepEqual(changes, want) {
		t.Errorf("changes %q, want %q", changes, want)
	}
	if len(h.Resolved) != 1 || h.Resolved[0].Repo != "openstack/b" {
		t.Errorf("resolved %+v, want openstack/b", h.Resolved)
	}
	want := []AccountChange{
		{Package: "b", Repo: "openstack/b", Added: []Role{}, Removed: []Role{bob}},
		{Package: "c", Repo: "openstack/c", Added: []Role{eve}, Removed: []Role{}},
		{Package: "Orphan", Added: []Role{eve}, Removed: []Role{}},
	}
	if !reflect.DeepEqual(h.Accounts, want) {
		t.Errorf("account changes\n%+v\nwant\n%+v", h.Accounts, want)
	}
}

func TestStatusLabelFollowsTheOwner(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s     Status
		owner string
		want  string
	}{
		{NotOwner, "openstackci", "openstackci-not-owner"},
		{NotOwner, "starlingxci", "starlingxci-not-owner"},
		{NotOwner, "", "openstackci-not-owner"}, // read back from JSON: the id
		{ExtraMaintainers, "starlingxci", "extra-maintainers"},
	} {
		if got := tc.s.Label(tc.owner); got != tc.want {
			t.Errorf("%s under %q reads %q, want %q", tc.s, tc.owner, got, tc.want)
		}
	}
}
