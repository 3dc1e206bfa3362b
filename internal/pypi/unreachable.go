package pypi

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
)

// UnreachableError is PyPI that cannot be reached at all: its name does
// not resolve, or nothing answers at its address. It is said once, in
// words that point at the network rather than at PyPI.
type UnreachableError struct {
	Host   string // the host of --pypi-url
	Reason string // "no such host", "connection refused", ...
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach %s: %s; check the network or proxy, or use --pypi-url", e.Host, e.Reason)
}

// Unverified says that PyPI could not be reached: exit 3, never a pass, never a violation.
func (e *UnreachableError) Unverified() bool { return true }

// NetworkDown says that no request reached PyPI at all: the fix is the
// network, not a later run (the policy words the remediation so, without
// importing this package).
func (e *UnreachableError) NetworkDown() bool { return true }

// ErrNotAsked marks a look-up never sent because PyPI was found
// unreachable: the package is unverified at once instead of after retries.
var ErrNotAsked = errors.New("not asked")

// UnreachableAfter is how many requests in a row (retries included, any
// package) must find PyPI unreachable before the client stops asking: one
// is a blip, several with no answer between them are no network.
const UnreachableAfter = 3

// unreachable classifies a transport error: the reason when it says that
// the host cannot be reached, "" otherwise (a reset, a timeout, EOF: PyPI
// answered once and may again).
func unreachable(err error) string {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "no such host"
	case errors.As(err, &dns):
		return "its name cannot be resolved (" + dns.Err + ")"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ENETUNREACH):
		return "network is unreachable"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "no route to host"
	}
	return ""
}

// breaker stops the look-ups once several in a row found PyPI unreachable.
type breaker struct {
	mu     sync.Mutex
	streak int
	down   *UnreachableError
	skips  int
}

// open returns the error that stopped the look-ups, nil while they go on.
func (b *breaker) open() *UnreachableError {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.down != nil {
		b.skips++
	}
	return b.down
}

// record counts one attempt: err nil is an answer, which ends a streak;
// other errors (PyPI answered badly) neither count nor end it.
func (b *breaker) record(err error) {
	var u *UnreachableError
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case err == nil:
		b.streak = 0
	case errors.As(err, &u):
		if b.streak++; b.streak >= UnreachableAfter && b.down == nil {
			b.down = u
		}
	}
}

// Unreachable returns the error that made the client stop asking PyPI and
// how many requests it did not send, or nil: for a report to say once.
func (c *Client) Unreachable() (*UnreachableError, int) {
	c.breaker.mu.Lock()
	defer c.breaker.mu.Unlock()
	return c.breaker.down, c.breaker.skips
}

// notAsked is the error of a request never sent: short, since the report
// says why once; it unwraps to ErrNotAsked and the diagnosis.
type notAsked struct{ down *UnreachableError }

func (e *notAsked) Error() string {
	return "not asked: " + e.down.Host + " could not be reached (" + e.down.Reason + ")"
}

func (e *notAsked) Unwrap() []error { return []error{ErrNotAsked, e.down} }
