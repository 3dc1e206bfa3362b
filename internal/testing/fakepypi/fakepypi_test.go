package fakepypi

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

var world = World{Projects: []Project{
	{Name: "oslo.config", Roles: [][]string{{"Maintainer", "bob"}, {"Owner", "openstackci"}, {"Maintainer", "Alice"}, {"Owner", "Zed"}}},
	{Name: "org-project", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "openstack"},
	{Name: "Unreleased", Roles: [][]string{{"Owner", "openstackci"}}, NoReleases: true},
}}

func start(t *testing.T, o Options) *Server {
	t.Helper()
	s := New(world, o)
	t.Cleanup(s.Close)
	return s
}

// get does a GET without following redirects.
func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// rpc posts an XML-RPC body and returns the answer.
func rpc(t *testing.T, url, contentType, body string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func call(method string, params ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method + "</methodName>\n<params>\n")
	for _, p := range params {
		b.WriteString("<param>\n<value>" + p + "</value>\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return b.String()
}

func TestParseWorld(t *testing.T) {
	t.Parallel()
	w, err := LoadWorld(filepath.Join(fixture.ModuleRoot(t), "testdata", "pypi", "world.json"))
	if err != nil || len(w.Projects) == 0 {
		t.Fatalf("testdata/pypi/world.json: %v", err)
	}
	for _, bad := range []string{
		`{"projects": [{"name": "x", "owner": "y"}]}`,
		`{"projects": [{"name": "../x"}]}`,
		`{"projects": [{"name": "x", "roles": [["Admin", "y"]]}]}`,
		`{"projects": [{"name": "x", "roles": [["Owner"]]}]}`,
		`{"projects": [{"name": "x", "roles": [["Owner", "a b"]]}]}`,
		`{"projects": [{"name": "x", "organization": "a/b"}]}`,
		`{"projects": [{"name": "a.b"}, {"name": "A_B"}]}`,
		`{"projects": `,
	} {
		if _, err := ParseWorld([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "fakepypi: world: ") {
			t.Errorf("%s: got %v, want an error", bad, err)
		}
	}
}

func TestJSONAPI(t *testing.T) {
	t.Parallel()
	s := start(t, Options{})
	resp, _ := get(t, s.URL+"/pypi/Oslo_Config/json")
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/pypi/oslo-config/json" {
		t.Errorf("non-normalized: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, name := range []string{"unreleased", "missing"} {
		resp, body := get(t, s.URL+"/pypi/"+name+"/json")
		if resp.StatusCode != 404 || body != `{"message": "Not Found"}` || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q %q", name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	_, body := get(t, s.URL+"/pypi/oslo-config/json")
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"info", "last_serial", "releases", "urls", "vulnerabilities", "ownership"} {
		if doc[key] == nil {
			t.Errorf("no %q key", key)
		}
	}
	// Owner first, then by username, case-sensitively (a Python sort).
	want := `{"roles":[{"role":"Owner","user":"Zed"},{"role":"Owner","user":"openstackci"},{"role":"Maintainer","user":"Alice"},{"role":"Maintainer","user":"bob"}],"organization":null}`
	if string(doc["ownership"]) != want {
		t.Errorf("ownership %s\nwant      %s", doc["ownership"], want)
	}
	if _, body := get(t, s.URL+"/pypi/org-project/json"); !strings.Contains(body, `"organization":"openstack"`) {
		t.Errorf("org-project: %s", body)
	}
}

func TestJSONAPIWithoutOwnership(t *testing.T) {
	t.Parallel()
	s := start(t, Options{NoOwnership: true})
	if _, body := get(t, s.URL+"/pypi/oslo-config/json"); strings.Contains(body, "ownership") || !strings.Contains(body, `"name":"oslo.config"`) {
		t.Errorf("%s", body)
	}
}

// The fake's XML-RPC answers are byte for byte what Python's
// xmlrpc.client.dumps writes, which is what PyPI sends.
func TestXMLRPCIsPythonsOutput(t *testing.T) {
	t.Parallel()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s is needed to compare with Python's xmlrpc.client (apt-get install python3; .ci/run does): %v", py, err)
	}
	program := `import json, xmlrpc.client as x
print(json.dumps([
  x.dumps(([["Owner", "openstackci"], ["Maintainer", "a<&>b é"]],), methodresponse=True),
  x.dumps(([],), methodresponse=True),
  x.dumps(x.Fault(-32500, "HTTPTooManyRequests: x <&> y. Limit may reset in 1 seconds."), methodresponse=True),
]))`
	out, err := exec.Command(py, "-c", program).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	got := []string{
		string(dumpPairs([][2]string{{"Owner", "openstackci"}, {"Maintainer", "a<&>b é"}})),
		string(dumpPairs(nil)),
		string(dumpFault(-32500, "HTTPTooManyRequests: x <&> y. Limit may reset in 1 seconds.")),
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got\n%s\nwant\n%s", got[i], want[i])
		}
	}
}

func TestXMLRPC(t *testing.T) {
	t.Parallel()
	s := start(t, Options{})
	for _, tc := range []struct{ path, body, want string }{
		{"/pypi", call("package_roles", "<string>OSLO_config</string>"),
			"<value><string>Owner</string></value>\n<value><string>openstackci</string></value>\n</data></array></value>\n<value><array><data>\n<value><string>Owner</string></value>\n<value><string>Zed</string></value>"},
		{"/pypi/", call("package_roles", "missing"), "<value><array><data>\n</data></array></value>"},
		{"/RPC2", call("user_packages", "<string>OPENSTACKCI</string>"),
			"<value><string>Owner</string></value>\n<value><string>oslo.config</string></value>\n</data></array></value>\n<value><array><data>\n<value><string>Owner</string></value>\n<value><string>Unreleased</string></value>"},
		{"/pypi", call("system.multicall"), "<int>-32500</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>ValueError: MultiCall requests have been deprecated, use individual requests instead.</string>"},
		{"/pypi", call("list_packages"), "<int>-32601</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>server error; requested method not found</string>"},
		{"/pypi", "<methodCall><methodName>package_roles", "<int>-32700</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>parse error; not well formed</string>"},
		{"/pypi", call("package_roles", "<int>1</int>"), "<value><string>client error; package_name: Input should be a valid string</string>"},
		{"/pypi", call("package_roles"), "<value><string>client error; package_name: Missing required argument</string>"},
		{"/pypi", call("user_packages", "a", "b"), "<value><string>client error; 1: Unexpected positional argument</string>"},
	} {
		resp, body := rpc(t, s.URL+tc.path, "text/xml; charset=utf-8", tc.body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml" || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s:\n%d %s\nwant it to contain\n%s", tc.path, tc.body, resp.StatusCode, body, tc.want)
		}
	}
	// The order is Owner first, then by username regardless of case.
	_, body := rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "oslo.config"))
	users := []string{}
	for _, line := range strings.Split(body, "\n") {
		if u, ok := strings.CutPrefix(line, "<value><string>"); ok {
			users = append(users, strings.TrimSuffix(u, "</string></value>"))
		}
	}
	if want := []string{"Owner", "openstackci", "Owner", "Zed", "Maintainer", "Alice", "Maintainer", "bob"}; !reflect.DeepEqual(users, want) {
		t.Errorf("package_roles order %q, want %q", users, want)
	}
}

// PyPI routes XML-RPC only for a Content-Type starting with text/xml.
func TestXMLRPCNeedsTextXML(t *testing.T) {
	t.Parallel()
	s := start(t, Options{})
	for _, ct := range []string{"application/xml", ""} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/pypi", strings.NewReader(call("package_roles", "oslo.config")))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("Content-Type %q: %d %s", ct, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

func TestNoPackageRoles(t *testing.T) {
	t.Parallel()
	s := start(t, Options{NoPackageRoles: true, Throttle: Throttle{Forever: true}})
	if _, body := rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "oslo.config")); !strings.Contains(body, "<int>-32601</int>") {
		t.Errorf("%s", body)
	}
}

// The throttle counts as warehouse's limiter does: a limit of 3 lets 2
// calls through; the third is recorded and refused; calls refused while the
// window is full are not recorded.
func TestThrottle(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Throttle: Throttle{Limit: 3, Window: 1500 * time.Millisecond, Headers: true}})
	var bodies, policies, states []string
	for range 4 {
		resp, body := rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "oslo.config"))
		bodies = append(bodies, body)
		policies = append(policies, resp.Header.Get("RateLimit-Policy"))
		states = append(states, resp.Header.Get("RateLimit"))
	}
	if strings.Contains(bodies[1], "fault") || !strings.Contains(bodies[2], "<int>-32500</int>") ||
		!strings.Contains(bodies[2], "<string>HTTPTooManyRequests: The action could not be performed because there were too many requests by the client. Limit may reset in 1 seconds.</string>") ||
		!strings.Contains(bodies[3], "<int>-32500</int>") {
		t.Errorf("%q", bodies)
	}
	if policies[0] != `"xmlrpc.client";q=3;w=1;pk=:ip:` || states[0] != `"xmlrpc.client";r=2;t=1` || states[2] != `"xmlrpc.client";r=0;t=1` || states[3] != states[2] {
		t.Errorf("headers %q %q", policies, states)
	}
	if c := s.Counts(); c.Throttled != 2 || c.XMLRPC != 4 {
		t.Errorf("counts %+v", c)
	}
	// Once the two calls that got through leave the window, only the
	// recorded refusal remains, and the next call fits beside it.
	time.Sleep(1500*time.Millisecond - time.Since(s.XMLRPCCalls()[1]) + 20*time.Millisecond)
	if _, body := rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "oslo.config")); strings.Contains(body, "fault") {
		t.Errorf("one recorded call in the window, yet refused: %s", body)
	}
	// Unknown methods do not count; multicall does.
	s.SetThrottle(Throttle{Limit: 2, Window: time.Minute, NoReset: true})
	rpc(t, s.URL+"/pypi", "text/xml", call("no_such_method"))
	if _, body := rpc(t, s.URL+"/pypi", "text/xml", call("system.multicall")); !strings.Contains(body, "MultiCall") {
		t.Errorf("first counted call: %s", body)
	}
	resp, body := rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "x"))
	if !strings.Contains(body, "too many requests by the client.</string>") || resp.Header.Get("RateLimit") != "" {
		t.Errorf("without the reset sentence and headers: %s %v", body, resp.Header)
	}
	// A limit of 1 refuses everything, as warehouse's would.
	s.SetThrottle(Throttle{Limit: 1})
	if _, body := rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "x")); !strings.Contains(body, "-32500") {
		t.Errorf("limit 1: %s", body)
	}
}

func TestSimpleIndex(t *testing.T) {
	t.Parallel()
	s := start(t, Options{})
	for path, status := range map[string]int{"/simple/unreleased/": 200, "/simple/oslo-config/": 200, "/simple/missing/": 404, "/simple/Oslo.Config/": 301} {
		if resp, _ := get(t, s.URL+path); resp.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, status)
		}
	}
}

func TestProjectPage(t *testing.T) {
	t.Parallel()
	for _, m := range []Markup{MarkupNew, MarkupOld} {
		s := start(t, Options{Markup: m})
		if resp, _ := get(t, s.URL+"/project/oslo-config/"); resp.StatusCode != 301 || resp.Header.Get("Location") != "/project/oslo.config/" {
			t.Errorf("%s: %d to %q", m, resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := get(t, s.URL+"/project/Unreleased/"); resp.StatusCode != 404 {
			t.Errorf("%s: release-less page: %d", m, resp.StatusCode)
		}
		_, body := get(t, s.URL+"/project/org-project/")
		for _, want := range []string{`href="/org/openstack/"`, `fa-sitemap`, `href="/user/openstackci/"`, `href="/user/readme-author/"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %s", m, want)
			}
		}
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	s := start(t, Options{})
	s.Fail(KindJSON, 2, Failure{Mode: FailStatus, Status: 503, RetryAfter: "7"})
	s.Fail(KindJSON, 1, Failure{Mode: FailRedirectLoop})
	for _, want := range []int{503, 503, 301, 200} {
		resp, _ := get(t, s.URL+"/pypi/oslo-config/json")
		if resp.StatusCode != want {
			t.Errorf("status %d, want %d", resp.StatusCode, want)
		}
		if want == 503 && resp.Header.Get("Retry-After") != "7" {
			t.Errorf("Retry-After %q", resp.Header.Get("Retry-After"))
		}
		if want == 301 && resp.Header.Get("Location") != "/pypi/oslo-config/json" {
			t.Errorf("loop to %q", resp.Header.Get("Location"))
		}
	}
	// A new connection: net/http silently retries a GET whose reused
	// connection was reset.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	s.Fail(KindJSON, 1, Failure{Mode: FailReset})
	if _, err := fresh.Get(s.URL + "/pypi/oslo-config/json"); err == nil {
		t.Error("reset: no error")
	}
	s.Fail(KindJSON, 1, Failure{Mode: FailTruncate})
	resp, err := http.Get(s.URL + "/pypi/oslo-config/json")
	if err != nil {
		t.Fatalf("truncate: %v; want headers, then a short body", err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Error("truncate: read the whole body")
	}
	s.Fail(KindJSON, 1, Failure{Mode: FailHuge, Size: 1 << 20})
	if _, body := get(t, s.URL+"/pypi/oslo-config/json"); len(body) < 1<<20 {
		t.Errorf("huge: %d bytes", len(body))
	}
	s.Fail(KindHTML, 1, Failure{Mode: FailSlow, Delay: 100 * time.Millisecond})
	begin := time.Now()
	if resp, _ := get(t, s.URL+"/project/org-project/"); resp.StatusCode != 200 || time.Since(begin) < 100*time.Millisecond {
		t.Errorf("slow: %d after %s", resp.StatusCode, time.Since(begin))
	}
	if c := s.Counts(); c.JSON != 7 || c.HTML != 1 || c.Total() != 8 {
		t.Errorf("counts %+v", c)
	}
}

func TestMutatorsAndCounts(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Latency: 10 * time.Millisecond})
	s.SetProject(Project{Name: "New_One", Roles: [][]string{{"Owner", "openstackci"}}})
	if resp, _ := get(t, s.URL+"/pypi/new-one/json"); resp.StatusCode != 200 {
		t.Errorf("after SetProject: %d", resp.StatusCode)
	}
	s.RemoveProject("new.one")
	if resp, _ := get(t, s.URL+"/pypi/new-one/json"); resp.StatusCode != 404 {
		t.Errorf("after RemoveProject: %d", resp.StatusCode)
	}
	rpc(t, s.URL+"/pypi", "text/xml", call("package_roles", "x"))
	if c := s.Counts(); c.JSON != 2 || c.XMLRPC != 1 || c.MaxInFlight != 1 || len(s.XMLRPCCalls()) != 1 {
		t.Errorf("counts %+v, calls %v", c, s.XMLRPCCalls())
	}
	s.ResetCounts()
	if c := s.Counts(); c.Total() != 0 {
		t.Errorf("after ResetCounts: %+v", c)
	}
}

// A call exactly one window after another still shares its window, as in
// warehouse's moving window; one a moment later does not.
func TestMostInWindow(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms ...int) []time.Time {
		var out []time.Time
		for _, m := range ms {
			out = append(out, t0.Add(time.Duration(m)*time.Millisecond))
		}
		return out
	}
	for _, c := range []struct {
		calls []time.Time
		want  int
	}{
		{nil, 0},
		{at(0), 1},
		{at(0, 3000), 2},
		{at(0, 3001), 1},
		{at(0, 1000, 2000, 3000, 3500, 6000), 4},
		{at(0, 10, 20, 5000, 5001), 3},
	} {
		if got := MostInWindow(c.calls, 3*time.Second); got != c.want {
			t.Errorf("%v: %d, want %d", c.calls, got, c.want)
		}
	}
}
