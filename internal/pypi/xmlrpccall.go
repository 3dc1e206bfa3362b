package pypi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// The XML-RPC operations, as they are named in errors.
const (
	opPackageRoles = "XML-RPC package_roles"
	opUserPackages = "XML-RPC user_packages"
)

// resetIn finds the wait in PyPI's throttling fault: "Limit may reset in N
// seconds." (warehouse/legacy/api/xmlrpc/views.py, PR #8757).
var resetIn = regexp.MustCompile(`reset in (\d+) seconds?`)

// call makes one XML-RPC call at the client's pace. Throttling (fault
// -32500 "HTTPTooManyRequests: ..." on HTTP 200: PyPI never sends 429 here)
// is retried after the announced wait; other faults are returned as *Fault,
// wrapped in *Error.
func (c *Client) call(ctx context.Context, pkg, op, method string, args ...any) (any, error) {
	var v any
	err := c.callStream(ctx, pkg, op, method, 0, nil, func(resp *response) error {
		var err error
		v, err = decodeResponse(resp.body)
		return err
	}, args...)
	return v, err
}

// callStream makes one XML-RPC call as call does. With stream set, an
// answer of HTTP 200 is decoded by stream as it arrives (its error is the
// decoding's); otherwise decode reads the answer held whole.
func (c *Client) callStream(ctx context.Context, pkg, op, method string, limit int64, stream func(io.Reader) error, decode func(*response) error, args ...any) error {
	body, err := encodeCall(method, args...)
	if err != nil {
		return err
	}
	r := &request{kind: kindXMLRPC, op: op, method: http.MethodPost, url: c.endpoint("/pypi"), body: body, limit: limit, stream: stream}
	return c.do(ctx, pkg, r, func(resp *response) error {
		c.pace.observe(resp.header, time.Now())
		if resp.status != http.StatusOK {
			return &StatusError{Code: resp.status}
		}
		if stream != nil {
			return c.judgeFault(resp, resp.streamErr)
		}
		return c.judgeFault(resp, decode(resp))
	})
}

// judgeFault marks throttling and cut-off answers as worth another attempt.
func (c *Client) judgeFault(resp *response, err error) error {
	var f *Fault
	switch {
	case err == nil:
		c.pace.answered(time.Now())
		return nil
	case errors.As(err, &f) && isThrottle(f):
		wait := c.throttleWait(f)
		c.pace.throttled(time.Now(), wait)
		return &retryable{err: ErrRateLimited, wait: wait, held: true}
	case errors.Is(err, ErrMalformed):
		return malformed(resp, "text/xml", err)
	}
	return err
}

func isThrottle(f *Fault) bool {
	return f.Code == FaultServer && strings.HasPrefix(f.String, "HTTPTooManyRequests:")
}

// throttleWait is the wait PyPI announced, plus the second its
// truncation may have dropped (views.py: int(_resets_in.total_seconds())).
// Without one (its limiter could not tell), it is a back-off that does not
// shrink with jitter: retrying early only spends more of the budget, since
// rejected calls count too.
func (c *Client) throttleWait(f *Fault) time.Duration {
	if m := resetIn.FindStringSubmatch(f.String); m != nil {
		if secs, err := strconv.Atoi(m[1]); err == nil {
			return time.Duration(max(secs, 1)+1) * c.pace.second
		}
	}
	return 4 * c.opts.BackoffBase
}

// packageRoles asks XML-RPC package_roles about norm. PyPI answers an
// empty array both for an unknown project and for a project without direct
// collaborators.
func (c *Client) packageRoles(ctx context.Context, pkg, norm string) ([]Role, error) {
	pairs, err := c.callPairs(ctx, pkg, opPackageRoles, "package_roles", norm)
	if err != nil {
		return nil, err
	}
	roles := make([]Role, 0, len(pairs))
	for _, p := range pairs {
		roles = append(roles, Role{Role: p[0], User: p[1]})
	}
	return roles, nil
}

// UserPackages lists the projects user has a direct role on, from XML-RPC
// user_packages. Projects reached through an organization or a team are not
// listed: PyPI does not say.
func (c *Client) UserPackages(ctx context.Context, user string) ([]Package, error) {
	if err := checkUser(user); err != nil {
		return nil, err
	}
	pairs, err := c.callPairs(ctx, user, opUserPackages, "user_packages", user)
	if err != nil {
		return nil, err
	}
	pkgs := make([]Package, 0, len(pairs))
	for _, p := range pairs {
		if (p[0] != "Owner" && p[0] != "Maintainer") || !naming.ValidPackage(p[1]) {
			err := fmt.Errorf("%w: user_packages answered [%q, %q], not a role and a project name", ErrMalformed, p[0], p[1])
			return nil, &Error{Package: user, Op: opUserPackages, Attempts: 1, Err: err}
		}
		pkgs = append(pkgs, Package{Role: p[0], Name: p[1]})
	}
	return pkgs, nil
}

// callPairs makes a call whose answer is an array of two-string arrays.
func (c *Client) callPairs(ctx context.Context, pkg, op, method, arg string) ([][2]string, error) {
	v, err := c.call(ctx, pkg, op, method, arg)
	if err != nil {
		return nil, err
	}
	pairs, err := stringPairs(v)
	if err != nil {
		return nil, &Error{Package: pkg, Op: op, Attempts: 1, Err: err}
	}
	return pairs, nil
}

// stringPairs reads the shape both methods answer with: an array of
// two-string arrays.
func stringPairs(v any) ([][2]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%w: XML-RPC answer %T, not an array", ErrMalformed, v)
	}
	pairs := make([][2]string, 0, len(list))
	for _, item := range list {
		pair, ok := item.([]any)
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("%w: XML-RPC item %v, not a pair", ErrMalformed, item)
		}
		a, okA := pair[0].(string)
		b, okB := pair[1].(string)
		if !okA || !okB || a == "" || b == "" {
			return nil, fmt.Errorf("%w: XML-RPC item %v, not two strings", ErrMalformed, item)
		}
		pairs = append(pairs, [2]string{a, b})
	}
	return pairs, nil
}

// methodGone reports whether err is PyPI saying the method no longer
// exists: package_roles is deprecated and will be removed.
func methodGone(err error) bool {
	var f *Fault
	return errors.As(err, &f) && f.Code == FaultMethodNotFound
}
