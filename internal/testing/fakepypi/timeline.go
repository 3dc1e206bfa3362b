package fakepypi

import (
	"net/http"
	"slices"
	"time"
)

// Span is one request and when the server had it: Arrived before Latency,
// Answered once its answer was written. A request that arrived after
// another was answered could have waited for it, so tests count a client's
// round trips with spans (of this server and fakegerrit's) rather than with
// a clock of their own.
type Span struct {
	Method, Path      string // the path with its query
	Arrived, Answered time.Time
}

// Spans returns every request since the server started (or since
// ResetCounts), in the order they were answered.
func (s *Server) Spans() []Span {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.spans)
}

// span records r, which arrived at arrived and is answered now.
func (s *Server) span(r *http.Request, arrived time.Time) {
	sp := Span{Method: r.Method, Path: r.URL.RequestURI(), Arrived: arrived, Answered: time.Now()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spans = append(s.spans, sp)
}
