package pypi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// mustFail looks name up and returns the *Error it must fail with: a
// failure is never an Ownership, least of all one without roles.
func mustFail(t *testing.T, c *pypi.Client, ctx context.Context, name string) *pypi.Error {
	t.Helper()
	o, err := c.Ownership(ctx, name)
	var e *pypi.Error
	if o != nil || !errors.As(err, &e) {
		t.Fatalf("Ownership(%q) = %+v, %v; want an *Error", name, o, err)
	}
	return e
}

func TestServerErrorsThenSuccess(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, 1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 500})
	s.Fail(fakepypi.KindJSON, 1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 502})
	s.Fail(fakepypi.KindJSON, 1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	if o := ask(t, c, "oslo.config"); len(o.Roles) != 2 {
		t.Errorf("got %+v", o)
	}
	checkStats(t, c, pypi.Stats{JSON: 4})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, 1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 429, RetryAfter: "1"})
	start := time.Now()
	ask(t, c, "oslo.config")
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %s, before the announced 1s", d)
	}
	checkStats(t, c, pypi.Stats{JSON: 2})
}

// A wait that would pass the deadline is not started: the caller learns at
// once, not when the deadline hits.
func TestWaitPastDeadlineGivesUpAtOnce(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503, RetryAfter: "30"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	e := mustFail(t, c, ctx, "oslo.config")
	if time.Since(start) > time.Second || !errors.Is(e, context.DeadlineExceeded) || e.Attempts != 1 {
		t.Errorf("after %s: %v (attempts %d); want an immediate deadline error", time.Since(start), e, e.Attempts)
	}
}

func TestHourLongRetryAfterIsReported(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 429, RetryAfter: "3600"})
	e := mustFail(t, c, context.Background(), "oslo.config")
	if !errors.Is(e, pypi.ErrRateLimited) || !strings.Contains(e.Error(), "asked to wait 1h0m0s") {
		t.Errorf("got %v", e)
	}
}

func TestPermanentFailureIsAnErrorAndKept(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 500})
	e := mustFail(t, c, context.Background(), "oslo.config")
	var se *pypi.StatusError
	if !errors.As(e, &se) || se.Code != 500 || e.Attempts != 4 || e.Op != "JSON API" {
		t.Errorf("got %#v", e)
	}
	want := `pypi: "oslo.config": JSON API: HTTP 500 Internal Server Error, retried 3 times over `
	if !strings.HasPrefix(e.Error(), want) || !strings.HasSuffix(e.Error(), "; PyPI may be down or slow; re-run later or raise --pypi-timeout") {
		t.Errorf("message %q", e.Error())
	}
	// The failure is kept: asking again (in another spelling) sends nothing.
	if e := mustFail(t, c, context.Background(), "Oslo-Config"); e.Package != "Oslo-Config" {
		t.Errorf("cached error names %q, want the caller's spelling", e.Package)
	}
	checkStats(t, c, pypi.Stats{JSON: 4})
}

func TestOtherClientErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 403})
	e := mustFail(t, c, context.Background(), "oslo.config")
	if e.Attempts != 1 || !strings.Contains(e.Error(), "check that --pypi-url points at PyPI") {
		t.Errorf("got %v after %d attempts", e, e.Attempts)
	}
}

func TestInvalidNamesSendNothing(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	bad := []string{"../x", "a%2Fb", "a/b", "a b", "a\nb", "oslo.config\n", "", "-x", "x-", "é", "\u212Aeystone", strings.Repeat("a", 201)}
	for _, name := range bad {
		_, err := c.Ownership(context.Background(), name)
		var ne *pypi.NameError
		if !errors.As(err, &ne) || ne.Name != name {
			t.Errorf("Ownership(%q): got %v, want a *NameError", name, err)
		}
	}
	for _, r := range c.Lookup(context.Background(), bad) {
		if !errors.As(r.Err, new(*pypi.NameError)) {
			t.Errorf("Lookup(%q): got %v, want a *NameError", r.Name, r.Err)
		}
	}
	if n := s.Counts().Total(); n != 0 {
		t.Errorf("the fake got %d requests, want 0", n)
	}
	checkStats(t, c, pypi.Stats{})
}

func TestOversizedAnswer(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s, func(o *pypi.Options) { o.MaxBody = 1 << 10 })
	s.Fail(fakepypi.KindJSON, 1, fakepypi.Failure{Mode: fakepypi.FailHuge, Size: 1 << 20})
	e := mustFail(t, c, context.Background(), "oslo.config")
	if !errors.Is(e, pypi.ErrTooLarge) || e.Attempts != 1 {
		t.Errorf("got %v after %d attempts", e, e.Attempts)
	}
}

func TestMalformedAnswers(t *testing.T) {
	t.Parallel()
	for _, k := range []fakepypi.Kind{fakepypi.KindJSON, fakepypi.KindXMLRPC} {
		t.Run(string(k), func(t *testing.T) {
			t.Parallel()
			s := newFake(t, fakepypi.Options{})
			c := newClient(t, s)
			// Once is a glitch, retried; always is an error.
			s.Fail(k, 1, fakepypi.Failure{Mode: fakepypi.FailMalformed})
			ask(t, c, "unreleased")
			s.Fail(k, -1, fakepypi.Failure{Mode: fakepypi.FailMalformed})
			e := mustFail(t, c, context.Background(), "org-only-unreleased")
			if !errors.Is(e, pypi.ErrMalformed) || e.Attempts != 4 {
				t.Errorf("got %v after %d attempts", e, e.Attempts)
			}
		})
	}
}

func TestMalformedProjectPage(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{NoOwnership: true})
	c := newClient(t, s)
	s.Fail(fakepypi.KindHTML, -1, fakepypi.Failure{Mode: fakepypi.FailMalformed})
	if e := mustFail(t, c, context.Background(), "org-project"); !errors.Is(e, pypi.ErrMalformed) {
		t.Errorf("got %v", e)
	}
}

func TestConnectionResetAndTruncation(t *testing.T) {
	t.Parallel()
	for _, mode := range []fakepypi.Mode{fakepypi.FailReset, fakepypi.FailTruncate} {
		for _, k := range []fakepypi.Kind{fakepypi.KindJSON, fakepypi.KindXMLRPC, fakepypi.KindSimple} {
			s := newFake(t, fakepypi.Options{})
			c := newClient(t, s)
			s.Fail(k, 1, fakepypi.Failure{Mode: mode})
			checkOwnership(t, ask(t, c, "org-only-unreleased"), &pypi.Ownership{
				Name: "org-only-unreleased", Exists: true, Roles: []pypi.Role{}, OrganizationUnknown: true, Source: pypi.SourceXMLRPC,
			})
			s.Fail(k, -1, fakepypi.Failure{Mode: mode})
			mustFail(t, c, context.Background(), "unreleased")
		}
	}
}

func TestRedirectLoop(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailRedirectLoop})
	e := mustFail(t, c, context.Background(), "oslo.config")
	if !errors.Is(e, pypi.ErrRedirectLoop) || !strings.Contains(e.Error(), "redirect loop") {
		t.Errorf("got %v", e)
	}
}

func TestSlowAnswerTimesOutAndIsRetried(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s, func(o *pypi.Options) { o.RequestTimeout = 100 * time.Millisecond })
	s.Fail(fakepypi.KindJSON, 1, fakepypi.Failure{Mode: fakepypi.FailSlow, Delay: 5 * time.Second})
	start := time.Now()
	ask(t, c, "oslo.config")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailSlow, Delay: 5 * time.Second})
	if e := mustFail(t, c, context.Background(), "org-project"); !strings.Contains(e.Error(), "no answer within 100ms") {
		t.Errorf("got %v", e)
	}
}

func TestThrottledXMLRPCRecovers(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{Throttle: fakepypi.Throttle{Limit: 2, Window: time.Second}})
	c := newClient(t, s)
	start := time.Now()
	for _, r := range c.Lookup(context.Background(), []string{"unreleased", "org-only-unreleased"}) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("done in %s, before the announced reset", d)
	}
	if n := s.Counts().XMLRPC; n != 3 {
		t.Errorf("%d XML-RPC calls, want 3 (one throttled)", n)
	}
}

func TestThrottledXMLRPCForever(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{Throttle: fakepypi.Throttle{Forever: true, NoReset: true}})
	c := newClient(t, s)
	e := mustFail(t, c, context.Background(), "unreleased")
	if !errors.Is(e, pypi.ErrRateLimited) || e.Attempts != 4 ||
		!strings.HasPrefix(e.Error(), `pypi: "unreleased": XML-RPC package_roles: rate limited by PyPI, retried 3 times over `) ||
		!strings.HasSuffix(e.Error(), "; re-run later or lower --pypi-rate") {
		t.Errorf("got %v after %d attempts", e, e.Attempts)
	}
	// With an announced wait past the deadline, it gives up at once.
	s.SetThrottle(fakepypi.Throttle{Forever: true, Window: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if e := mustFail(t, c, ctx, "org-only-unreleased"); !errors.Is(e, context.DeadlineExceeded) || e.Attempts != 1 {
		t.Errorf("got %v after %d attempts", e, e.Attempts)
	}
}

// pythonFault is xmlrpc.client.dumps(Fault(-32500, ...), methodresponse=True).
const pythonFault = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>-32500</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>RuntimeError: PyPI no longer supports the XMLRPC package_roles method.</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"

func TestOtherFaultsAreTypedAndNotRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			if strings.HasPrefix(r.URL.Path, "/simple/") {
				io.WriteString(w, "<html><body></body></html>") // the name exists, without releases
				return
			}
			http.NotFound(w, r)
			return
		}
		calls.Add(1)
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, pythonFault)
	}))
	defer hs.Close()
	c, err := pypi.New(pypi.Options{BaseURL: hs.URL, XMLRPCRate: 1000, BackoffBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e := mustFail(t, c, context.Background(), "unreleased")
	var f *pypi.Fault
	if !errors.As(e, &f) || f.Code != pypi.FaultServer || !strings.HasPrefix(f.String, "RuntimeError:") || calls.Load() != 1 {
		t.Errorf("got %v after %d calls; want the fault, not retried", e, calls.Load())
	}
}

// A --pypi-url that is not PyPI answers HTML: malformed, and not retried,
// since asking again would not change it.
func TestWrongSiteIsNotRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Welcome to my blog</body></html>")
	}))
	defer hs.Close()
	c, err := pypi.New(pypi.Options{BaseURL: hs.URL, BackoffBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e := mustFail(t, c, context.Background(), "oslo.config")
	if !errors.Is(e, pypi.ErrMalformed) || calls.Load() != 1 {
		t.Errorf("got %v after %d calls", e, calls.Load())
	}
}

// A redirect to another project would answer for the wrong project.
func TestRedirectToAnotherProjectIsRefused(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/pypi/other/json", http.StatusMovedPermanently)
	}))
	defer hs.Close()
	c, err := pypi.New(pypi.Options{BaseURL: hs.URL})
	if err != nil {
		t.Fatal(err)
	}
	if e := mustFail(t, c, context.Background(), "oslo.config"); !errors.Is(e, pypi.ErrBadRedirect) {
		t.Errorf("got %v", e)
	}
}

// Once PyPI announces a reset, no XML-RPC call goes out before it, from any
// goroutine: rejected calls count against the limit too.
func TestThrottleHoldsEveryXMLRPCCall(t *testing.T) {
	t.Parallel()
	w, names := manyProjects(4, true)
	s := fakepypi.New(w, fakepypi.Options{Throttle: fakepypi.Throttle{Limit: 3, Window: time.Second}})
	defer s.Close()
	c := newClient(t, s)
	for _, r := range c.Lookup(context.Background(), names) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	calls := s.XMLRPCCalls()
	if len(calls) != 5 {
		t.Fatalf("%d XML-RPC calls, want 5 (one throttled)", len(calls))
	}
	if gap := calls[3].Sub(calls[2]); gap < time.Second {
		t.Errorf("a call went out %s after the throttled one, before the announced 1s", gap)
	}
}
