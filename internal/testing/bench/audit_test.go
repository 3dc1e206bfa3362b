package bench

import (
	"fmt"
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// realAudit audits the real governance (all publishing repos, the retired
// ones, and the reverse audit) against a world where every package exists,
// with concurrency c.
func realAudit(b *testing.B, c int) {
	data := fixture.SharedData(b)
	names := governedWorld(b, data)
	dirty := map[string]*fakepypi.Project{
		"python-novaclient": {Name: "python-novaclient", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "oldcore"}}},
		"quantum":           {Name: "quantum", Roles: [][]string{{"Owner", "openstackci"}}},
	}
	pypi := fakepypi.New(fakepypi.CleanWorld(names, dirty), fakepypi.Options{Latency: Latency})
	defer pypi.Close()
	args := []string{"audit", "--governance", filepath.Join(data, "governance"), "--project-config", filepath.Join(data, "project-config"),
		"--pypi-url", pypi.URL, "--pypi-concurrency", fmt.Sprint(c), "--out", b.TempDir(), "--fail-on", "never", "--log-level", "error"}
	var json int
	m := loop(b, pypi, b.TempDir(), 0, args, func(counts fakepypi.Counts) {
		json = counts.JSON
		if counts.Simple+counts.HTML != 0 || counts.XMLRPC != 2 {
			b.Fatalf("requests beyond one JSON per package, user_packages and changelog_last_serial: %+v", counts)
		}
	})
	b.ReportMetric(float64(json), "packages")
	b.ReportMetric(bound(json, c, Latency).Seconds(), "bound-s")
	b.ReportMetric(m.wall.Seconds()/float64(m.runs)/bound(json, c, Latency).Seconds(), "ratio-to-bound")
}

// BenchmarkAuditReal is the full audit, the default way (8 look-ups in
// flight) and the way openstack/releases asks today (one at a time).
func BenchmarkAuditReal(b *testing.B) {
	b.Run("concurrency=8", func(b *testing.B) { realAudit(b, 8) })
	b.Run("concurrency=1", func(b *testing.B) { realAudit(b, 1) })
}
