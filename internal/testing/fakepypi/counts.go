package fakepypi

import (
	"net/http"
	"strings"
	"time"
)

// Kind is a family of endpoints, for counting and for injecting failures.
type Kind string

// The kinds of endpoint.
const (
	KindJSON   Kind = "json"   // GET /pypi/<name>/json
	KindXMLRPC Kind = "xmlrpc" // POST /pypi, /pypi/ or /RPC2
	KindSimple Kind = "simple" // GET /simple/<name>/
	KindHTML   Kind = "html"   // GET /project/<name>/
	KindOther  Kind = "other"  // anything else
)

// Counts are the requests a Server received, by kind.
type Counts struct {
	JSON, XMLRPC, Simple, HTML, Other int
	// Throttled is the XML-RPC calls refused by the rate limit.
	Throttled int
	// MaxInFlight is the most JSON, simple and project page requests
	// that were ever in progress at once: the ones a client's concurrency
	// limit bounds.
	MaxInFlight int
}

// Total is the number of requests of every kind.
func (c Counts) Total() int {
	return c.JSON + c.XMLRPC + c.Simple + c.HTML + c.Other
}

// Counts returns the requests received so far.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// XMLRPCCalls returns when each XML-RPC request arrived, oldest first, to
// check a client's pace.
func (s *Server) XMLRPCCalls() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.calls...)
}

// MostInWindow is the most of calls (oldest first, as XMLRPCCalls returns
// them) that ever arrived within one window, counting a call on the
// window's start as warehouse's moving window does (see Throttle): what a
// client's pace must keep under Limit-1.
func MostInWindow(calls []time.Time, window time.Duration) int {
	most, first := 0, 0
	for i, c := range calls {
		for calls[first].Before(c.Add(-window)) {
			first++
		}
		most = max(most, i-first+1)
	}
	return most
}

func (s *Server) countThrottled() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.Throttled++
}

// ResetCounts forgets the requests received so far.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = Counts{}
	s.calls = nil
	s.spans = nil
}

func kindOf(r *http.Request) Kind {
	p := r.URL.Path
	switch {
	case r.Method == http.MethodPost && (p == "/pypi" || p == "/pypi/" || p == "/RPC2"):
		return KindXMLRPC
	case strings.HasPrefix(p, "/pypi/") && (strings.HasSuffix(p, "/json") || strings.HasSuffix(p, "/json/")):
		return KindJSON
	case strings.HasPrefix(p, "/simple/"):
		return KindSimple
	case strings.HasPrefix(p, "/project/"):
		return KindHTML
	}
	return KindOther
}

func (s *Server) enter(k Kind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch k {
	case KindJSON:
		s.counts.JSON++
	case KindXMLRPC:
		s.counts.XMLRPC++
		s.calls = append(s.calls, time.Now())
	case KindSimple:
		s.counts.Simple++
	case KindHTML:
		s.counts.HTML++
	default:
		s.counts.Other++
	}
	if bounded(k) {
		s.inFlight++
		s.counts.MaxInFlight = max(s.counts.MaxInFlight, s.inFlight)
	}
}

func (s *Server) leave(k Kind) {
	if bounded(k) {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}
}

// bounded reports whether a client's concurrency limit covers k.
func bounded(k Kind) bool {
	return k == KindJSON || k == KindSimple || k == KindHTML
}
