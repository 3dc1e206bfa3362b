package pypi_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
)

// TestUnreachableDiagnosedOnce: without DNS, the first look-ups say why in
// the user's words, and after a few the rest are not asked at all.
func TestUnreachableDiagnosedOnce(t *testing.T) {
	t.Parallel()
	var dials atomic.Int64
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "pypi.org", IsNotFound: true}}
	}}}
	c, err := pypi.New(pypi.Options{HTTPClient: hc, Concurrency: 1, BackoffBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"nova", "glance", "cinder", "neutron", "swift", "heat", "ironic", "zaqar"}
	start := time.Now()
	results := c.Lookup(context.Background(), names)
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
	const want = "cannot reach pypi.org: no such host; check the network or proxy, or use --pypi-url"
	for _, r := range results {
		var u *pypi.UnreachableError
		if !errors.As(r.Err, &u) || u.Error() != want || strings.Contains(r.Err.Error(), "--pypi-timeout") {
			t.Errorf("%s: %v", r.Name, r.Err)
		}
	}
	down, skipped := c.Unreachable()
	if down == nil || down.Error() != want || skipped == 0 {
		t.Errorf("Unreachable() = %v, %d", down, skipped)
	}
	// Requests already in flight when the breaker opens (a JSON one and an
	// XML-RPC one) may still be sent; nothing after.
	if n := dials.Load(); n > 2*pypi.UnreachableAfter {
		t.Errorf("%d dials, want at most %d: the rest should not be asked", n, 2*pypi.UnreachableAfter)
	}
	if n := countNotAsked(results); n < len(names)-1 {
		t.Errorf("%d not asked, want at least %d", n, len(names)-1)
	}
}

func countNotAsked(rs []pypi.Result) int {
	n := 0
	for _, r := range rs {
		if errors.Is(r.Err, pypi.ErrNotAsked) {
			n++
		}
	}
	return n
}
