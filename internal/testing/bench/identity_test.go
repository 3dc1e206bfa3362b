package bench

import (
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// The cost of identities (issue 15): the same run with --identity=false
// and with identities, both against a fake Gerrit at Latency (read
// anonymously, as the Zuul jobs without the pypiguard_gerrit secret do:
// /groups/ answers 403, so every core question goes the long way), the
// difference being what identities add.

// idGerrit is a Gerrit at Latency knowing jdoe ("Jane Doe").
func idGerrit(b *testing.B) *fakegerrit.Server {
	g := fakegerrit.New(fakegerrit.Options{Latency: Latency})
	b.Cleanup(g.Close)
	g.AddAccount(fakegerrit.Account{Username: "jdoe", ID: 1001, Name: "Jane Doe"})
	return g
}

// dirtyAccounts are a stranger and a Gerrit account with a display name.
var dirtyAccounts = [][]string{{"Owner", "openstackci"}, {"Maintainer", "login.launchpad.net_154"}, {"Maintainer", "jdoe"}}

func idRun(b *testing.B, g *fakegerrit.Server, pypi *fakepypi.Server, dir string, code int, args ...string) {
	var m measures
	b.ResetTimer()
	for b.Loop() {
		pypi.ResetCounts()
		before := len(g.Requests())
		r := runBinary(b, dir, args...)
		mustCode(b, r, code)
		p := pypi.Counts()
		m.add(r, p.Total()+len(g.Requests())-before)
		b.ReportMetric(float64(p.Other), "user-pages/run")
		b.ReportMetric(float64(len(g.Requests())-before), "gerrit-requests/run")
	}
	m.report(b)
}

// BenchmarkIdentityCheck: the gate on the real onboarding of 3 xstatic
// deliverables, xstatic-tv4 held by a stranger and a Gerrit account.
func BenchmarkIdentityCheck(b *testing.B) {
	data := fixture.SharedData(b)
	dir := filepath.Join(data, "history", "gov-xstatic-onboarding")
	repo := governanceRepo(b, fixture.ReadTree(b, filepath.Join(dir, "base")), fixture.ReadTree(b, filepath.Join(dir, "head")))
	for _, on := range []string{"false", "true"} {
		b.Run("identity="+on, func(b *testing.B) {
			pypi := fakepypi.New(fakepypi.CleanWorld([]string{"xstatic-angular-schema-form", "xstatic-objectpath", "xstatic-tv4"},
				map[string]*fakepypi.Project{"xstatic-tv4": {Name: "xstatic-tv4", Roles: dirtyAccounts}}), fakepypi.Options{Latency: Latency})
			defer pypi.Close()
			pypi.SetUser(fakepypi.User{Username: "jdoe", DisplayName: "Jane Doe"})
			g := idGerrit(b)
			idRun(b, g, pypi, repo, 1, "check", "--repo", repo, "--project-config", filepath.Join(data, "project-config"),
				"--pypi-url", pypi.URL, "--gerrit-url", g.URL, "--identity="+on, "--log-level", "error")
		})
	}
}

// BenchmarkIdentityAudit: the full real audit, 20 packages each held by a
// stranger and a Gerrit account besides openstackci.
func BenchmarkIdentityAudit(b *testing.B) {
	data := fixture.SharedData(b)
	names := governedWorld(b, data)
	dirty := map[string]*fakepypi.Project{}
	for _, n := range names[:20] {
		dirty[n] = &fakepypi.Project{Name: n, Roles: dirtyAccounts}
	}
	for _, on := range []string{"false", "true"} {
		b.Run("identity="+on, func(b *testing.B) {
			pypi := fakepypi.New(fakepypi.CleanWorld(names, dirty), fakepypi.Options{Latency: Latency})
			defer pypi.Close()
			pypi.SetUser(fakepypi.User{Username: "jdoe", DisplayName: "Jane Doe"})
			g := idGerrit(b)
			idRun(b, g, pypi, b.TempDir(), 0, "audit", "--governance", filepath.Join(data, "governance"),
				"--project-config", filepath.Join(data, "project-config"), "--pypi-url", pypi.URL, "--gerrit-url", g.URL,
				"--identity="+on, "--out", b.TempDir(), "--fail-on", "never", "--log-level", "error")
		})
	}
}
