// Package retry is what pypiguard's HTTP clients (PyPI, Gerrit) share about
// trying again: exponential back-off with full jitter, and waits that end
// with their context and are not started when they would pass its deadline.
package retry

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// MaxBackoff caps the exponential back-off before jitter.
const MaxBackoff = 30 * time.Second

// Ceiling is base doubled attempt-1 times, at most MaxBackoff: the longest
// back-off before retry number attempt (1-based).
func Ceiling(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// Backoff is the wait before retry number attempt: uniform in
// [0, Ceiling(base, attempt)] ("full jitter"), so that clients failing
// together do not retry together.
func Backoff(base time.Duration, attempt int) time.Duration { return Jitter(Ceiling(base, attempt)) }

// Jitter is a uniform duration in [0, d].
func Jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d + 1)
}

// DeadlineError is a wait that was not started because it would end past
// the context's deadline: better to say so now than to be cut short.
type DeadlineError struct {
	Wait time.Duration
}

func (e *DeadlineError) Error() string {
	return fmt.Sprintf("waiting %s more would pass the deadline", e.Wait.Round(time.Millisecond))
}

// Unverified says that the run ran out of time: exit 3, never a pass, never a violation.
func (e *DeadlineError) Unverified() bool { return true }

// Unwrap makes a DeadlineError a context.DeadlineExceeded.
func (e *DeadlineError) Unwrap() error { return context.DeadlineExceeded }

// Sleep waits d. It returns ctx.Err() when ctx ends first, and a
// *DeadlineError at once when d would pass ctx's deadline.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return &DeadlineError{Wait: d}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
