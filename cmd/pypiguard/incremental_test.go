package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestAuditIncremental runs the binary twice over the audit golden world:
// the second run, given the first's report.json, reads PyPI's journal and
// asks only about the package whose collaborators changed; --full and an
// old baseline ask everything, saying why.
func TestAuditIncremental(t *testing.T) {
	t.Parallel()
	td, pypi := auditWorld(t, fakepypi.Options{JournalPageSize: 10})
	args := []string{"--governance", "governance", "--project-config", "project-config", "--config", "policy.yaml",
		"--today", "2026-12-20", "--pypi-url", pypi.URL, "--pypi-rate", "50", "--fail-on", "new"}
	day := func(d int) []string { return []string{"SOURCE_DATE_EPOCH=" + strconv.Itoa(1797811200+d*86400)} }
	_, first, out := auditRunIn(t, td, day(0), args...)
	if first.Audit == nil || first.Audit.Serial != pypi.LastSerial() || first.Audit.Mode != report.AuditFull {
		t.Fatalf("first run's audit %+v, want the serial %d", first.Audit, pypi.LastSerial())
	}
	baseline := filepath.Join(out, "report.json")
	pypi.Churn(45)
	pypi.SetProject(fakepypi.Project{Name: "horizon", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}})
	pypi.ResetCounts()
	res, inc, incOut := auditRunIn(t, td, day(1), append(args, "--baseline", baseline)...)
	if res.Code != 1 {
		t.Errorf("exit %d, want 1 (a new violation): %s", res.Code, res.Stderr)
	}
	c := pypi.Counts()
	// The last serial, 5 journal pages, user_packages; one JSON look-up.
	if inc.Audit.Mode != report.AuditIncremental || inc.Audit.JournalPages != 5 || c.XMLRPC != 7 || c.JSON != 1 || c.Total() != 8 {
		t.Errorf("incremental audit %+v, requests %+v", inc.Audit, c)
	}
	carried := 0
	for _, f := range inc.Findings {
		switch {
		case f.Package == "horizon" && (f.CarriedFrom != nil || f.Status != report.ExtraMaintainers || f.Change != "new"):
			t.Errorf("horizon: %+v", f)
		case f.CarriedFrom != nil && f.CarriedFrom.Equal(first.GeneratedAt):
			carried++
		}
	}
	if carried < 8 {
		t.Errorf("%d findings carried from %s", carried, first.GeneratedAt)
	}
	md, err := os.ReadFile(filepath.Join(incOut, "report.md"))
	if err != nil || !strings.Contains(string(md), "Incremental audit: PyPI's journal from serial") || !strings.Contains(string(md), "carried from 2026-12-21 00:00:00 UTC") {
		t.Errorf("report.md does not say the audit was incremental (%v):\n%s", err, md)
	}
	for _, tc := range []struct {
		env  []string
		more []string
		why  string
	}{
		{day(1), []string{"--full"}, "--full was given"},
		{day(8), nil, "is older than --max-age 168h0m0s"},
		{day(3), []string{"--max-age", "48h"}, "is older than --max-age 48h0m0s"},
	} {
		_, r, _ := auditRunIn(t, td, tc.env, append(append(args, "--baseline", baseline), tc.more...)...)
		if r.Audit.Mode != report.AuditFull || !strings.Contains(r.Audit.FullReason, tc.why) {
			t.Errorf("%v: audit %+v, want full because %s", tc.more, r.Audit, tc.why)
		}
	}
	if res := fixture.Run(t, td, nil, append([]string{"audit", "--max-age", "0s"}, args...)...); res.Code != 2 {
		t.Errorf("--max-age 0s: exit %d, want 2", res.Code)
	}
}
