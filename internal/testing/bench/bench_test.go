// Package bench measures whole runs of the built pypiguard binary against
// the fake PyPI at a set latency: the wall time, the requests made and the
// peak RSS of each run (see BENCHMARKS.md for the command and the results).
// Its tests only check that the scenarios behave; the numbers are reported
// with b.ReportMetric, never asserted.
package bench

import (
	"math"
	"os"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// Latency is the fake PyPI's delay per request, a realistic round trip to
// pypi.org from a CI node.
const Latency = 50 * time.Millisecond

func TestMain(m *testing.M) {
	code := m.Run()
	fixture.RemoveBinary()
	os.Exit(code)
}

// runBinary runs pypiguard in dir and measures it (fixture.Run measures
// the peak RSS with /usr/bin/time, which the child's own rusage cannot).
func runBinary(tb testing.TB, dir string, args ...string) fixture.Result {
	tb.Helper()
	return fixture.Run(tb, dir, nil, args...)
}

// measures add up runs, reported as averages per run.
type measures struct {
	wall     time.Duration
	maxRSS   int64
	requests int
	runs     int
}

func (m *measures) add(r fixture.Result, requests int) {
	m.wall += r.Wall
	m.maxRSS = max(m.maxRSS, r.MaxRSS)
	m.requests += requests
	m.runs++
}

func (m *measures) report(b *testing.B) {
	b.ReportMetric(m.wall.Seconds()/float64(m.runs), "wall-s/run")
	b.ReportMetric(float64(m.maxRSS)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(m.requests)/float64(m.runs), "requests/run")
}

// bound is the network bound of n look-ups, c at a time, each taking
// latency: ceil(n/c) round trips.
func bound(n, c int, latency time.Duration) time.Duration {
	return time.Duration(math.Ceil(float64(n)/float64(c))) * latency
}

// loop runs pypiguard with args in dir once an iteration against pypi,
// wanting exit code want; each, when set, checks an iteration's PyPI
// requests (counted from zero). It reports the averages and returns them,
// for a benchmark's own metrics.
func loop(b *testing.B, pypi *fakepypi.Server, dir string, want int, args []string, each func(fakepypi.Counts)) measures {
	var m measures
	b.ResetTimer()
	for b.Loop() {
		pypi.ResetCounts()
		r := runBinary(b, dir, args...)
		mustCode(b, r, want)
		counts := pypi.Counts()
		if each != nil {
			each(counts)
		}
		m.add(r, counts.Total())
	}
	m.report(b)
	return m
}

func mustCode(tb testing.TB, r fixture.Result, want int) {
	tb.Helper()
	if r.Code != want {
		tb.Fatalf("exit %d, want %d\nstdout: %.2000s\nstderr: %.2000s", r.Code, want, r.Stdout, r.Stderr)
	}
}

func governanceRepo(tb testing.TB, base, head map[string][]byte) string {
	tb.Helper()
	r := fixture.NewRepo(tb)
	r.Commit("base", base)
	r.Commit("head", head)
	return r.Dir
}
