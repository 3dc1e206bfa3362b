package pypi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"opendev.org/openstack/pypiguard/internal/version"
)

// DefaultBaseURL is pypi.org, the base of every endpoint.
const DefaultBaseURL = "https://pypi.org"

// Options configure a Client. Zero values take the defaults.
type Options struct {
	BaseURL     string       // default "https://pypi.org"; the base of every endpoint
	HTTPClient  *http.Client // default: a client of its own; its redirects are handled by the Client
	UserAgent   string       // default version.UserAgent()
	Concurrency int          // JSON, simple and project page requests in flight, default 8
	// XMLRPCRate is XML-RPC calls per second, default 1. It is a hard
	// limit shared by every goroutine: PyPI throttles XML-RPC per client IP.
	// The pace goes slower when PyPI announces a lower limit or throttles.
	XMLRPCRate     float64
	RequestTimeout time.Duration // per attempt, default 30s
	// MaxRetries is the number of retries after a failed attempt, default 4;
	// a negative value means none. XML-RPC throttling is retried until the
	// context's deadline instead, when it has one.
	MaxRetries  int
	BackoffBase time.Duration // first back-off before jitter, default 1s
	MaxBody     int64         // largest answer read, default 16 MiB; a journal page may take 64 MiB
	// JournalPageSize is the most entries PyPI answers per journal page,
	// default JournalPageSize (PyPI's); a shorter page ends a journal read
	// without an announced last serial.
	JournalPageSize int
}

// The defaults of Options.
const (
	DefaultConcurrency    = 8
	DefaultXMLRPCRate     = 1.0
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 4
	DefaultBackoffBase    = time.Second
	DefaultMaxBody        = 16 << 20
)

func (o Options) withDefaults() Options {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if o.UserAgent == "" {
		o.UserAgent = version.UserAgent()
	}
	o.Concurrency = orDefault(o.Concurrency, DefaultConcurrency)
	o.XMLRPCRate = orDefault(o.XMLRPCRate, DefaultXMLRPCRate)
	o.RequestTimeout = orDefault(o.RequestTimeout, DefaultRequestTimeout)
	o.MaxRetries = orDefault(o.MaxRetries, DefaultMaxRetries)
	o.BackoffBase = orDefault(o.BackoffBase, DefaultBackoffBase)
	o.MaxBody = orDefault(o.MaxBody, DefaultMaxBody)
	o.JournalPageSize = orDefault(o.JournalPageSize, JournalPageSize)
	return o
}

func orDefault[T int | int64 | float64 | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

func (o Options) check() error {
	switch {
	case o.Concurrency < 0:
		return fmt.Errorf("pypi: concurrency %d: use a positive number", o.Concurrency)
	case o.XMLRPCRate < 0:
		return fmt.Errorf("pypi: XML-RPC rate %g: use a positive number of calls per second", o.XMLRPCRate)
	case o.RequestTimeout < 0, o.BackoffBase < 0:
		return fmt.Errorf("pypi: negative timeout or back-off: use a positive duration")
	case o.MaxBody < 0:
		return fmt.Errorf("pypi: body limit %d: use a positive number of bytes", o.MaxBody)
	case o.JournalPageSize < 0:
		return fmt.Errorf("pypi: journal page size %d: use a positive number of entries", o.JournalPageSize)
	}
	return nil
}

// Client asks PyPI about projects. It is safe for concurrent use, and it
// sends at most one request sequence per normalized name: answers and
// failures are kept for the Client's lifetime.
type Client struct {
	opts     Options
	base     *url.URL
	hc       *http.Client
	slots    chan struct{} // bounds JSON, simple and project page requests in flight
	xmlrpc   chan struct{} // one XML-RPC call at a time: PyPI asks for sequential calls
	pace     *pacer
	counts   [numKinds]atomic.Int64
	mu       sync.Mutex
	entries  map[string]*entry // by normalized name
	progress atomic.Pointer[func()]
	breaker  breaker // see unreachable.go
}

// New returns a Client. It fails only on bad options, such as a base URL
// that is not http or https.
func New(o Options) (*Client, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	base, err := parseBase(o.BaseURL)
	if err != nil {
		return nil, err
	}
	return &Client{
		opts:    o,
		base:    base,
		hc:      ownRedirects(o.HTTPClient, o.Concurrency),
		slots:   make(chan struct{}, o.Concurrency),
		xmlrpc:  make(chan struct{}, 1),
		pace:    newPacer(o.XMLRPCRate),
		entries: make(map[string]*entry),
	}, nil
}

// parseBase checks the base URL: every endpoint is built on it, so anything
// beyond scheme, host and path would end up in every request.
func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("pypi: base URL %q: %w; use a URL such as %s", raw, err, DefaultBaseURL)
	}
	bad := ""
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		bad = "use http or https"
	case u.Host == "":
		bad = "it has no host"
	case u.User != nil:
		bad = "it holds credentials, which PyPI does not need"
	case u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		bad = "it has a query or fragment"
	}
	if bad != "" {
		return nil, fmt.Errorf("pypi: base URL %q: %s; use a URL such as %s", raw, bad, DefaultBaseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// ownRedirects returns a copy of hc (or a new client) that hands redirects
// back: the Client follows them itself, so that it can check where they go
// and count them.
func ownRedirects(hc *http.Client, concurrency int) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = concurrency + 1
		c.Transport = t
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// Stats returns the requests sent so far.
func (c *Client) Stats() Stats {
	return Stats{
		JSON:   int(c.counts[kindJSON].Load()),
		XMLRPC: int(c.counts[kindXMLRPC].Load()),
		Simple: int(c.counts[kindSimple].Load()),
		HTML:   int(c.counts[kindHTML].Load()),
	}
}

// endpoint returns the URL of path under the base URL.
func (c *Client) endpoint(path string) string {
	u := *c.base
	u.Path += path
	return u.String()
}

// retries is the number of retries allowed after a first attempt.
func (c *Client) retries() int {
	return max(c.opts.MaxRetries, 0)
}

// CloseIdleConnections closes the connections kept open for later
// requests, for a caller that is done with PyPI.
func (c *Client) CloseIdleConnections() {
	c.hc.CloseIdleConnections()
}
