package fakepypi

import (
	"fmt"
	"net/http"
	"time"
)

// Throttle is PyPI's XML-RPC rate limit, counted as warehouse counts it.
//
// warehouse/legacy/api/xmlrpc/views.py (ratelimit) calls the limiter's hit
// and then its test for every registered method; the limiter is the limits
// library's moving window (warehouse/rate_limiting/__init__.py, limits 5.8.0
// in requirements/main.txt). In limits, hit records a call only while the
// window holds fewer than Limit calls (limits/storage/memory.py
// acquire_entry, resources/redis/lua_scripts/acquire_moving_window.lua), and
// test passes only while it holds at most Limit-1 (limits/strategies.py
// MovingWindowRateLimiter.test). So Limit-1 calls get through per window;
// the next one is recorded and rejected, which pushes the reset back, and
// calls refused while the window is full are not recorded. A client that
// retries right when the oldest call leaves is recorded and rejected again.
type Throttle struct {
	// Limit is the amount of warehouse's XMLRPC_RATELIMIT_STRING, "Limit
	// per Window"; 0 means no limit. Warehouse lets Limit-1 calls through.
	Limit   int
	Window  time.Duration // default one Unit
	Forever bool          // the limit never lifts: every call is rejected
	NoReset bool          // leave out "Limit may reset in N seconds.", as when PyPI's limiter cannot tell
	// Headers sends RateLimit-Policy and RateLimit on every XML-RPC answer,
	// as warehouse does since PR #20067 (warehouse/rate_limiting/headers.py).
	Headers bool
	// Unit is how long the fake's "second" lasts, in the fault text and the
	// headers, so that tests can scale PyPI's time down; default a second.
	Unit time.Duration
}

const throttleMsg = "HTTPTooManyRequests: The action could not be performed because there were too many requests by the client."

// SetThrottle replaces the XML-RPC rate limit and forgets past calls.
func (s *Server) SetThrottle(t Throttle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle = t
	s.hits = nil
}

// limitState is what the limiter says about one call.
type limitState struct {
	limited bool
	msg     string      // the fault text, when limited
	header  http.Header // RateLimit-Policy and RateLimit, when asked for
}

func (t Throttle) withDefaults() Throttle {
	if t.Unit <= 0 {
		t.Unit = time.Second
	}
	if t.Window <= 0 {
		t.Window = t.Unit
	}
	return t
}

// throttled counts a call as warehouse does (see Throttle) and says whether
// it is over the limit, with the fault text and headers PyPI would send.
func (s *Server) throttled() limitState {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.throttle.withDefaults()
	if t.Limit <= 0 && !t.Forever {
		return limitState{}
	}
	now := time.Now()
	// An entry stays in the window while it is at or after now - Window
	// (acquire_moving_window.lua: entry >= timestamp - expiry).
	s.hits = dropBefore(s.hits, now.Add(-t.Window))
	if t.Forever {
		return limitState{limited: true, msg: throttleText(t.Window, t)}
	}
	if len(s.hits) < t.Limit {
		s.hits = append(s.hits, now)
	}
	st := limitState{limited: len(s.hits) > t.Limit-1}
	// Warehouse's resets_in: when the oldest call leaves, only once no call
	// remains (remaining == 0).
	resetIn := s.hits[0].Add(t.Window).Sub(now)
	if st.limited {
		st.msg = throttleText(resetIn, t)
	}
	if t.Headers {
		st.header = rateLimitHeaders(t, t.Limit-len(s.hits), resetIn)
	}
	return st
}

// throttleText is warehouse's fault: the reset in whole seconds, truncated,
// at least 1 (views.py: max(1, int(_resets_in.total_seconds()))).
func throttleText(reset time.Duration, t Throttle) string {
	if t.NoReset {
		return throttleMsg
	}
	secs := max(1, int(reset/t.Unit))
	return fmt.Sprintf("%s Limit may reset in %d seconds.", throttleMsg, secs)
}

// rateLimitHeaders are warehouse's headers (warehouse/rate_limiting/headers.py,
// draft-ietf-httpapi-ratelimit-headers-10): the policy's amount and window,
// and the calls remaining with the seconds until the oldest leaves.
func rateLimitHeaders(t Throttle, remaining int, resetIn time.Duration) http.Header {
	h := http.Header{}
	h.Set("RateLimit-Policy", fmt.Sprintf(`"xmlrpc.client";q=%d;w=%d;pk=:ip:`, t.Limit, int(t.Window/t.Unit)))
	h.Set("RateLimit", fmt.Sprintf(`"xmlrpc.client";r=%d;t=%d`, remaining, max(0, int(resetIn/t.Unit))))
	return h
}

// dropBefore drops the times before t, keeping the slice sorted.
func dropBefore(times []time.Time, t time.Time) []time.Time {
	i := 0
	for i < len(times) && times[i].Before(t) {
		i++
	}
	return append(times[:0], times[i:]...)
}
