package fakepypi

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Mode is a way of failing.
type Mode int

// The failures a Server can inject.
const (
	// FailStatus answers with Failure.Status (500, 502, 503, 429...) and,
	// when set, Failure.RetryAfter.
	FailStatus Mode = iota + 1
	// FailReset closes the connection without an answer.
	FailReset
	// FailTruncate declares the whole answer's Content-Length and sends
	// half of it.
	FailTruncate
	// FailMalformed answers 200 with a body of the right type that does not
	// parse.
	FailMalformed
	// FailHuge answers 200 with Failure.Size bytes (default 17 MiB, over
	// pypiguard's 16 MiB limit) and no Content-Length.
	FailHuge
	// FailRedirectLoop answers 301 to the URL asked.
	FailRedirectLoop
	// FailSlow waits Failure.Delay, then answers normally.
	FailSlow
)

// Failure is an injected failure.
type Failure struct {
	Mode       Mode
	Status     int           // FailStatus
	RetryAfter string        // FailStatus: the Retry-After header, seconds or an HTTP date
	Delay      time.Duration // FailSlow
	Size       int64         // FailHuge
}

// failure is a queued Failure with the requests it has left.
type failure struct {
	Failure
	left int // < 0: every request
}

// Fail makes the next n requests of kind k fail as f, after the failures
// already queued for k; n < 0 makes every later request fail.
func (s *Server) Fail(k Kind, n int, f Failure) {
	if n == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[k] = append(s.failures[k], &failure{Failure: f, left: n})
}

// ClearFailures drops every queued failure.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = make(map[Kind][]*failure)
}

func (s *Server) nextFailure(k Kind) *Failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[k]
	if len(q) == 0 {
		return nil
	}
	f := q[0]
	if f.left > 0 {
		f.left--
		if f.left == 0 {
			s.failures[k] = q[1:]
		}
	}
	return &f.Failure
}

// inject fails the request as f; false means it should still be answered
// normally (after a FailSlow delay).
func (s *Server) inject(w http.ResponseWriter, r *http.Request, k Kind, f *Failure) bool {
	switch f.Mode {
	case FailSlow:
		return !s.sleep(r, f.Delay)
	case FailStatus:
		failStatus(w, f)
	case FailReset:
		reset(w)
	case FailTruncate:
		s.truncate(w, r)
	case FailMalformed:
		w.Header().Set("Content-Type", contentType(k))
		w.Write([]byte(malformedBodies[k]))
	case FailHuge:
		huge(w, k, f.Size)
	case FailRedirectLoop:
		http.Redirect(w, r, r.URL.RequestURI(), http.StatusMovedPermanently)
	default:
		return false
	}
	return true
}

func failStatus(w http.ResponseWriter, f *Failure) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(f.Status)
	w.Write([]byte("<html><body><h1>" + strconv.Itoa(f.Status) + " " + http.StatusText(f.Status) + "</h1></body></html>\n"))
}

// reset closes the connection with a TCP RST, as a crashed proxy would.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// truncate sends the first half of the normal answer under the whole
// answer's Content-Length; net/http then closes the connection.
func (s *Server) truncate(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, r)
	for key, vals := range rec.Header() {
		w.Header()[key] = vals
	}
	body := rec.Body.Bytes()
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	w.Write(body[:len(body)/2])
}

// huge streams size bytes of whitespace after the opening of a document.
func huge(w http.ResponseWriter, k Kind, size int64) {
	if size <= 0 {
		size = 17 << 20
	}
	w.Header().Set("Content-Type", contentType(k))
	chunk := []byte(strings.Repeat(" ", 32<<10))
	w.Write([]byte(malformedBodies[k][:1]))
	for sent := int64(0); sent < size; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// malformedBodies are answers cut short, of each kind.
var malformedBodies = map[Kind]string{
	KindJSON:   `{"info": {"name": "broken", "version": `,
	KindXMLRPC: "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><arr",
	KindSimple: "<!DOCTYPE html><html><body><a href=",
	KindHTML:   "<!DOCTYPE html><html><head><title>Not a project page</title></head><body><p>Something else</p>",
	KindOther:  "<",
}

func contentType(k Kind) string {
	switch k {
	case KindJSON:
		return "application/json"
	case KindXMLRPC:
		return "text/xml"
	}
	return "text/html; charset=utf-8"
}
