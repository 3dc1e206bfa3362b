package pypi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
)

// A PyPI answer naming what PyPI cannot hold (markup, control characters,
// escape sequences) is malformed: it must never reach a report.
func TestHostileAnswersAreMalformed(t *testing.T) {
	t.Parallel()
	answers := map[string]string{
		"markup user":     `{"info": {"name": "x"}, "ownership": {"roles": [{"role": "Owner", "user": "<script>alert(1)</script>"}], "organization": null}}`,
		"newline user":    `{"info": {"name": "x"}, "ownership": {"roles": [{"role": "Owner", "user": "openstackci\nFIXED"}], "organization": null}}`,
		"escape user":     `{"info": {"name": "x"}, "ownership": {"roles": [{"role": "Owner", "user": "\u001b[2Jevil"}], "organization": null}}`,
		"strange role":    `{"info": {"name": "x"}, "ownership": {"roles": [{"role": "God", "user": "zeus"}], "organization": null}}`,
		"markdown org":    `{"info": {"name": "x"}, "ownership": {"roles": [], "organization": "[x](http://evil)"}}`,
		"hostile display": `{"info": {"name": "x)]}'"}, "ownership": {"roles": [{"role": "Owner", "user": "openstackci"}], "organization": null}}`,
	}
	for name, body := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, body)
			}))
			defer hs.Close()
			c, err := pypi.New(pypi.Options{BaseURL: hs.URL, BackoffBase: time.Millisecond, MaxRetries: -1})
			if err != nil {
				t.Fatal(err)
			}
			o, err := c.Ownership(context.Background(), "x")
			var e *pypi.Error
			if o != nil || !errors.As(err, &e) || !errors.Is(err, pypi.ErrMalformed) {
				t.Fatalf("got %+v, %v; want a malformed-answer *Error", o, err)
			}
			if strings.ContainsAny(err.Error(), "\n\x1b") {
				t.Errorf("the error carries control characters: %q", err.Error())
			}
		})
	}
}
