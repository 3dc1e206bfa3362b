package pypi_test

import (
	"context"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// benchLookup looks names up with a fresh client each round (a client
// answers a name it has seen from its cache) and returns the mean wall time
// of a round.
func benchLookup(b *testing.B, s *fakepypi.Server, names []string, edit func(*pypi.Options)) time.Duration {
	b.Helper()
	var total time.Duration
	rounds := 0
	for b.Loop() {
		c := newClient(b, s, edit)
		start := time.Now()
		for _, r := range c.Lookup(context.Background(), names) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		total += time.Since(start)
		rounds++
		c.CloseIdleConnections()
	}
	return total / time.Duration(rounds)
}

// BenchmarkLookupJSON: 400 names on the JSON path, 50 ms a request, 8 in
// flight. No schedule beats ceil(400/8) x 50 ms = 2.5 s; x-bound is the
// wall time over that bound.
func BenchmarkLookupJSON(b *testing.B) {
	const n, concurrency, latency = 400, 8, 50 * time.Millisecond
	w, names := manyProjects(n, false)
	s := fakepypi.New(w, fakepypi.Options{Latency: latency})
	defer s.Close()
	mean := benchLookup(b, s, names, func(o *pypi.Options) { o.Concurrency = concurrency })
	bound := time.Duration((n+concurrency-1)/concurrency) * latency
	b.ReportMetric(float64(mean)/float64(bound), "x-bound")
	b.ReportMetric(float64(s.Counts().MaxInFlight), "max-in-flight")
}

// BenchmarkLookupXMLRPC: names without releases, so each needs one
// package_roles call, at 5 calls a second. pace-ratio is the achieved call
// rate over the configured one: it must never exceed 1. min-gap/interval
// compares the closest two calls, as the fake saw them arrive, with the
// configured interval; arrival jitter can put it a little under 1.
func BenchmarkLookupXMLRPC(b *testing.B) {
	const n, perSecond = 10, 5.0
	w, names := manyProjects(n, true)
	s := fakepypi.New(w, fakepypi.Options{Latency: 5 * time.Millisecond})
	defer s.Close()
	benchLookup(b, s, names, func(o *pypi.Options) { o.XMLRPCRate = perSecond })
	calls := s.XMLRPCCalls()
	minGap := time.Hour
	for i := 1; i < n; i++ { // the first round's calls: each round has its own client and pace
		minGap = min(minGap, calls[i].Sub(calls[i-1]))
	}
	span := calls[n-1].Sub(calls[0])
	b.ReportMetric(float64(n-1)/span.Seconds()/perSecond, "pace-ratio")
	b.ReportMetric(float64(minGap)/float64(time.Second/time.Duration(perSecond)), "min-gap/interval")
}
