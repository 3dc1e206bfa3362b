package pypi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// maxRedirects is more than PyPI ever sends for one project: one 301 to the
// normalized name (JSON, simple) or to the display name (project page).
const maxRedirects = 3

// route is where a project's document sits: prefix + name + suffix under
// the base URL.
type route struct {
	kind           kind
	op             string
	prefix, suffix string
}

// The GET routes, with the names they have in errors.
var (
	jsonRoute   = route{kindJSON, "JSON API", "/pypi/", "/json"}
	simpleRoute = route{kindSimple, "simple index", "/simple/", "/"}
	htmlRoute   = route{kindHTML, "project page", "/project/", "/"}
)

// get fetches the project norm's document on rt, following redirects that
// stay on the same project; handle judges the final answer.
func (c *Client) get(ctx context.Context, pkg, norm string, rt route, handle func(*response) error) error {
	start := time.Now()
	r := &request{kind: rt.kind, op: rt.op, method: http.MethodGet, url: c.endpoint(rt.prefix + norm + rt.suffix)}
	seen := map[string]bool{}
	for hop := 1; ; hop++ {
		seen[r.url] = true
		next, err := c.getOnce(ctx, pkg, r, handle)
		if err != nil || next == nil {
			return err
		}
		if err := c.checkRedirect(norm, rt, next); err != nil {
			return c.fail(pkg, rt.op, hop, start, err)
		}
		if seen[next.String()] || hop > maxRedirects {
			return c.fail(pkg, rt.op, hop, start, fmt.Errorf("%w at %s", ErrRedirectLoop, next.Path))
		}
		r = &request{kind: rt.kind, op: rt.op, method: http.MethodGet, url: next.String()}
	}
}

// getFound is get for a document that may be missing: found judges an
// answer of HTTP 200, a 404 is no error, and any other status is one.
func (c *Client) getFound(ctx context.Context, pkg, norm string, rt route, found func(*response) error) error {
	return c.get(ctx, pkg, norm, rt, func(resp *response) error {
		switch resp.status {
		case http.StatusOK:
			return found(resp)
		case http.StatusNotFound:
			return nil
		}
		return &StatusError{Code: resp.status}
	})
}

// getOnce sends r and returns where it redirects to, or nil once handle
// has accepted an answer.
func (c *Client) getOnce(ctx context.Context, pkg string, r *request, handle func(*response) error) (*url.URL, error) {
	var next *url.URL
	err := c.do(ctx, pkg, r, func(resp *response) error {
		if !isRedirect(resp.status) {
			return handle(resp)
		}
		loc := resp.header.Get("Location")
		u, err := resp.url.Parse(loc)
		if loc == "" || err != nil {
			return fmt.Errorf("%w: HTTP %d with Location %q", ErrBadRedirect, resp.status, loc)
		}
		next = u
		return nil
	})
	return next, err
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// checkRedirect accepts a redirect only to the same site and the same kind
// of document about the same project: a redirect elsewhere would answer a
// question about another project.
func (c *Client) checkRedirect(norm string, rt route, u *url.URL) error {
	name, ok := c.routeName(rt, u)
	if !ok || naming.Normalize(name) != norm {
		return fmt.Errorf("%w: to %s", ErrBadRedirect, u.Redacted())
	}
	return nil
}

// routeName returns the project name in u, a URL on route rt under the
// base URL.
func (c *Client) routeName(rt route, u *url.URL) (string, bool) {
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host || u.RawQuery != "" {
		return "", false
	}
	rest, ok := strings.CutPrefix(u.Path, c.base.Path+rt.prefix)
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, rt.suffix)
	return name, ok && naming.ValidPackage(name)
}
