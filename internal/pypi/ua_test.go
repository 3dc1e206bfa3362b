package pypi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/version"
)

// Every request, of every kind, carries pypiguard's User-Agent, as PyPI's
// API policy asks.
func TestUserAgentOnEveryRequest(t *testing.T) {
	t.Parallel()
	fake := fakepypi.New(testWorld, fakepypi.Options{NoOwnership: true})
	defer fake.Close()
	var mu sync.Mutex
	agents := map[string]bool{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.UserAgent()] = true
		mu.Unlock()
		fake.Handler().ServeHTTP(w, r)
	}))
	defer hs.Close()
	c, err := pypi.New(pypi.Options{BaseURL: hs.URL, XMLRPCRate: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Lookup(context.Background(), []string{"org-project", "unreleased", "no-such-project"}) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if st := c.Stats(); st.JSON == 0 || st.XMLRPC == 0 || st.HTML == 0 || st.Simple == 0 {
		t.Fatalf("not every kind was asked: %+v", st)
	}
	if len(agents) != 1 || !agents[version.UserAgent()] {
		t.Errorf("User-Agents %v, want only %q", agents, version.UserAgent())
	}
}
