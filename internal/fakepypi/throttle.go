package fakepypi

import (
	"fmt"
	"math"
	"time"
)

// Throttle is PyPI's XML-RPC rate limit: a moving window per client, in
// which every call counts, rejected ones too.
type Throttle struct {
	Calls   int           // calls allowed per Window; 0 means no limit
	Window  time.Duration // default one second
	Forever bool          // the limit never lifts: every call is rejected
	NoReset bool          // leave out "Limit may reset in N seconds.", as when PyPI's limiter cannot tell
}

const throttleMsg = "HTTPTooManyRequests: The action could not be performed because there were too many requests by the client."

// SetThrottle replaces the XML-RPC rate limit and forgets past calls.
func (s *Server) SetThrottle(t Throttle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle = t
	s.hits = nil
}

// throttled counts a call and reports whether it is over the limit, with
// the fault text PyPI would send.
func (s *Server) throttled() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.throttle
	if t.Window <= 0 {
		t.Window = time.Second
	}
	if t.Calls <= 0 && !t.Forever {
		return "", false
	}
	now := time.Now()
	s.hits = append(dropBefore(s.hits, now.Add(-t.Window)), now)
	if !t.Forever && len(s.hits) <= t.Calls {
		return "", false
	}
	reset := t.Window
	if !t.Forever {
		// Under the limit again once all but Calls-1 hits have left the window.
		reset = s.hits[len(s.hits)-t.Calls].Add(t.Window).Sub(now)
	}
	return throttleText(reset, t.NoReset), true
}

func throttleText(reset time.Duration, omit bool) string {
	if omit {
		return throttleMsg
	}
	secs := max(1, int(math.Ceil(reset.Seconds())))
	return fmt.Sprintf("%s Limit may reset in %d seconds.", throttleMsg, secs)
}

// dropBefore drops the times not after t, keeping the slice sorted.
func dropBefore(times []time.Time, t time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(t) {
		i++
	}
	return append(times[:0], times[i:]...)
}
