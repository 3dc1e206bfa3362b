package fakegerrit

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const (
	projectsV1 = "horizon:\n  deliverables:\n    horizon:\n      repos:\n        - openstack/horizon\n"
	projectsV2 = projectsV1 + "    xstatic-tv4:\n      repos:\n        - openstack/xstatic-tv4\n"
)

// world is a fake Gerrit with openstack/governance, whose change 1001 adds
// a deliverable in its only patch set, and the account bot, which may vote
// Verified -1..+1.
type world struct {
	s          *Server
	base, head string
	n          int
}

func newWorld(t *testing.T, o Options) *world {
	t.Helper()
	repo := fixture.NewRepo(t)
	w := &world{s: New(o)}
	t.Cleanup(w.s.Close)
	w.base = repo.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(projectsV1), "README": []byte("r\n")})
	fixture.Git(t, repo.Dir, "checkout", "-q", "-b", "change")
	w.head = repo.Commit("add xstatic-tv4", map[string][]byte{"reference/projects.yaml": []byte(projectsV2)})
	w.s.AddProject("openstack/governance", repo.Dir)
	w.s.AddAccount(Account{Username: "bot", Password: "pw", Grants: map[string]Range{"Verified": {-1, 1}}})
	w.n = w.s.AddChange("openstack/governance", "master", w.head)
	return w
}

// do sends a request and returns the status, headers and body.
func do(t *testing.T, method, url, accept, contentType, body string, auth bool) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth {
		req.SetBasicAuth("bot", "pw")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(data)
}

func TestChangeInfoHasPrefixAndCurrentRevision(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	for _, id := range []string{"1001", "openstack%2Fgovernance~1001", "openstack%2Fgovernance~master~" + w.s.Change(w.n).ChangeID} {
		code, _, body := do(t, "GET", w.s.URL+"/changes/"+id+"?o=CURRENT_REVISION", "application/json", "", "", false)
		if code != 200 || !strings.HasPrefix(body, ")]}'\n") {
			t.Fatalf("%s: %d %q", id, code, body)
		}
		var info changeInfo
		if err := json.Unmarshal([]byte(body[5:]), &info); err != nil || info.CurrentRevision != w.head || info.Status != "NEW" || info.Number != 1001 {
			t.Errorf("%s: %v %+v", id, err, info)
		}
	}
	if v := w.s.Violations(); len(v) != 0 {
		t.Errorf("violations: %q", v)
	}
}

func TestAuthenticatedPathsNeedBasicAuth(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	if code, h, _ := do(t, "GET", w.s.URL+"/a/changes/1001", "", "", "", false); code != 401 || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("no credentials: %d %v", code, h)
	}
	if code, _, _ := do(t, "GET", w.s.URL+"/a/changes/1001", "", "", "", true); code != 200 {
		t.Errorf("good credentials: %d", code)
	}
	if code, _, body := do(t, "POST", w.s.URL+"/changes/1001/revisions/current/review", "", "application/json", "{}", false); code != 403 || !strings.Contains(body, "Authentication required") {
		t.Errorf("anonymous post: %d %q", code, body)
	}
	reqs := w.s.Requests()
	if len(reqs) != 3 || reqs[1].Account != "bot" || reqs[0].Status != 401 {
		t.Errorf("requests: %+v", reqs)
	}
}

func TestContentEncodings(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	u := w.s.URL + "/changes/1001/revisions/" + w.head + "/files/reference%2Fprojects.yaml/content"
	code, h, body := do(t, "GET", u, "application/json", "", "", false)
	var s string
	if code != 200 || h.Get("X-FYI-Content-Encoding") != "json" || json.Unmarshal([]byte(strings.TrimPrefix(body, ")]}'\n")), &s) != nil || s != projectsV2 {
		t.Errorf("json: %d %v %q", code, h, body)
	}
	for _, accept := range []string{"", "*/*", "application/json, text/plain"} {
		code, h, body = do(t, "GET", u+"?parent=1", accept, "", "", false)
		got, err := base64.StdEncoding.DecodeString(body)
		if code != 200 || h.Get("X-FYI-Content-Encoding") != "base64" || err != nil || string(got) != projectsV1 {
			t.Errorf("Accept %q: %d %v %q", accept, code, h, body)
		}
	}
	if code, _, _ := do(t, "GET", w.s.URL+"/changes/1001/revisions/1/files/legacy.yaml/content", "", "", "", false); code != 404 {
		t.Errorf("absent file: %d", code)
	}
	code, _, body = do(t, "GET", w.s.URL+"/projects/openstack%2Fgovernance/branches/master/files/reference%2Fprojects.yaml/content", "", "", "", false)
	if got, _ := base64.StdEncoding.DecodeString(body); code != 200 || string(got) != projectsV1 {
		t.Errorf("branch file: %d %q", code, body)
	}
}

func TestProxyAcceptForcesBase64(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{ProxyAccept: "*/*"})
	_, h, _ := do(t, "GET", w.s.URL+"/changes/1001/revisions/current/files/README/content", "application/json", "", "", false)
	if h.Get("X-FYI-Content-Encoding") != "base64" {
		t.Errorf("headers %v", h)
	}
}

func TestFileListAgainstParent(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	_, _, body := do(t, "GET", w.s.URL+"/changes/1001/revisions/"+w.head[:8]+"/files/?parent=1", "", "", "", false)
	var files map[string]fileInfo
	if err := json.Unmarshal([]byte(strings.TrimPrefix(body, ")]}'\n")), &files); err != nil {
		t.Fatalf("%v: %q", err, body)
	}
	if _, ok := files["reference/projects.yaml"]; !ok || len(files) != 2 || files["/COMMIT_MSG"].Status != "A" {
		t.Errorf("files: %+v", files)
	}
}

// What Gerrit's documentation does not allow is answered with a 400 and
// recorded, even where Gerrit itself might have coped.
func TestOffSpecRequestsAreRecorded(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	rev := w.s.URL + "/a/changes/openstack%2Fgovernance~1001/revisions/" + w.head
	cases := []struct {
		name, method, url, contentType, body, want string
	}{
		{"unescaped change id", "GET", w.s.URL + "/changes/openstack/governance~1001", "", "", "must be escaped as %2F"},
		{"double-escaped change id", "GET", w.s.URL + "/changes/openstack%252Fgovernance~1001", "", "", "escaped twice"},
		{"unescaped file path", "GET", rev + "/files/reference/projects.yaml/content", "", "", "must be escaped as %2F"},
		{"unknown option", "GET", w.s.URL + "/changes/1001?o=EVERYTHING", "", "", `"EVERYTHING" is not a valid value`},
		{"unknown parameter", "GET", rev + "/files/README/content?base=1", "", "", `"--base" is not a valid option`},
		{"wrong method", "GET", rev + "/review", "", "", "GET is not allowed"},
		{"no content type", "POST", rev + "/review", "", `{"message":"m"}`, "Content-Type"},
		{"unknown field", "POST", rev + "/review", "application/json", `{"mesage":"m"}`, `unknown field "mesage"`},
		{"bad notify", "POST", rev + "/review", "application/json", `{"notify":"OWNERS"}`, "notify"},
		{"robot comments", "POST", rev + "/review", "application/json", `{"robot_comments":{}}`, "robot_comments"},
	}
	for _, tc := range cases {
		code, _, body := do(t, tc.method, tc.url, "", tc.contentType, tc.body, true)
		if code/100 != 4 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %q", tc.name, code, body)
		}
	}
	if v := w.s.Violations(); len(v) != len(cases) {
		t.Errorf("%d violations, want %d: %q", len(v), len(cases), v)
	}
	if len(w.s.Reviews()) != 0 {
		t.Errorf("an off-spec review was recorded")
	}
}

func TestSetReviewAsGerrit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		body   string
		status string
		code   int
		want   string
	}{
		{"vote and comment", `{"labels":{"Verified":-1},"comments":{"reference/projects.yaml":[{"line":6,"message":"m","unresolved":true}]}}`, "NEW", 200, `{"labels":{"Verified":-1}}`},
		{"unknown label dropped", `{"labels":{"Verified":1,"PyPI":-1}}`, "NEW", 200, `{"labels":{"Verified":1}}`},
		{"out of range dropped", `{"labels":{"Verified":-3}}`, "NEW", 200, `{"labels":{}}`},
		{"zero always allowed", `{"labels":{"Code-Review":0}}`, "NEW", 200, `{"labels":{"Code-Review":0}}`},
		{"restricted", `{"labels":{"Code-Review":-1}}`, "NEW", 403, `Applying label "Code-Review": -1 is restricted`},
		{"untouched file", `{"comments":{"README":[{"line":1,"message":"m"}]}}`, "NEW", 400, "file README not found in revision 1001,1"},
		{"negative line", `{"comments":{"reference/projects.yaml":[{"line":-1,"message":"m"}]}}`, "NEW", 400, "negative line number"},
		{"abandoned", `{"message":"m"}`, "ABANDONED", 409, "change is closed"},
		{"merged vote", `{"labels":{"Verified":1}}`, "MERGED", 409, "Voting on labels disallowed after submit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, Options{})
			w.s.SetStatus(w.n, tc.status)
			code, _, body := do(t, "POST", w.s.URL+"/a/changes/1001/revisions/"+w.head+"/review", "", "application/json; charset=UTF-8", tc.body, true)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("%d %q, want %d %q", code, body, tc.code, tc.want)
			}
			if got := len(w.s.Reviews()); (code == 200) != (got == 1) {
				t.Errorf("%d reviews recorded after a %d", got, code)
			}
			if v := w.s.Violations(); len(v) != 0 {
				t.Errorf("violations: %q", v)
			}
		})
	}
}

func TestStrictLabels(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{StrictLabels: true})
	code, _, body := do(t, "POST", w.s.URL+"/a/changes/1001/revisions/current/review", "", "application/json", `{"labels":{"PyPI":-1}}`, true)
	if code != 400 || !strings.Contains(body, `label "PyPI" is not a configured label`) {
		t.Errorf("%d %q", code, body)
	}
}

func TestOutdatedRevisionIsAcceptedAsGerritDoes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	w.s.AddPatchSet(w.n, w.base)
	code, _, _ := do(t, "POST", w.s.URL+"/a/changes/1001/revisions/"+w.head+"/review", "", "application/json", `{"message":"late"}`, true)
	r := w.s.Reviews()
	if code != 200 || len(r) != 1 || r[0].PatchSet != 1 || r[0].Revision != w.head || r[0].Input.Message != "late" {
		t.Errorf("%d %+v", code, r)
	}
}

func TestInjectedFailures(t *testing.T) {
	t.Parallel()
	w := newWorld(t, Options{})
	w.s.Fail(503, 0)
	if code, _, _ := do(t, "GET", w.s.URL+"/changes/1001", "", "", "", false); code != 503 {
		t.Errorf("first: %d", code)
	}
	// A fresh connection: net/http sends a request again by itself when a
	// reused one drops.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if _, err := fresh.Get(w.s.URL + "/changes/1001"); err == nil {
		t.Errorf("second: the connection was not dropped")
	}
	if code, _, _ := do(t, "GET", w.s.URL+"/changes/1001", "", "", "", false); code != 200 {
		t.Errorf("third: %d", code)
	}
}
