// Package gerrit talks to Gerrit's REST API: it reads a change's files at a
// revision and at its parent, reads files of branches, and posts one review
// with a vote and inline comments. It is the only package that imports
// go-gerrit (v1.2.0), and it hides that library's quirks: change ids are put into paths unescaped, error bodies are left unread,
// and raw answers keep Gerrit's ")]}'" prefix.
package gerrit

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gogerrit "github.com/andygrunwald/go-gerrit"
)

// The defaults of Options.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultRetries     = 4
	DefaultBackoffBase = time.Second
)

// Options configure a Client. Zero values take the defaults.
type Options struct {
	URL        string
	HTTPClient *http.Client // default: a client of its own, with Timeout
	// Credentials authenticate every request (under /a/, HTTP Basic); the
	// zero value is anonymous, enough to read public changes.
	Credentials Credentials
	Timeout     time.Duration // per request, default 30s
	// Retries is how often a request that failed for a reason that may pass
	// (no answer, 5xx, 429) is sent again, default 4; negative means never.
	Retries     int
	BackoffBase time.Duration // first back-off before jitter, default 1s
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	switch {
	case o.Retries == 0:
		o.Retries = DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	return o
}

// Client is a Gerrit REST client. It is safe for concurrent use.
type Client struct {
	hc   *http.Client
	c    *gogerrit.Client
	opts Options
	base string // the URL without a trailing slash, for messages
}

// New returns a Client for the Gerrit at o.URL. It sends nothing: go-gerrit
// probes the credentials only when they are in the URL, which New refuses.
func New(ctx context.Context, o Options) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("gerrit URL %q: want http(s)://host[/path], without credentials (they come from GERRIT_USERNAME/GERRIT_HTTP_PASSWORD or --gerrit-credentials)", redactURL(o.URL))
	}
	o = o.withDefaults()
	hc := o.HTTPClient
	if hc == nil {
		// A transport of its own, so that CloseIdleConnections closes only
		// this client's connections.
		hc = &http.Client{Timeout: o.Timeout, Transport: userAgent{http.DefaultTransport.(*http.Transport).Clone()}}
	}
	hc = withDebugLog(hc)
	c, err := gogerrit.NewClient(ctx, o.URL, hc)
	if err != nil {
		return nil, err
	}
	if o.Credentials.Username != "" {
		// Sets the Authorization header on each request and makes go-gerrit
		// put "a/" in front of every path: Gerrit's authenticated API.
		c.Authentication.SetBasicAuth(o.Credentials.Username, o.Credentials.Password)
	}
	return &Client{hc: hc, c: c, opts: o, base: strings.TrimSuffix(o.URL, "/")}, nil
}

// Authenticated reports whether the client has credentials.
func (c *Client) Authenticated() bool { return c.opts.Credentials.Username != "" }

// CloseIdleConnections closes the connections kept open for later
// requests: a command that ends leaves none open.
func (c *Client) CloseIdleConnections() { c.hc.CloseIdleConnections() }
