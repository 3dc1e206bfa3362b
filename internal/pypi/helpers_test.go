package pypi_test

import (
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// testWorld covers every path: JSON with and without organization, no
// releases (with and without direct roles), many maintainers, one.
var testWorld = fakepypi.World{Projects: []fakepypi.Project{
	{Name: "oslo.config", Roles: [][]string{{"Maintainer", "bob"}, {"Owner", "openstackci"}}},
	{Name: "org-project", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "openstack"},
	{Name: "unreleased", Roles: [][]string{{"Owner", "openstackci"}}, NoReleases: true},
	{Name: "org-only-unreleased", Organization: "openstack", NoReleases: true},
	{Name: "XStatic-smart-table", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "bob"},
		{"Maintainer", "Carol"}, {"Maintainer", "dave"}, {"Maintainer", "erin"}}},
	{Name: "Solo_Project", Roles: [][]string{{"Owner", "openstackci"}}},
}}

// newFake starts a fake PyPI serving testWorld, closed with the test.
func newFake(t testing.TB, o fakepypi.Options) *fakepypi.Server {
	t.Helper()
	s := fakepypi.New(testWorld, o)
	t.Cleanup(s.Close)
	return s
}

// newClient returns a client of s, fast enough for tests: tiny back-off, a
// high XML-RPC pace, short timeouts. edit changes the options.
func newClient(t testing.TB, s *fakepypi.Server, edit ...func(*pypi.Options)) *pypi.Client {
	t.Helper()
	o := pypi.Options{
		BaseURL:        s.URL,
		XMLRPCRate:     1000,
		RequestTimeout: 2 * time.Second,
		MaxRetries:     3,
		BackoffBase:    time.Millisecond,
	}
	for _, e := range edit {
		e(&o)
	}
	c, err := pypi.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
