package bench

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// DayOfJournal is a day of PyPI's journal in entries, about what pypi.org
// writes on a working day: four full pages and part of a fifth.
const DayOfJournal = 210_000

// world is the fake PyPI over the real governed set, served through a
// handler that counts the bytes of every answer.
type world struct {
	fake  *fakepypi.Server
	URL   string
	bytes atomic.Int64
	data  string // the real OpenStack files
}

func newWorld(tb testing.TB, o fakepypi.Options) *world {
	tb.Helper()
	data := fixture.SharedData(tb)
	w := &world{fake: fakepypi.New(fakepypi.CleanWorld(governedWorld(tb, data), nil), o), data: data}
	hs := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.fake.Handler().ServeHTTP(countingWriter{ResponseWriter: rw, n: &w.bytes}, r)
	}))
	tb.Cleanup(hs.Close)
	tb.Cleanup(w.fake.Close)
	w.URL = hs.URL
	return w
}

// countingWriter counts the bytes of an answer's body.
type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// auditArgs are the real audit's arguments against w, writing to out.
func (w *world) auditArgs(out string, more ...string) []string {
	return append([]string{"audit", "--governance", filepath.Join(w.data, "governance"), "--project-config", filepath.Join(w.data, "project-config"),
		"--pypi-url", w.URL, "--out", out, "--fail-on", "never", "--log-level", "error"}, more...)
}

// baseline runs a full audit and returns its report.json.
func (w *world) baseline(tb testing.TB) string {
	tb.Helper()
	out := tb.TempDir()
	mustCode(tb, runBinary(tb, tb.TempDir(), w.auditArgs(out)...), 0)
	return filepath.Join(out, "report.json")
}

// threeChanges are three collaborator changes to governed packages, as
// PyPI journals them: an account added, an invitation accepted, and an
// Owner demoted.
func (w *world) threeChanges(tb testing.TB) {
	tb.Helper()
	w.fake.SetProject(fakepypi.Project{Name: "python-novaclient", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}})
	if err := w.fake.Invite("oslo.config", "Owner", "eve"); err != nil {
		tb.Fatal(err)
	}
	if err := w.fake.AcceptInvite("oslo.config", "eve"); err != nil {
		tb.Fatal(err)
	}
	w.fake.SetProject(fakepypi.Project{Name: "keystoneauth1", Roles: [][]string{{"Maintainer", "openstackci"}}})
}

// readAudit reads the audit section of a report.json.
func readAudit(tb testing.TB, path string) *report.Report {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil || r.Audit == nil {
		tb.Fatalf("%s: %v, audit %v", path, err, r.Audit)
	}
	return &r
}

// incrementalRun is one incremental audit from baseline; it fails tb
// unless the audit was incremental and asked what the issue allows: the
// serial, the journal's pages, user_packages and one JSON look-up a
// changed package (three here). Calls PyPI refused while throttling are
// not counted.
func incrementalRun(tb testing.TB, w *world, baseline string) (fixture.Result, *report.Report, fakepypi.Counts) {
	tb.Helper()
	w.fake.ResetCounts()
	out := tb.TempDir()
	r := runBinary(tb, tb.TempDir(), w.auditArgs(out, "--baseline", baseline)...)
	mustCode(tb, r, 0)
	rep := readAudit(tb, filepath.Join(out, "report.json"))
	c := w.fake.Counts()
	a := rep.Audit
	if a.Mode != report.AuditIncremental || c.JSON != 3 || c.XMLRPC-c.Throttled != a.JournalPages+2 || c.Total()-c.Throttled > 10+a.JournalPages {
		tb.Fatalf("audit %+v, requests %+v: want incremental, 3 JSON look-ups, the serial, the pages and user_packages", a, c)
	}
	return r, rep, c
}

// BenchmarkIncrementalAudit is issue 16's first target: the real audit
// after three collaborator changes and a day of PyPI's journal, from the
// report of a full audit (run once, not measured), at 50 ms a request.
func BenchmarkIncrementalAudit(b *testing.B) {
	w := newWorld(b, fakepypi.Options{Latency: Latency})
	baseline := w.baseline(b)
	w.fake.Churn(DayOfJournal)
	w.threeChanges(b)
	var m measures
	var pages, entries int
	w.bytes.Store(0)
	b.ResetTimer()
	for b.Loop() {
		r, rep, c := incrementalRun(b, w, baseline)
		m.add(r, c.Total())
		pages, entries = rep.Audit.JournalPages, rep.Audit.JournalEntries
	}
	m.report(b)
	b.ReportMetric(float64(w.bytes.Load())/float64(m.runs)/1e6, "MB-read/run")
	b.ReportMetric(float64(pages), "journal-pages")
	b.ReportMetric(float64(entries), "journal-entries")
}

// BenchmarkWatchPoll is the second target: one poll of the watch, five
// minutes of PyPI's journal (about 1,000 entries) after three changes,
// from a state file and the baseline audit's report.
func BenchmarkWatchPoll(b *testing.B) {
	w := newWorld(b, fakepypi.Options{Latency: Latency})
	baseline := w.baseline(b)
	state := filepath.Join(b.TempDir(), "watch.json")
	saved := w.startWatch(b, state)
	w.fake.Churn(1000)
	w.threeChanges(b)
	var m measures
	b.ResetTimer()
	for b.Loop() {
		if err := os.WriteFile(state, saved, 0o644); err != nil {
			b.Fatal(err)
		}
		r, c := w.poll(b, state, baseline)
		m.add(r, c.Total())
	}
	m.report(b)
}

// startWatch makes the state file with a first poll (PyPI's current
// serial) and returns it.
func (w *world) startWatch(tb testing.TB, state string) []byte {
	tb.Helper()
	mustCode(tb, runBinary(tb, tb.TempDir(), "watch", "--state", state, "--pypi-url", w.URL, "--log-level", "error"), 0)
	saved, err := os.ReadFile(state)
	if err != nil {
		tb.Fatal(err)
	}
	return saved
}

// poll runs one watch poll after threeChanges: two alerts (exit 1: the
// account added, the invitation accepted; the invitation and the demotion
// are information), in at most two requests (user_packages and one journal
// page).
func (w *world) poll(tb testing.TB, state, baseline string) (fixture.Result, fakepypi.Counts) {
	tb.Helper()
	w.fake.ResetCounts()
	r := runBinary(tb, tb.TempDir(), "watch", "--state", state, "--audit-report", baseline, "--pypi-url", w.URL, "--format", "json", "--log-level", "error")
	mustCode(tb, r, 1)
	alerts := 0
	for _, line := range splitLines(r.Stdout) {
		var e report.WatchEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			tb.Fatalf("%q: %v", line, err)
		}
		if e.Alert {
			alerts++
		}
	}
	if c := w.fake.Counts(); c.Total() > 2 || alerts != 2 {
		tb.Fatalf("requests %+v, %d alerts, want at most 2 requests and 2 alerts:\n%s", c, alerts, r.Stdout)
	}
	return r, w.fake.Counts()
}

// BenchmarkThrottledAudit is the third target: the incremental audit
// while PyPI throttles XML-RPC as warehouse does, 2 calls let through per
// 3-second window, with and without RateLimit headers. The binary paces
// at its default, one call a second, so it is throttled until it learns.
// Every package must be answered (exit 0, nothing unverified);
// max-in-window is the most XML-RPC calls that arrived in one window.
func BenchmarkThrottledAudit(b *testing.B) {
	for _, headers := range []bool{false, true} {
		b.Run(fmt.Sprintf("headers=%v", headers), func(b *testing.B) {
			w := newWorld(b, fakepypi.Options{Latency: Latency})
			baseline := w.baseline(b)
			w.fake.Churn(2 * 50_000)
			w.threeChanges(b)
			var m measures
			var throttled, most int
			b.ResetTimer()
			for b.Loop() {
				w.fake.SetThrottle(fakepypi.Throttle{Limit: 3, Window: 3 * time.Second, Headers: headers})
				r, _, c := incrementalRun(b, w, baseline)
				m.add(r, c.Total())
				throttled += c.Throttled
				most = max(most, fakepypi.MostInWindow(w.fake.XMLRPCCalls(), 3*time.Second))
			}
			m.report(b)
			b.ReportMetric(float64(throttled)/float64(m.runs), "throttled/run")
			b.ReportMetric(float64(most), "max-in-window")
		})
	}
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		if i > 0 {
			out = append(out, s[:i])
		}
		s = s[min(i+1, len(s)):]
	}
	return out
}
