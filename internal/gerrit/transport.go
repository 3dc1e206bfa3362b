package gerrit

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"opendev.org/openstack/pypiguard/internal/version"
)

// userAgent names pypiguard in every request.
type userAgent struct{ next http.RoundTripper }

func (t userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", version.UserAgent())
	return t.next.RoundTrip(r)
}

// idleCloser is a transport that can close its idle connections, as
// http.Client.CloseIdleConnections expects.
type idleCloser interface{ CloseIdleConnections() }

// closeIdle passes CloseIdleConnections on to a wrapped transport.
func closeIdle(next http.RoundTripper) {
	if c, ok := next.(idleCloser); ok {
		c.CloseIdleConnections()
	}
}

// CloseIdleConnections passes the call on.
func (t userAgent) CloseIdleConnections() { closeIdle(t.next) }

// CloseIdleConnections passes the call on.
func (t debugLog) CloseIdleConnections() { closeIdle(t.next) }

// debugLog logs every request at debug level with the logger of its
// context: method, URL without credentials, status and time. It never logs
// headers, where the HTTP password travels (Authorization: Basic).
type debugLog struct{ next http.RoundTripper }

// withDebugLog returns a copy of hc whose transport logs requests.
func withDebugLog(hc *http.Client) *http.Client {
	out := *hc
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	out.Transport = debugLog{next}
	return &out
}

func (t debugLog) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	log := zerolog.Ctx(r.Context())
	if log.GetLevel() > zerolog.DebugLevel {
		return resp, err
	}
	ev := log.Debug().Str("method", r.Method).Str("url", redactURL(r.URL.String())).
		Bool("authenticated", r.Header.Get("Authorization") != "").Dur("elapsed", time.Since(start))
	if err != nil {
		ev.Err(err).Msg("gerrit request failed")
		return resp, err
	}
	ev.Int("status", resp.StatusCode).Msg("gerrit request")
	return resp, err
}

// redactURL drops the user information of a URL, password or not.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if strings.Contains(s, "@") {
			return "(a URL with user information, not shown)"
		}
		return s
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	return u.String()
}
