package pypi

import (
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestParseSFList(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []sfItem
		ok   bool
	}{
		{`"xmlrpc.client";q=3600;w=3600;pk=:aXA=:`, []sfItem{{"xmlrpc.client", map[string]string{"q": "3600", "w": "3600", "pk": ":aXA=:"}}}, true},
		{`"xmlrpc.client-0";r=1;t=0, "xmlrpc.client-1"; r=29;t=59`, []sfItem{
			{"xmlrpc.client-0", map[string]string{"r": "1", "t": "0"}},
			{"xmlrpc.client-1", map[string]string{"r": "29", "t": "59"}},
		}, true},
		{`default;q=10;w=1;flag, "a\"b"`, []sfItem{{"default", map[string]string{"q": "10", "w": "1", "flag": "?1"}}, {`a"b`, map[string]string{}}}, true},
		{``, nil, true},
		{`"open`, nil, false},
		{`"x";q=`, nil, false},
		{`"x" "y"`, nil, false},
		{`"x";Q=1`, nil, false},
		{`"x";pk=:ip`, nil, false},
	}
	for _, c := range cases {
		got, ok := parseSFList(c.in)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v %v, want %+v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// The pace learned is the slowest XML-RPC limit's q-1 calls per window,
// with a margin; other limiters' policies and unusable ones are ignored.
func TestPolicyRate(t *testing.T) {
	t.Parallel()
	p := newPacer(1)
	cases := []struct {
		h    http.Header
		want float64
	}{
		{header("RateLimit-Policy", `"xmlrpc.client";q=3;w=3;pk=:ip:`), learnedShare * 2 / 3},
		{header("RateLimit-Policy", `"xmlrpc.client-0";q=2;w=1;pk=:ip:, "xmlrpc.client-1";q=31;w=60;pk=:ip:`), learnedShare * 30 / 60},
		{header("RateLimit-Policy", `"xmlrpc.client-0";q=2;w=1`, "RateLimit-Policy", `"xmlrpc.client-1";q=31;w=120`), learnedShare * 30 / 120},
		{header("RateLimit-Policy", `"upload.ip";q=1;w=60;pk=:ip:`), 0},
		{header("RateLimit-Policy", `"xmlrpc.client";q=1;w=3`), 0}, // lets nothing through: nothing to pace by
		{header("RateLimit-Policy", `"xmlrpc.client";q=3;w=0`), 0},
		{header("RateLimit-Policy", `"xmlrpc.client";q=-3;w=3`), 0},
		{header("RateLimit-Policy", `garbage "`), 0},
		{header(), 0},
	}
	for _, c := range cases {
		if got := p.policyRate(c.h); got != c.want {
			t.Errorf("%v: %g, want %g", c.h, got, c.want)
		}
	}
}

// After a throttle the pace halves (never below the floor) and every call
// is held for the announced reset; answers bring it back an eighth of the
// cap at a time, never above --pypi-rate nor PyPI's announced limit.
func TestPacerHalvesAndRecovers(t *testing.T) {
	t.Parallel()
	p := newPacer(4)
	now := time.Now()
	if hold := p.throttled(now, 3*time.Second); p.Rate() != 2 || hold != 3*time.Second || p.heldFor() < 2*time.Second {
		t.Errorf("after a throttle: rate %g, hold %s", p.Rate(), hold)
	}
	if hold := p.throttled(now, 0); p.Rate() != 1 || hold != time.Second {
		t.Errorf("after two: rate %g, hold %s (one interval of the halved pace)", p.Rate(), hold)
	}
	p.answered(now)
	if p.Rate() != 1.5 {
		t.Errorf("after an answer: %g, want 1 + 4/8", p.Rate())
	}
	for range 20 {
		p.answered(now)
	}
	if p.Rate() != 4 {
		t.Errorf("recovered to %g, want the ceiling 4", p.Rate())
	}
	p.observe(header("RateLimit-Policy", `"xmlrpc.client";q=3;w=2;pk=:ip:`), now)
	if want := learnedShare * 2 / 2; p.Rate() != want {
		t.Errorf("after PyPI's policy: %g, want %g", p.Rate(), want)
	}
	for range 30 {
		p.throttled(now, 0)
	}
	if p.Rate() != 1.0/60 {
		t.Errorf("floor %g, want one call a minute", p.Rate())
	}
}

// With one call left in PyPI's window, the next would be recorded and
// refused: every call is held until the oldest leaves.
func TestPacerHoldsWhenTheWindowIsFull(t *testing.T) {
	t.Parallel()
	p := newPacer(1)
	now := time.Now()
	p.observe(header("RateLimit", `"xmlrpc.client";r=2;t=2`), now)
	if d := p.heldFor(); d > 0 {
		t.Errorf("held %s with room left", d)
	}
	p.observe(header("RateLimit", `"xmlrpc.client";r=1;t=2`), now)
	if d := p.heldFor(); d < 2900*time.Millisecond || d > 3*time.Second {
		t.Errorf("held %s, want the reset plus the truncated second", d)
	}
}
