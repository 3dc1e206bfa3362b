package gerrit_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const (
	projectsV1 = "horizon:\n  deliverables:\n    horizon:\n      repos:\n        - openstack/horizon\n"
	projectsV2 = projectsV1 + "    xstatic-tv4:\n      repos:\n        - openstack/xstatic-tv4\n"
	sigs       = "Some SIG:\n  - repo: openstack/sig-thing\n"
)

// world is a fake Gerrit serving openstack/governance, where change 1001
// modifies projects.yaml, deletes legacy.yaml and renames sigs-repos.yaml
// to technical-committee-repos.yaml.
type world struct {
	fake       *fakegerrit.Server
	repo       *fixture.Repo
	base, head string
	n          int
}

func newWorld(t *testing.T, o fakegerrit.Options) *world {
	t.Helper()
	w := &world{fake: fakegerrit.New(o), repo: fixture.NewRepo(t)}
	t.Cleanup(w.fake.Close)
	w.base = w.repo.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(projectsV1),
		"reference/legacy.yaml": []byte("{}\n"), "reference/sigs-repos.yaml": []byte(sigs), "README": []byte("r\n")})
	fixture.Git(t, w.repo.Dir, "checkout", "-q", "-b", "change")
	w.head = w.repo.Commit("change", map[string][]byte{"reference/projects.yaml": []byte(projectsV2),
		"reference/legacy.yaml": nil, "reference/sigs-repos.yaml": nil, "reference/technical-committee-repos.yaml": []byte(sigs)})
	w.fake.AddProject("openstack/governance", w.repo.Dir)
	w.fake.AddAccount(fakegerrit.Account{Username: "bot", Password: secret, Grants: map[string]fakegerrit.Range{"Verified": {Min: -1, Max: 1}}})
	w.n = w.fake.AddChange("openstack/governance", "master", w.head)
	return w
}

func (w *world) client(t *testing.T, creds bool) *gerrit.Client {
	t.Helper()
	return botClient(t, w.fake, creds)
}

// botClient is a client of f that retries at once, signed in as "bot" when
// creds is set.
func botClient(t *testing.T, f *fakegerrit.Server, creds bool) *gerrit.Client {
	t.Helper()
	o := gerrit.Options{URL: f.URL, BackoffBase: time.Millisecond}
	if creds {
		o.Credentials = gerrit.Credentials{Username: "bot", Password: secret, Source: "the test"}
	}
	c, err := gerrit.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func noViolations(t *testing.T, f *fakegerrit.Server) {
	t.Helper()
	if v := f.Violations(); len(v) != 0 {
		t.Errorf("off-spec requests: %q", v)
	}
}

func TestReadChangeReadsBothSidesInEitherEncoding(t *testing.T) {
	t.Parallel()
	for _, accept := range []string{"", "*/*"} {
		w := newWorld(t, fakegerrit.Options{ProxyAccept: accept})
		got, err := w.client(t, false).ReadChange(context.Background(), "openstack/governance~1001", w.head, changes.Paths, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := (&source.Git{Dir: w.repo.Dir}).ReadChange(context.Background(), w.base, w.head, changes.Paths)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Base, want.Base) || !reflect.DeepEqual(got.Head, want.Head) || got.BaseRev != w.base || got.HeadRev != w.head {
			t.Errorf("Accept %q: got %+v\nwant %+v", accept, got, want)
		}
		// The rename's old path is not among the files Gerrit takes
		// comments on.
		touched := map[string]bool{"reference/projects.yaml": true, "reference/legacy.yaml": true, "reference/technical-committee-repos.yaml": true}
		if !reflect.DeepEqual(got.Touched, touched) {
			t.Errorf("touched %v", got.Touched)
		}
		for _, r := range w.fake.Requests() {
			if strings.Contains(r.Path, "gerrit%2Fprojects.yaml/content?parent=1") || strings.HasPrefix(r.Path, "/a/") {
				t.Errorf("unexpected request %s", r.Path)
			}
		}
		noViolations(t, w.fake)
	}
}

func TestReadChangeTakesEveryChangeIDForm(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	key := w.fake.Change(w.n).ChangeID
	for _, id := range []string{"1001", "openstack/governance~1001", "openstack%2Fgovernance~1001", "openstack%2Fgovernance~master~" + key, "openstack/governance~refs/heads/master~" + key} {
		c, err := w.client(t, true).ReadChange(context.Background(), id, strings.ToUpper(w.head), changes.Paths, nil)
		if err != nil || string(c.Head["reference/projects.yaml"]) != projectsV2 {
			t.Errorf("%s: %v", id, err)
		}
	}
	noViolations(t, w.fake)
	if c, err := w.client(t, true).ReadChange(context.Background(), "1002", w.head, changes.Paths, nil); !gerrit.IsNotFound(err) || c != nil {
		t.Errorf("unknown change: %v", err)
	}
}

func dirtyReport() *report.Report {
	return &report.Report{Verdict: report.Fail, Touched: []string{"reference/projects.yaml"},
		Events:   []report.Event{{Kind: "new-deliverable", Repos: []string{"openstack/xstatic-tv4"}, File: "reference/projects.yaml", Line: 6}},
		Findings: []report.Finding{{Repo: "openstack/xstatic-tv4", Package: "xstatic-tv4", Status: report.ExtraMaintainers, Message: "m", File: "reference/projects.yaml", Line: 6}}}
}

func TestPostSendsOneReviewOnTheCommit(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	out, err := w.client(t, true).Post(context.Background(), "openstack%2Fgovernance~1001", w.head, gerrit.BuildReview(dirtyReport(), votes))
	if err != nil || !out.Posted || !reflect.DeepEqual(out.Applied, map[string]int{"Verified": -1}) {
		t.Fatalf("%+v %v", out, err)
	}
	rs := w.fake.Reviews()
	if len(rs) != 1 {
		t.Fatalf("%d reviews", len(rs))
	}
	r := rs[0]
	in := r.Input
	cs := in.Comments["reference/projects.yaml"]
	if r.Revision != w.head || r.Account != "bot" || in.Tag != "autogenerated:pypiguard" || in.Notify != "OWNER_REVIEWERS" || !in.OmitDuplicateComments ||
		!reflect.DeepEqual(in.Labels, map[string]int{"Verified": -1}) || len(cs) != 1 || cs[0].Line != 6 || cs[0].Unresolved == nil || !*cs[0].Unresolved ||
		!strings.HasPrefix(in.Message, "pypiguard: FAIL") {
		t.Errorf("%+v", r)
	}
	reqs := w.fake.Requests()
	if len(reqs) != 2 || reqs[0].Path != "/a/changes/openstack%2Fgovernance~1001?o=CURRENT_REVISION" || reqs[1].Method != "POST" {
		t.Errorf("requests %+v", reqs)
	}
	noViolations(t, w.fake)
}

func TestPostNothingOnAnOutdatedOrClosedChange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, want string }{{"NEW", "no longer the current patch set"}, {"ABANDONED", "is ABANDONED"}, {"MERGED", "is MERGED"}} {
		w := newWorld(t, fakegerrit.Options{})
		if tc.status == "NEW" {
			w.fake.AddPatchSet(w.n, w.base)
		}
		w.fake.SetStatus(w.n, tc.status)
		out, err := w.client(t, true).Post(context.Background(), "1001", w.head, gerrit.BuildReview(dirtyReport(), votes))
		if err != nil || out.Posted || !strings.Contains(out.Skipped, tc.want) || len(w.fake.Reviews()) != 0 {
			t.Errorf("%s: %+v %v", tc.status, out, err)
		}
	}
}

func TestPostRefusalsAreExplained(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(*world)
		rv    *gerrit.Review
		code  int
		want  []string
	}{
		{"restricted label", func(w *world) {
			w.fake.AddAccount(fakegerrit.Account{Username: "bot", Password: secret})
		}, gerrit.BuildReview(dirtyReport(), votes), 403, []string{`Applying label "Verified": -1 is restricted`, "label-Verified = -1..+1 group <your-bot-group>", `[access "refs/heads/*"]`, "gerrit/acls/openstack/governance.config"}},
		{"comment on an untouched file", func(*world) {}, &gerrit.Review{Message: "m", Comments: map[string][]gerrit.Comment{"README": {{Line: 1, Message: "x"}}}}, 400, []string{"file README not found in revision 1001,1"}},
		{"closed while pypiguard ran", func(w *world) { w.fake.FailReviews(409) },
			gerrit.BuildReview(dirtyReport(), votes), 409, []string{"change is closed", "closed (merged or abandoned) while pypiguard ran"}},
		{"bad credentials", func(w *world) {
			w.fake.AddAccount(fakegerrit.Account{Username: "bot", Password: "other"})
		}, gerrit.BuildReview(dirtyReport(), votes), 401, []string{"refused the credentials from the test", "HTTP password"}},
	}
	for _, tc := range cases {
		w := newWorld(t, fakegerrit.Options{})
		tc.setup(w)
		_, err := w.client(t, true).Post(context.Background(), "1001", w.head, tc.rv)
		var e *gerrit.Error
		if !errors.As(err, &e) || e.Code != tc.code || e.Temporary() {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks %q", tc.name, err, want)
			}
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the password shows", tc.name)
		}
	}
}

func TestPostChecksTheAppliedLabels(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	rv := gerrit.BuildReview(dirtyReport(), votes)
	rv.Labels = map[string]int{"PyPI-Verified": -1}
	out, err := w.client(t, true).Post(context.Background(), "1001", w.head, rv)
	var e *gerrit.NotAppliedError
	if !errors.As(err, &e) || e.Label != "PyPI-Verified" || !out.Posted || !strings.Contains(err.Error(), "drops such votes silently") {
		t.Errorf("%+v %v", out, err)
	}
}

func TestPostNeedsCredentials(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	if _, err := w.client(t, false).Post(context.Background(), "1001", w.head, &gerrit.Review{}); !errors.Is(err, gerrit.ErrNoCredentials) {
		t.Errorf("%v", err)
	}
	if n := len(w.fake.Requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestTemporaryFailuresAreRetried(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	w.fake.Fail(503, 0, 502)
	if _, err := w.client(t, true).Post(context.Background(), "1001", w.head, gerrit.BuildReview(dirtyReport(), votes)); err != nil || len(w.fake.Reviews()) != 1 {
		t.Fatalf("%v", err)
	}

	w.fake.FailReviews(500, 502)
	if _, err := w.client(t, true).Post(context.Background(), "1001", w.head, gerrit.BuildReview(dirtyReport(), votes)); err != nil || len(w.fake.Reviews()) != 2 {
		t.Fatalf("%v", err)
	}

	w.fake.Fail(500, 500, 500, 500, 500, 500)
	_, err := w.client(t, true).ReadChange(context.Background(), "1001", w.head, changes.Paths, nil)
	var e *gerrit.Error
	if !errors.As(err, &e) || !e.Temporary() || e.Attempts != 5 || !strings.Contains(err.Error(), "may be down") {
		t.Errorf("%v", err)
	}
}

func TestFinalFailuresAreNotRetried(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	w.fake.Fail(400)
	_, err := w.client(t, true).ReadChange(context.Background(), "1001", w.head, changes.Paths, nil)
	var e *gerrit.Error
	if !errors.As(err, &e) || e.Code != 400 || e.Attempts != 1 || len(w.fake.Requests()) != 1 {
		t.Errorf("%v, %d requests", err, len(w.fake.Requests()))
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	w.fake.Fail(503, 503, 503, 503, 503)
	c, err := gerrit.New(context.Background(), gerrit.Options{URL: w.fake.URL, BackoffBase: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err = c.ReadChange(ctx, "1001", w.head, changes.Paths, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second*3 {
		t.Errorf("after %s: %v", time.Since(start), err)
	}
}

// The debug log shows every request, and never the password: neither as
// is nor as the Basic header's base64.
func TestDebugLogNeverShowsThePassword(t *testing.T) {
	t.Parallel()
	w := newWorld(t, fakegerrit.Options{})
	var buf bytes.Buffer
	ctx := zerolog.New(zerolog.SyncWriter(&buf)).Level(zerolog.DebugLevel).WithContext(context.Background())
	c := w.client(t, true)
	if _, err := c.ReadChange(ctx, "1001", w.head, changes.Paths, nil); err != nil {
		t.Fatal(err)
	}
	w.fake.AddAccount(fakegerrit.Account{Username: "bot", Password: secret})
	_, err := c.Post(ctx, "1001", w.head, gerrit.BuildReview(dirtyReport(), votes))
	log := buf.String() + err.Error()
	if !strings.Contains(log, `"url":"`+w.fake.URL+`/a/changes/1001/revisions/`) || strings.Count(log, "gerrit request") < 10 {
		t.Errorf("log:\n%s", log)
	}
	for _, s := range []string{secret, base64.StdEncoding.EncodeToString([]byte("bot:" + secret))} {
		if strings.Contains(log, s) {
			t.Errorf("%q shows in:\n%s", s, log)
		}
	}
}

// A proxy may drop X-FYI-Content-Encoding: the body still tells.
func TestContentWithoutEncodingHeader(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{")]}'\n\"a: 1\\n\"": "a: 1\n", base64.StdEncoding.EncodeToString([]byte("b: 2\n")) + "\n": "b: 2\n"} {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		c, err := gerrit.New(context.Background(), gerrit.Options{URL: hs.URL})
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.BranchFile(context.Background(), "openstack/nova", "master", "setup.cfg")
		if err != nil || string(got) != want {
			t.Errorf("%q: %q %v", body, got, err)
		}
		hs.Close()
	}
}

func TestNewRefusesCredentialsInTheURL(t *testing.T) {
	t.Parallel()
	_, err := gerrit.New(context.Background(), gerrit.Options{URL: "https://bot:" + secret + "@review.example.org"})
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("%v", err)
	}
}
