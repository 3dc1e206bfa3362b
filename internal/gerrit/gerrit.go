// Package gerrit talks to Gerrit's REST API: it reads files of changes and
// branches, and posts reviews. It is the only package that imports go-gerrit.
package gerrit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	gogerrit "github.com/andygrunwald/go-gerrit"

	"opendev.org/openstack/pypiguard/internal/reponame"
	"opendev.org/openstack/pypiguard/internal/version"
)

// maxBody bounds what is read of any answer.
const maxBody = 16 << 20

// Options configure a Client.
type Options struct {
	URL        string
	HTTPClient *http.Client
	// Username and Password are the account and its HTTP password; without
	// them every request is anonymous.
	Username, Password string
	Timeout            time.Duration // per request, default 30s
}

// Client is a Gerrit REST client.
type Client struct {
	c    *gogerrit.Client
	base string
}

// New returns a Client for the Gerrit at o.URL.
func New(ctx context.Context, o Options) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("gerrit URL %q: want http(s)://host[/path], without credentials (they come from GERRIT_USERNAME/GERRIT_HTTP_PASSWORD or --gerrit-credentials)", o.URL)
	}
	hc := o.HTTPClient
	if hc == nil {
		timeout := o.Timeout
		if timeout == 0 {
			timeout = 30 * time.Second
		}
		hc = &http.Client{Timeout: timeout, Transport: userAgent{http.DefaultTransport}}
	}
	c, err := gogerrit.NewClient(ctx, o.URL, hc)
	if err != nil {
		return nil, err
	}
	if o.Username != "" {
		c.Authentication.SetBasicAuth(o.Username, o.Password)
	}
	return &Client{c: c, base: strings.TrimSuffix(o.URL, "/")}, nil
}

// userAgent names pypiguard in every request.
type userAgent struct{ next http.RoundTripper }

func (t userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", version.UserAgent())
	return t.next.RoundTrip(r)
}

// ErrNotFound is a 404.
var ErrNotFound = errors.New("not found")

// get sends a GET for path (already escaped, relative to the base) and
// returns the answer's headers and body.
func (c *Client) get(ctx context.Context, path string) (http.Header, []byte, error) {
	req, err := c.c.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, err
	}
	var buf limitedBuffer
	resp, err := c.c.Do(req, &buf)
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		drain(resp.Response)
		return nil, nil, ErrNotFound
	}
	if err != nil {
		if resp != nil {
			return nil, nil, statusError(resp.Response)
		}
		return nil, nil, err
	}
	if buf.over {
		return nil, nil, fmt.Errorf("answer over %d bytes", maxBody)
	}
	return resp.Header, buf.Bytes(), nil
}

// limitedBuffer keeps up to maxBody bytes.
type limitedBuffer struct {
	bytes.Buffer
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > maxBody {
		b.over = true
		return 0, errors.New("answer too large")
	}
	return b.Buffer.Write(p)
}

func drain(r *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 64<<10))
	_ = r.Body.Close()
}

// StatusError is an answer with an error status, with Gerrit's text.
type StatusError struct {
	Code int
	Text string
	URL  string
}

func (e *StatusError) Error() string {
	if e.Text == "" {
		return fmt.Sprintf("%s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
	}
	return fmt.Sprintf("%s: %d %s: %s", e.URL, e.Code, http.StatusText(e.Code), e.Text)
}

func statusError(r *http.Response) error {
	text, _ := io.ReadAll(io.LimitReader(r.Body, 4<<10))
	_ = r.Body.Close()
	u := *r.Request.URL
	u.User = nil
	return &StatusError{Code: r.StatusCode, Text: strings.TrimSpace(string(text)), URL: u.Redacted()}
}

// BranchFile reads path at the tip of branch of repo, or nil when the file
// does not exist: GET /projects/{p}/branches/{b}/files/{f}/content, every part
// escaped (go-gerrit's own GetBranchContent does not escape the file).
func (c *Client) BranchFile(ctx context.Context, repo, branch, path string) ([]byte, error) {
	if !reponame.Valid(repo) {
		return nil, fmt.Errorf("repo %q is not an org/name repository name", repo)
	}
	p := fmt.Sprintf("projects/%s/branches/%s/files/%s/content", url.PathEscape(repo), url.PathEscape(branch), url.PathEscape(path))
	h, body, err := c.get(ctx, p)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeContent(h, body)
}
