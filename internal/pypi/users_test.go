package pypi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

func userWorld(t *testing.T) *fakepypi.Server {
	t.Helper()
	s := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{
		{Name: "ironic-python-agent", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "login.launchpad.net_154"}}},
	}}, fakepypi.Options{})
	t.Cleanup(s.Close)
	s.SetUser(fakepypi.User{Username: "JDoe", DisplayName: "Jane <b>Doe</b> & co"})
	return s
}

func TestUser(t *testing.T) {
	t.Parallel()
	s := userWorld(t)
	c, err := pypi.New(pypi.Options{BaseURL: s.URL, BackoffBase: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct {
		ask  string
		want pypi.User
	}{
		// Another spelling is redirected to the username's own.
		{"jdoe", pypi.User{Username: "JDoe", DisplayName: "Jane <b>Doe</b> & co", Exists: true}},
		// A user without a display name: no <h1>.
		{"login.launchpad.net_154", pypi.User{Username: "login.launchpad.net_154", Exists: true}},
		{"nobody", pypi.User{Username: "nobody"}},
	} {
		got, err := c.User(ctx, tt.ask)
		if err != nil || *got != tt.want {
			t.Errorf("User(%s) = %+v, %v; want %+v", tt.ask, got, err, tt.want)
		}
	}
	if _, err := c.User(ctx, "not/a/user"); err == nil {
		t.Error("an invalid username was asked for")
	}
	if st := c.Stats(); st.HTML != 4 {
		t.Errorf("%d page requests, want 4 (one redirect)", st.HTML)
	}
}

func TestUserFailures(t *testing.T) {
	t.Parallel()
	s := userWorld(t)
	c, err := pypi.New(pypi.Options{BaseURL: s.URL, BackoffBase: 1, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	s.Fail(fakepypi.KindOther, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: http.StatusServiceUnavailable})
	_, err = c.User(context.Background(), "jdoe")
	var pe *pypi.Error
	if !errors.As(err, &pe) || pe.Attempts != 3 || !strings.Contains(err.Error(), "user page") {
		t.Errorf("PyPI down: %v, want a user page error after 3 attempts", err)
	}
	s.ClearFailures()
	s.Fail(fakepypi.KindOther, -1, fakepypi.Failure{Mode: fakepypi.FailRedirectLoop})
	if _, err = c.User(context.Background(), "jdoe"); !errors.Is(err, pypi.ErrRedirectLoop) && !errors.Is(err, pypi.ErrBadRedirect) {
		t.Errorf("redirect loop: %v", err)
	}
}

func TestUserPageMalformed(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ body, want string }{
		{"<html><body><h1 class=\"author-profile__name\">Jane</h1></body></html>", "no author-profile box"},
		{`<div class="author-profile"><div class="author-profile__meta"><p><i class="fa fa-user-circle"></i>&nbsp;&nbsp;someone-else</p></div></div>`, `shows the user "someone-else"`},
	} {
		hs := httptestHTML(t, tt.body)
		c, err := pypi.New(pypi.Options{BaseURL: hs, BackoffBase: 1, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.User(context.Background(), "jdoe")
		if !errors.Is(err, pypi.ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want ErrMalformed with %q", tt.body, err, tt.want)
		}
	}
}

func httptestHTML(t *testing.T, body string) string {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(hs.Close)
	return hs.URL
}
