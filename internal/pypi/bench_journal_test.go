package pypi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// countingTransport counts the bytes of every answer's body.
type countingTransport struct {
	bytes atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		resp.Body = &countingBody{ReadCloser: resp.Body, n: &t.bytes}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// BenchmarkReadJournal reads a journal of N entries at PyPI's page size,
// as an incremental audit does: the last serial, then the pages. requests
// and MB are per read; the filter keeps one project's entries.
func BenchmarkReadJournal(b *testing.B) {
	for _, n := range []int{1000, 50_000, 150_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			s := newFake(b, fakepypi.Options{})
			since := s.LastSerial()
			s.Churn(n)
			s.SetProject(fakepypi.Project{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}, {"Owner", "mallory"}}})
			ct := &countingTransport{}
			var pages int
			b.ReportAllocs()
			for b.Loop() {
				c := newClient(b, s, func(o *pypi.Options) { o.HTTPClient = &http.Client{Transport: ct} })
				ctx := context.Background()
				last, err := c.LastSerial(ctx)
				if err != nil {
					b.Fatal(err)
				}
				j, err := c.ReadJournal(ctx, since, last, func(e pypi.JournalEntry) bool { return naming.Normalize(e.Name) == "oslo-config" })
				if err != nil || len(j.Entries) == 0 {
					b.Fatal(err)
				}
				pages = j.Pages
			}
			b.ReportMetric(float64(pages+1), "requests")
			b.ReportMetric(float64(ct.bytes.Load())/float64(b.N)/1e6, "MB/read")
		})
	}
}

// BenchmarkThrottled is issue 16's throttled case (2 calls allowed per
// 3-second window, refused calls counted, 4 names), PyPI's second scaled to
// 100 ms: pypi-seconds is the wall time in PyPI's seconds, throttled the
// calls PyPI refused, max-in-window the most calls in one window (PyPI lets
// 2 through).
func BenchmarkThrottled(b *testing.B) {
	for _, headers := range []bool{false, true} {
		b.Run(fmt.Sprintf("headers=%v", headers), func(b *testing.B) {
			var wall time.Duration
			var throttled, most, unverified int
			for b.Loop() {
				s, c, names := throttledScene(b, 4, headers)
				ctx, cancel := context.WithTimeout(context.Background(), 60*unit)
				start := time.Now()
				for _, r := range c.Lookup(ctx, names) {
					if r.Err != nil {
						unverified++
					}
				}
				wall += time.Since(start)
				cancel()
				throttled += s.Counts().Throttled
				most = max(most, fakepypi.MostInWindow(s.XMLRPCCalls(), 3*unit))
				s.Close()
			}
			b.ReportMetric(float64(wall)/float64(b.N)/float64(unit), "pypi-seconds")
			b.ReportMetric(float64(throttled)/float64(b.N), "throttled")
			b.ReportMetric(float64(most), "max-in-window")
			b.ReportMetric(float64(unverified)/float64(b.N), "unverified")
		})
	}
}
