package pypi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The causes an *Error can wrap, for errors.Is.
var (
	// ErrRateLimited is PyPI throttling: HTTP 429, or the XML-RPC fault
	// -32500 "HTTPTooManyRequests: ..." sent with HTTP 200.
	ErrRateLimited = errors.New("rate limited by PyPI")
	// ErrRedirectLoop is a redirect back to a URL already asked, or more
	// redirects than PyPI ever sends for one project.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrBadRedirect is a redirect to another site or another project.
	ErrBadRedirect = errors.New("redirect away from the project")
	// ErrTooLarge is an answer over Options.MaxBody.
	ErrTooLarge = errors.New("answer too large")
	// ErrMalformed is an answer that does not parse or lacks what PyPI
	// always sends.
	ErrMalformed = errors.New("malformed answer")
	// ErrRolesHidden is a project that exists, has no releases (so it has no
	// JSON document or project page) and whose XML-RPC package_roles is gone:
	// nothing left can tell who holds it.
	ErrRolesHidden = errors.New("the project exists but no PyPI interface shows its roles")
)

// Error is a look-up PyPI could not answer, after retries where they made
// sense. It unwraps to its cause.
type Error struct {
	Package  string        // the name as the caller gave it
	Op       string        // what was asked, e.g. "JSON API" or "XML-RPC package_roles"
	Attempts int           // requests sent for Op, retries included
	Elapsed  time.Duration // time spent on Op
	Err      error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("pypi: %q: %s: %v", e.Package, e.Op, e.Err)
	if e.Attempts > 1 {
		msg += fmt.Sprintf(", retried %d times over %s", e.Attempts-1, roundDuration(e.Elapsed))
	}
	if hint := e.hint(); hint != "" {
		msg += "; " + hint
	}
	return msg
}

// Unverified says that PyPI could not be asked: exit 3, never a pass, never a violation.
func (e *Error) Unverified() bool { return true }

func (e *Error) Unwrap() error { return e.Err }

// hint tells the user what to do next.
func (e *Error) hint() string {
	var f *Fault
	var s *StatusError
	var u *UnreachableError
	switch {
	case errors.As(e.Err, &u):
		return "" // the error says what to do
	case errors.Is(e.Err, ErrRateLimited) && strings.HasPrefix(e.Op, "XML-RPC "):
		return "re-run later or lower --pypi-rate"
	case errors.Is(e.Err, ErrRateLimited):
		return "re-run later or lower --pypi-concurrency"
	case errors.Is(e.Err, context.Canceled):
		return "interrupted"
	case errors.Is(e.Err, context.DeadlineExceeded):
		return "re-run later or allow more time"
	case errors.Is(e.Err, ErrRolesHidden):
		return "ask a PyPI admin of the project who its collaborators are"
	case errors.Is(e.Err, ErrRedirectLoop), errors.Is(e.Err, ErrBadRedirect), errors.Is(e.Err, ErrTooLarge), errors.Is(e.Err, ErrMalformed):
		return "check that --pypi-url points at PyPI, or re-run later"
	case errors.As(e.Err, &s) && s.Code < 500:
		return "check that --pypi-url points at PyPI"
	case errors.As(e.Err, &f):
		return "PyPI refused the call; report it if it persists"
	}
	return "PyPI may be down or slow; re-run later or raise --pypi-timeout"
}

// roundDuration keeps messages readable: whole milliseconds under a second,
// tenths of a second above.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// withPackage returns err with the caller's own spelling of the name, so that
// callers sharing one cached answer each see the name they asked for.
func withPackage(err error, name string) error {
	var e *Error
	if !errors.As(err, &e) || e.Package == name {
		return err
	}
	c := *e
	c.Package = name
	return &c
}

// Fault is an XML-RPC fault answer.
type Fault struct {
	Code   int
	String string
}

func (f *Fault) Error() string {
	return fmt.Sprintf("XML-RPC fault %d: %s", f.Code, f.String)
}

// The fault codes PyPI uses (pyramid_rpc).
const (
	FaultParse          = -32700 // the body is not well-formed XML
	FaultMethodNotFound = -32601 // unknown method, or one PyPI removed
	FaultInvalidParams  = -32602 // a parameter of the wrong type, missing or extra
	FaultServer         = -32500 // an exception on the server, throttling included
)

// StatusError is an HTTP status PyPI should not have answered with.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}
