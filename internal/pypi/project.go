package pypi

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// pypiHost is the host of absolute links on pypi.org's own pages.
const pypiHost = "pypi.org"

// projectPage reads the project page of norm, following its redirect to the
// display name; nil without error is a 404 (no such project, or one without
// releases). display is the name in the page's final URL.
func (c *Client) projectPage(ctx context.Context, pkg, norm string) (p *page, display string, err error) {
	err = c.getFound(ctx, pkg, norm, htmlRoute, func(resp *response) error {
		display, _ = c.routeName(htmlRoute, resp.url)
		p, err = c.parseProjectPage(resp)
		return err
	})
	return p, display, err
}

func (c *Client) parseProjectPage(resp *response) (*page, error) {
	got, _, _ := mime.ParseMediaType(resp.header.Get("Content-Type"))
	if got != "text/html" {
		return nil, fmt.Errorf("%w: project page of Content-Type %q", ErrMalformed, got)
	}
	p, err := parsePage(resp.body, pypiHost, c.base.Host)
	if err != nil {
		// An HTML page without the sidebar PyPI always has: perhaps cut
		// off on the way, so worth another try.
		return nil, &retryable{err: err}
	}
	return p, nil
}

// fromPage reads roles and organization from the project page alone: the
// last resort when XML-RPC package_roles is gone. A missing page (404) means
// the project has no releases; then /simple/ tells whether it exists at all.
func (c *Client) fromPage(ctx context.Context, pkg, norm, display string) (*Ownership, error) {
	p, pageName, err := c.projectPage(ctx, pkg, norm)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return c.releaseless(ctx, pkg, norm)
	}
	if pageName != "" {
		display = pageName
	}
	return &Ownership{
		Name: norm, DisplayName: display, Exists: true,
		Roles: htmlRoles(p.users, p.org), Organization: p.org, Source: SourceHTML,
	}, nil
}

// releaseless answers for a name with neither JSON document nor project
// page, once package_roles is gone: absent if /simple/ says so, otherwise
// unknown.
func (c *Client) releaseless(ctx context.Context, pkg, norm string) (*Ownership, error) {
	exists, err := c.simple(ctx, pkg, norm)
	if err != nil {
		return nil, err
	}
	if exists {
		return nil, &Error{Package: pkg, Op: "look-up", Attempts: 1, Err: ErrRolesHidden}
	}
	return &Ownership{Name: norm, Roles: []Role{}, Source: SourceHTML}, nil
}

// organization reads the organization box of the project page, which
// XML-RPC cannot see. The project has releases (its JSON document exists),
// so its page must exist too.
func (c *Client) organization(ctx context.Context, pkg, norm string) (org, display string, err error) {
	p, display, err := c.projectPage(ctx, pkg, norm)
	if err != nil {
		return "", "", err
	}
	if p == nil {
		return "", "", &Error{Package: pkg, Op: htmlRoute.op, Attempts: 1,
			Err: fmt.Errorf("%w, though the JSON API has the project", &StatusError{Code: http.StatusNotFound})}
	}
	return p.org, display, nil
}

// simple asks the simple index whether norm exists: unlike the JSON API and
// the project page, it lists projects without releases too.
func (c *Client) simple(ctx context.Context, pkg, norm string) (bool, error) {
	var exists bool
	err := c.getFound(ctx, pkg, norm, simpleRoute, func(*response) error {
		exists = true
		return nil
	})
	return exists, err
}

// displayFrom prefers the first non-empty name.
func displayFrom(names ...string) string {
	for _, n := range names {
		if strings.TrimSpace(n) != "" {
			return n
		}
	}
	return ""
}
