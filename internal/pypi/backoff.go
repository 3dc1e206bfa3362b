package pypi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBackoff caps the exponential back-off before jitter.
const maxBackoff = 30 * time.Second

// maxServerWait is the longest wait PyPI may ask for before the Client
// gives up instead: an hour-long Retry-After is better reported than slept.
const maxServerWait = 5 * time.Minute

// pause waits before the next attempt: as long as PyPI asked, or an
// exponential back-off with full jitter. A wait that would pass the
// context's deadline is not started.
func (c *Client) pause(ctx context.Context, attempt int, rt *retryable) error {
	wait := c.backoff(attempt)
	if rt.wait > 0 {
		// A small margin: PyPI rounds its announced reset time.
		wait = rt.wait + c.jitter(c.opts.BackoffBase)
	}
	if rt.wait > maxServerWait {
		return fmt.Errorf("%w; PyPI asked to wait %s, longer than pypiguard waits", rt.err, rt.wait)
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return fmt.Errorf("%w; waiting %s more would pass the deadline: %w", rt.err, roundDuration(wait), context.DeadlineExceeded)
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w while waiting to retry after: %v", ctx.Err(), rt.err)
	}
}

// backoff is the full-jitter back-off before retry number attempt: a
// uniform wait up to BackoffBase doubled for each earlier attempt.
func (c *Client) backoff(attempt int) time.Duration {
	return c.jitter(c.ceiling(attempt))
}

// ceiling is BackoffBase doubled attempt-1 times, at most maxBackoff.
func (c *Client) ceiling(attempt int) time.Duration {
	d := c.opts.BackoffBase
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

func (c *Client) jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d + 1)
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date; 0
// when absent or unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 32); err == nil {
		return time.Duration(max(secs, 0)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
