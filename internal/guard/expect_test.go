package guard_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// TestAuditExpectsWhatItAsks: the look-ups an audit announces (the
// progress bar's total) are the ones the client makes, in a full audit and
// in an incremental one, which asks a few names and carries the rest.
func TestAuditExpectsWhatItAsks(t *testing.T) {
	t.Parallel()
	s := newScene(t, 0)
	run := func(base *report.Report, now time.Time) (*report.Report, int64, int64) {
		g, err := governance.Parse(s.gov, nil)
		if err != nil {
			t.Fatal(err)
		}
		pc, err := projectconfig.Parse(s.pc, nil)
		if err != nil {
			t.Fatal(err)
		}
		client, err := pypi.New(pypi.Options{BaseURL: s.pypi.URL, XMLRPCRate: 1000, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		var expected, asked atomic.Int64
		client.SetProgress(func() { asked.Add(1) })
		d := &guard.Deps{PyPI: client, Names: &names.Resolver{Overrides: s.pol.Names}, Policy: s.pol, Today: now,
			Loader: guard.Parsed{Gov: g, Config: pc}, Started: now}
		in := guard.AuditInput{Baseline: base, Reverse: true, Expect: func(n int) { expected.Add(int64(n)) },
			Incremental: guard.Incremental{Journal: client, Now: now}}
		r, err := guard.Audit(context.Background(), d, in)
		if err != nil {
			t.Fatal(err)
		}
		return r, expected.Load(), asked.Load()
	}
	base, expected, asked := run(nil, day0)
	if expected != asked || asked < 15 {
		t.Errorf("full audit: expected %d look-ups, made %d", expected, asked)
	}
	s.pypi.SetProject(fakepypi.Project{Name: "horizon", Roles: roles("Owner", "openstackci", "Maintainer", "mallory")})
	inc, expected, asked := run(base, day0.Add(time.Hour))
	if inc.Audit.Mode != report.AuditIncremental || expected != asked || asked == 0 || asked > 2 {
		t.Errorf("incremental audit (%s): expected %d look-ups, made %d", inc.Audit.Mode, expected, asked)
	}
}
