package bench

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// TestScenariosIncremental runs issue 16's benchmark scenarios once,
// without latency and with small journal pages, so that CI notices when
// one stops doing what it measures: the incremental audit asks the serial,
// the pages, user_packages and the three changed packages; a watch poll
// asks at most twice and alerts; a throttled audit answers every package
// without more calls in a window than PyPI lets through.
func TestScenariosIncremental(t *testing.T) {
	t.Parallel()
	const pageSize, churn = 1000, 3500
	w := newWorld(t, fakepypi.Options{JournalPageSize: pageSize})
	baseline := w.baseline(t)
	w.fake.Churn(churn)
	// The watch starts after the churn: a poll reads until a page shorter
	// than PyPI's, so the fake's small pages would end it early.
	state := filepath.Join(t.TempDir(), "watch.json")
	saved := w.startWatch(t, state)
	w.threeChanges(t)
	t.Run("incremental audit", func(t *testing.T) {
		_, rep, c := incrementalRun(t, w, baseline)
		if pages := rep.Audit.JournalPages; pages != (rep.Audit.JournalEntries+pageSize-1)/pageSize || pages < churn/pageSize || c.Total() > 10+pages {
			t.Errorf("audit %+v, requests %+v", rep.Audit, c)
		}
	})
	t.Run("watch poll", func(t *testing.T) {
		if err := os.WriteFile(state, saved, 0o644); err != nil {
			t.Fatal(err)
		}
		w.poll(t, state, baseline)
	})
	t.Run("throttled", func(t *testing.T) {
		// With RateLimit headers, the pace learns the limit from the first
		// answer: nothing is refused. (Without, see BenchmarkThrottledAudit.)
		w.fake.SetThrottle(fakepypi.Throttle{Limit: 3, Window: 3 * time.Second, Headers: true})
		defer w.fake.SetThrottle(fakepypi.Throttle{})
		_, _, c := incrementalRun(t, w, baseline)
		if most := fakepypi.MostInWindow(w.fake.XMLRPCCalls(), 3*time.Second); most > 2 || c.Throttled != 0 {
			t.Errorf("%d calls in one window, %d throttled", most, c.Throttled)
		}
	})
}
