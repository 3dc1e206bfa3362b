package pypi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/retry"
)

// maxServerWait is the longest wait PyPI may ask for before the Client
// gives up instead: an hour-long Retry-After is better reported than slept.
const maxServerWait = 5 * time.Minute

// pause waits before the next attempt: as long as PyPI asked, or an
// exponential back-off with full jitter. A wait that would pass the
// context's deadline is not started.
func (c *Client) pause(ctx context.Context, attempt int, rt *retryable) error {
	wait := retry.Backoff(c.opts.BackoffBase, attempt)
	if rt.wait > 0 {
		// A small margin: PyPI rounds its announced reset time.
		wait = rt.wait + retry.Jitter(c.opts.BackoffBase)
	}
	if rt.wait > maxServerWait {
		return fmt.Errorf("%w; PyPI asked to wait %s, longer than pypiguard waits", rt.err, rt.wait)
	}
	if rt.held {
		// The pacer holds every XML-RPC call until PyPI's window has room.
		wait = c.pace.heldFor()
	}
	err := retry.Sleep(ctx, wait)
	var de *retry.DeadlineError
	switch {
	case errors.As(err, &de):
		return fmt.Errorf("%w; %w", rt.err, err)
	case err != nil:
		return fmt.Errorf("%w while waiting to retry after: %v", err, rt.err)
	}
	return nil
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
