package pypi_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// unit is PyPI's second in these tests: the fake and the client both
// count the throttle's seconds in it, so that the 3-second window
// takes 300 ms.
const unit = 100 * time.Millisecond

// throttledScene is issue 16's case: 2 calls allowed per 3-second window
// (warehouse's limit of 3: the third is recorded and refused), 4 names that
// each need an XML-RPC call, --pypi-rate at one call a second. Before the
// pace adapted, 2 of the 4 ended unverified after 11 s.
func throttledScene(t testing.TB, n int, headers bool) (*fakepypi.Server, *pypi.Client, []string) {
	t.Helper()
	w, names := manyProjects(n, true)
	s := fakepypi.New(w, fakepypi.Options{Throttle: fakepypi.Throttle{Limit: 3, Window: 3 * unit, Unit: unit, Headers: headers}})
	t.Cleanup(s.Close)
	c := newClient(t, s, func(o *pypi.Options) {
		o.XMLRPCRate = float64(time.Second / unit)
		o.BackoffBase = unit
		o.MaxRetries = 4
	})
	pypi.SetSecond(c, unit)
	return s, c, names
}

func TestThrottledPaceAnswersEveryName(t *testing.T) {
	t.Parallel()
	for _, headers := range []bool{false, true} {
		t.Run(fmt.Sprintf("headers=%v", headers), func(t *testing.T) {
			t.Parallel()
			s, c, names := throttledScene(t, 4, headers)
			ctx, cancel := context.WithTimeout(context.Background(), 60*unit)
			defer cancel()
			for _, r := range c.Lookup(ctx, names) {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Name, r.Err)
				}
			}
			calls, n := s.XMLRPCCalls(), s.Counts()
			if headers {
				// Learned from the first answer: never throttled, and never
				// more than the 2 calls warehouse lets through per window.
				if most := fakepypi.MostInWindow(calls, 3*unit); most > 2 || n.Throttled != 0 {
					t.Errorf("%d calls in one window, %d throttled; want at most 2 and none", most, n.Throttled)
				}
				return
			}
			// Without headers, each throttle halves the pace: a couple of
			// refusals, not a refusal on every retry.
			if n.Throttled > 2 || len(calls) != len(names)+n.Throttled {
				t.Errorf("%d XML-RPC calls, %d throttled", len(calls), n.Throttled)
			}
		})
	}
}

// A throttle that never lifts is retried past MaxRetries until the next
// wait would pass the deadline; then the name is unverified, before the
// deadline, saying why.
func TestThrottleGivesUpOnlyAtTheDeadline(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{Throttle: fakepypi.Throttle{Forever: true, Unit: unit / 10}})
	c := newClient(t, s, func(o *pypi.Options) { o.XMLRPCRate = 100; o.MaxRetries = 2 })
	pypi.SetSecond(c, unit/10)
	const deadline = 20 * unit
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	e := mustFail(t, c, ctx, "unreleased")
	if !errors.Is(e, pypi.ErrRateLimited) || !errors.Is(e, context.DeadlineExceeded) || e.Attempts <= 3 || time.Since(start) > deadline {
		t.Errorf("got %v after %d attempts and %s", e, e.Attempts, time.Since(start))
	}
	if r := pypi.PaceRate(c); r >= 100 {
		t.Errorf("the pace is still %g calls a second", r)
	}
}
