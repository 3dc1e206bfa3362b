package bench

import (
	"bytes"
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// checkRun checks the change of repo against a fake PyPI at Latency.
func checkRun(b *testing.B, repo string, wantRequests int) {
	data := fixture.SharedData(b)
	pypi := fakepypi.New(fakepypi.CleanWorld([]string{"xstatic-angular-schema-form", "xstatic-objectpath", "xstatic-tv4"}, nil), fakepypi.Options{Latency: Latency})
	defer pypi.Close()
	args := []string{"check", "--repo", repo, "--project-config", filepath.Join(data, "project-config"), "--pypi-url", pypi.URL, "--log-level", "error"}
	m := loop(b, pypi, repo, 0, args, func(c fakepypi.Counts) {
		if n := c.Total(); n != wantRequests {
			b.Fatalf("%d PyPI requests, want %d", n, wantRequests)
		}
	})
	b.ReportMetric(float64(m.wall.Milliseconds())/float64(m.runs)-float64(Latency.Milliseconds()), "ms-beyond-one-round-trip")
}

// BenchmarkCheck is the gate on a typical change (the real onboarding of 3
// xstatic deliverables) and on a change touching no deliverable (a liaison
// edit of the real projects.yaml).
func BenchmarkCheck(b *testing.B) {
	data := fixture.SharedData(b)
	b.Run("3-new-deliverables", func(b *testing.B) {
		dir := filepath.Join(data, "history", "gov-xstatic-onboarding")
		repo := governanceRepo(b, fixture.ReadTree(b, filepath.Join(dir, "base")), fixture.ReadTree(b, filepath.Join(dir, "head")))
		checkRun(b, repo, 3)
	})
	b.Run("no-deliverable", func(b *testing.B) {
		base := fixture.ReadTree(b, filepath.Join(data, "governance"))
		head := map[string][]byte{}
		for p, d := range base {
			head[p] = d
		}
		p := "reference/projects.yaml"
		head[p] = bytes.Replace(base[p], []byte("name: 'Callum Dickinson'"), []byte("name: 'Someone Else'"), 1)
		if bytes.Equal(head[p], base[p]) {
			b.Fatal("the liaison edit did not apply")
		}
		checkRun(b, governanceRepo(b, base, head), 0)
	})
}
