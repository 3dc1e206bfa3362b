package zuuljobs

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// fakeZuul is a tenant's builds API (GET /api/tenant/<t>/builds, newest
// first; job_name and result filter, result given twice matches either,
// limit caps) and the log server its artifact links point at.
type fakeZuul struct {
	srv     *httptest.Server
	mu      sync.Mutex
	builds  []map[string]any // newest first
	files   map[string]string
	queries []string
}

func newFakeZuul(t *testing.T) *fakeZuul {
	t.Helper()
	z := &fakeZuul{files: map[string]string{}}
	z.srv = httptest.NewServer(http.HandlerFunc(z.serve))
	t.Cleanup(z.srv.Close)
	return z
}

func (z *fakeZuul) api() string { return z.srv.URL + "/api/tenant/openstack" }

func (z *fakeZuul) serve(w http.ResponseWriter, r *http.Request) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if r.URL.Path == "/api/tenant/openstack/builds" {
		q := r.URL.Query()
		z.queries = append(z.queries, r.URL.RawQuery)
		limit, err := strconv.Atoi(q.Get("limit"))
		if err != nil {
			limit = 50
		}
		out := []map[string]any{}
		for _, b := range z.builds {
			if b["job_name"] == q.Get("job_name") && (len(q["result"]) == 0 || slices.Contains(q["result"], b["result"].(string))) && len(out) < limit {
				out = append(out, b)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
		return
	}
	if f, ok := z.files[r.URL.Path]; ok {
		http.ServeFile(w, r, f)
		return
	}
	http.NotFound(w, r)
}

// record adds a finished build of job, with the artifacts it returned
// made absolute against its log URL, as Zuul does, served from logRoot.
func (z *fakeZuul) record(job, result string, b *build, logRoot string) {
	z.mu.Lock()
	defer z.mu.Unlock()
	n := strconv.Itoa(len(z.builds) + 1)
	logURL := "/logs/" + n + "/"
	var artifacts []map[string]any
	zd, _ := b.data["zuul"].(map[string]any)
	arts, _ := zd["artifacts"].([]any)
	for _, a := range arts {
		a := a.(map[string]any)
		rel := a["url"].(string)
		z.files[logURL+rel] = filepath.Join(logRoot, filepath.FromSlash(rel))
		artifacts = append(artifacts, map[string]any{"name": a["name"], "url": z.srv.URL + path.Join(logURL, rel), "metadata": map[string]any{}})
	}
	build := map[string]any{"uuid": "build" + n, "job_name": job, "result": result, "log_url": z.srv.URL + logURL, "artifacts": artifacts}
	z.builds = append([]map[string]any{build}, z.builds...)
}

// TestWatchJob runs pypiguard-watch three times against one fake PyPI and
// one fake Zuul: the first build finds no state, says loudly that it starts
// now, and publishes one; the second finds it through the builds API (past
// a newer build that published none), reads the journal since it and
// fails on the account added in between; with PyPI down the third fails
// saying so and publishes no state.
func TestWatchJob(t *testing.T) {
	t.Parallel()
	pypi := pypiWorld(t, owned("oslo.config", "Owner", "openstackci"))
	z := newFakeZuul(t)
	vars := map[string]any{"pypiguard_pypi_url": pypi.URL, "pypiguard_zuul_api": z.api()}
	cfg := loadRepoConfig(t)

	ws := auditWorkspace(t)
	b := runJob(t, cfg, ws, "pypiguard-watch", "periodic", vars)
	if b.preRC != 0 || b.runRC != 0 || slices.ContainsFunc(b.postRCs, func(rc int) bool { return rc != 0 }) {
		t.Fatalf("first build: pre %d, run %d, post %v: want a pass\n%s", b.preRC, b.runRC, b.postRCs, b.log)
	}
	for _, want := range []string{"WARNING: no previous state", "starts at PyPI's current serial", "is MISSED", "WARNING: no audit report"} {
		if !strings.Contains(b.log, want) {
			t.Errorf("first build: the log lacks %q:\n%s", want, b.log)
		}
	}
	if s := publishedSerial(t, ws, b); s != pypi.LastSerial() {
		t.Fatalf("first build published serial %d, want PyPI's %d", s, pypi.LastSerial())
	}
	z.record("pypiguard-watch", "SUCCESS", b, ws.logRoot)
	z.record("pypiguard-watch", "FAILURE", &build{data: map[string]any{"zuul": map[string]any{}}}, t.TempDir()) // a failed poll: no state
	z.record("pypiguard-audit", "SUCCESS", &build{data: map[string]any{"zuul": map[string]any{}}}, t.TempDir())

	if err := pypi.Invite("oslo.config", "Owner", "mallory"); err != nil {
		t.Fatal(err)
	}
	if err := pypi.AcceptInvite("oslo.config", "mallory"); err != nil {
		t.Fatal(err)
	}
	ws = auditWorkspace(t)
	b = runJob(t, cfg, ws, "pypiguard-watch", "periodic", vars)
	if b.preRC != 0 || b.runRC == 0 || slices.ContainsFunc(b.postRCs, func(rc int) bool { return rc != 0 }) {
		t.Fatalf("second build: pre %d, run %d, post %v: want the run alone to fail\n%s", b.preRC, b.runRC, b.postRCs, b.log)
	}
	if !strings.Contains(b.log, "pypiguard watch ALERT (exit 1)") || !strings.Contains(b.log, `oslo.config: mallory can now upload as Owner (\"accepted Owner mallory\", serial`) ||
		strings.Contains(b.log, "no previous state") {
		t.Errorf("second build: want the alert in the failure, from the published state:\n%s", b.log)
	}
	if s := publishedSerial(t, ws, b); s != pypi.LastSerial() {
		t.Errorf("second build published serial %d, want PyPI's %d", s, pypi.LastSerial())
	}
	if q := z.queries; len(q) < 2 || !strings.Contains(q[len(q)-2], "job_name=pypiguard-watch&complete=true&result=SUCCESS&result=FAILURE") {
		t.Errorf("builds API queries: %q", q)
	}
	z.record("pypiguard-watch", "FAILURE", b, ws.logRoot)

	pypi.Fail(fakepypi.KindXMLRPC, 1000, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	ws = auditWorkspace(t)
	b = runJob(t, cfg, ws, "pypiguard-watch", "periodic", vars)
	if b.runRC == 0 || !strings.Contains(b.log, "could not read PyPI's journal (exit 3)") || strings.Contains(b.log, "no previous state") {
		t.Errorf("PyPI down: run %d: want a failure saying PyPI could not be read\n%s", b.runRC, b.log)
	}
	for _, a := range zuulData(t, b).Artifacts {
		if a.Name == "pypiguard watch state" {
			t.Errorf("PyPI down: a state was published: %+v", a)
		}
	}
}

// publishedSerial is the serial in the state the build returned as the
// artifact "pypiguard watch state", read under the log root it points into.
func publishedSerial(t *testing.T, ws *workspace, b *build) int64 {
	t.Helper()
	for _, a := range zuulData(t, b).Artifacts {
		if a.Name != "pypiguard watch state" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(ws.logRoot, filepath.FromSlash(a.URL)))
		var st struct{ Serial int64 }
		if err != nil || json.Unmarshal(data, &st) != nil {
			t.Fatalf("the published state %s: %v: %s", a.URL, err, data)
		}
		return st.Serial
	}
	t.Fatalf("no artifact \"pypiguard watch state\" returned:\n%s", b.log)
	return 0
}
