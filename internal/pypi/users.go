package pypi

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// User is what PyPI's user page shows about an account.
type User struct {
	Username string // as PyPI spells it
	// DisplayName is the name the user gave, "" when none.
	DisplayName string
	// Exists is false when PyPI answered 404: no such user (renamed or
	// deleted since the project's roles were read).
	Exists bool
}

// userOp names user page requests in errors.
const userOp = "user page"

// User reads the user page of username, /user/<username>/ (route
// accounts.profile), through the client's bounds: request slots shared with
// the project pages, retries, timeouts, size limit. PyPI finds the user
// without regard to case and redirects to the username's own spelling
// (warehouse/accounts/views.py, profile()); a redirect anywhere else is
// refused. It is not cached: the caller asks once per user.
func (c *Client) User(ctx context.Context, username string) (*User, error) {
	if !naming.ValidUser(username) {
		return nil, &NameError{Name: username, User: true}
	}
	start := time.Now()
	r := &request{kind: kindHTML, op: userOp, method: http.MethodGet, url: c.endpoint("/user/" + username + "/")}
	for hop := 1; ; hop++ {
		var u *User
		next, err := c.getOnce(ctx, username, r, func(resp *response) (err error) {
			u, err = userAnswer(resp, username)
			return err
		})
		if err != nil || next == nil {
			return u, err
		}
		if err := c.checkUserRedirect(username, next); err != nil || hop > maxRedirects {
			if err == nil {
				err = fmt.Errorf("%w at %s", ErrRedirectLoop, next.Path)
			}
			return nil, c.fail(username, userOp, hop, start, err)
		}
		r = &request{kind: kindHTML, op: userOp, method: http.MethodGet, url: next.String()}
	}
}

// userAnswer judges the final answer about username.
func userAnswer(resp *response, username string) (*User, error) {
	switch resp.status {
	case http.StatusNotFound:
		return &User{Username: username}, nil
	case http.StatusOK:
	default:
		return nil, &StatusError{Code: resp.status}
	}
	if ct, _, _ := mime.ParseMediaType(resp.header.Get("Content-Type")); ct != "text/html" {
		return nil, fmt.Errorf("%w: user page of Content-Type %q", ErrMalformed, ct)
	}
	p, err := parseUserPage(resp.body)
	if err != nil {
		return nil, &retryable{err: err} // perhaps cut off on the way
	}
	if p.username != "" && !naming.SameUser(p.username, username) {
		return nil, fmt.Errorf("%w: the page of %s shows the user %q", ErrMalformed, username, p.username)
	}
	shown := username
	if p.username != "" {
		shown = p.username
	}
	return &User{Username: shown, DisplayName: p.name, Exists: true}, nil
}

// checkUserRedirect accepts a redirect to the same user's page, on the same
// site, in another spelling of the username.
func (c *Client) checkUserRedirect(username string, u *url.URL) error {
	rest, under := strings.CutPrefix(u.Path, c.base.Path+"/user/")
	name, page := strings.CutSuffix(rest, "/")
	same := u.Scheme == c.base.Scheme && u.Host == c.base.Host && u.RawQuery == ""
	if !same || !under || !page || !naming.SameUser(name, username) {
		return fmt.Errorf("%w: to %s", ErrBadRedirect, u.Redacted())
	}
	return nil
}
