package pypi_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

func owner(u string) pypi.Role      { return pypi.Role{Role: "Owner", User: u} }
func maintainer(u string) pypi.Role { return pypi.Role{Role: "Maintainer", User: u} }
func unknown(u string) pypi.Role    { return pypi.Role{Role: pypi.RoleUnknown, User: u} }

// ask looks name up and fails the test on error.
func ask(t *testing.T, c *pypi.Client, name string) *pypi.Ownership {
	t.Helper()
	o, err := c.Ownership(context.Background(), name)
	if err != nil {
		t.Fatalf("Ownership(%q): %v", name, err)
	}
	return o
}

// checkOwnership compares roles and sources; releases_test.go checks the
// releases read beside them.
func checkOwnership(t *testing.T, got, want *pypi.Ownership) {
	t.Helper()
	if got != nil {
		g := *got
		g.Releases, g.ReleasesKnown = nil, false
		got = &g
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func checkStats(t *testing.T, c *pypi.Client, want pypi.Stats) {
	t.Helper()
	if got := c.Stats(); got != want {
		t.Errorf("requests sent: got %+v, want %+v", got, want)
	}
}

func TestJSONOwnership(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{}))
	checkOwnership(t, ask(t, c, "Oslo_Config"), &pypi.Ownership{
		Name: "oslo-config", DisplayName: "oslo.config", Exists: true,
		Roles: []pypi.Role{owner("openstackci"), maintainer("bob")}, Source: pypi.SourceJSON,
	})
	checkStats(t, c, pypi.Stats{JSON: 1})
}

func TestJSONOrganization(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{}))
	checkOwnership(t, ask(t, c, "org-project"), &pypi.Ownership{
		Name: "org-project", DisplayName: "org-project", Exists: true,
		Roles: []pypi.Role{owner("openstackci")}, Organization: "openstack", Source: pypi.SourceJSON,
	})
}

// A project without releases has no JSON document, but it has roles: a 404
// must not read as "free".
func TestReleaselessProjectHasRoles(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{}))
	checkOwnership(t, ask(t, c, "unreleased"), &pypi.Ownership{
		Name: "unreleased", Exists: true, Roles: []pypi.Role{owner("openstackci")}, OrganizationUnknown: true, Source: pypi.SourceXMLRPC,
	})
	checkStats(t, c, pypi.Stats{JSON: 1, Simple: 1, XMLRPC: 1})
}

// A missing project is proven missing by /simple/, without an XML-RPC call
// (paced, and package_roles answers [] for it and for a project without
// direct roles alike).
func TestMissingAndRolelessProjects(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{}))
	checkOwnership(t, ask(t, c, "no-such-project"), &pypi.Ownership{
		Name: "no-such-project", Roles: []pypi.Role{}, Source: pypi.SourceJSON,
	})
	checkStats(t, c, pypi.Stats{JSON: 1, Simple: 1})
	checkOwnership(t, ask(t, c, "org-only-unreleased"), &pypi.Ownership{
		Name: "org-only-unreleased", Exists: true, Roles: []pypi.Role{}, OrganizationUnknown: true, Source: pypi.SourceXMLRPC,
	})
}

// An older PyPI without the ownership key: roles from XML-RPC, and the
// organization, which XML-RPC cannot see, from the project page.
func TestOlderPyPI(t *testing.T) {
	t.Parallel()
	for _, m := range []fakepypi.Markup{fakepypi.MarkupNew, fakepypi.MarkupOld} {
		t.Run(string(m), func(t *testing.T) {
			t.Parallel()
			c := newClient(t, newFake(t, fakepypi.Options{NoOwnership: true, Markup: m}))
			checkOwnership(t, ask(t, c, "org-project"), &pypi.Ownership{
				Name: "org-project", DisplayName: "org-project", Exists: true,
				Roles: []pypi.Role{owner("openstackci")}, Organization: "openstack", Source: pypi.SourceXMLRPC,
			})
			checkOwnership(t, ask(t, c, "oslo-config"), &pypi.Ownership{
				Name: "oslo-config", DisplayName: "oslo.config", Exists: true,
				Roles: []pypi.Role{owner("openstackci"), maintainer("bob")}, Source: pypi.SourceXMLRPC,
			})
			checkStats(t, c, pypi.Stats{JSON: 2, XMLRPC: 2, HTML: 3}) // oslo-config's page redirects to oslo.config
		})
	}
}

// Once package_roles is gone, the project page is the last resort, in
// either markup, and its README's profile links are not maintainers.
func TestPackageRolesGone(t *testing.T) {
	t.Parallel()
	for _, m := range []fakepypi.Markup{fakepypi.MarkupNew, fakepypi.MarkupOld} {
		t.Run(string(m), func(t *testing.T) {
			t.Parallel()
			c := newClient(t, newFake(t, fakepypi.Options{NoOwnership: true, NoPackageRoles: true, Markup: m}))
			checkOwnership(t, ask(t, c, "xstatic-smart-table"), &pypi.Ownership{
				Name: "xstatic-smart-table", DisplayName: "XStatic-smart-table", Exists: true,
				Roles:  []pypi.Role{unknown("bob"), unknown("Carol"), unknown("dave"), unknown("erin"), unknown("openstackci")},
				Source: pypi.SourceHTML,
			})
			checkOwnership(t, ask(t, c, "solo-project"), &pypi.Ownership{
				Name: "solo-project", DisplayName: "Solo_Project", Exists: true,
				Roles: []pypi.Role{owner("openstackci")}, Source: pypi.SourceHTML,
			})
			checkOwnership(t, ask(t, c, "org-project"), &pypi.Ownership{
				Name: "org-project", DisplayName: "org-project", Exists: true,
				Roles: []pypi.Role{unknown("openstackci")}, Organization: "openstack", Source: pypi.SourceHTML,
			})
		})
	}
}

// Without releases and without package_roles, nothing shows who holds a
// name that exists: that is a failure, not a project without roles.
func TestPackageRolesGoneReleaseless(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{NoPackageRoles: true}))
	o, err := c.Ownership(context.Background(), "unreleased")
	var e *pypi.Error
	if o != nil || !errors.As(err, &e) || !errors.Is(err, pypi.ErrRolesHidden) {
		t.Fatalf("got %+v, %v; want an *Error wrapping ErrRolesHidden", o, err)
	}
	checkOwnership(t, ask(t, c, "no-such-project"), &pypi.Ownership{
		Name: "no-such-project", Roles: []pypi.Role{}, Source: pypi.SourceJSON,
	})
	checkStats(t, c, pypi.Stats{JSON: 2, XMLRPC: 1, HTML: 1, Simple: 3})
}

func TestUserPackages(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{}))
	got, err := c.UserPackages(context.Background(), "BOB")
	if err != nil {
		t.Fatal(err)
	}
	want := []pypi.Package{{Role: "Maintainer", Name: "oslo.config"}, {Role: "Maintainer", Name: "XStatic-smart-table"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := c.UserPackages(context.Background(), "../bob"); !errors.As(err, new(*pypi.NameError)) {
		t.Errorf("UserPackages(../bob): got %v, want a *NameError", err)
	}
	checkStats(t, c, pypi.Stats{XMLRPC: 1})
}

func TestLookupKeepsOrderAndErrors(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{})
	c := newClient(t, s, func(o *pypi.Options) { o.MaxRetries = -1 })
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 500})
	res := c.Lookup(context.Background(), []string{"oslo.config", "../x", "oslo_config"})
	if len(res) != 3 || res[0].Name != "oslo.config" || res[2].Name != "oslo_config" {
		t.Fatalf("results out of order: %+v", res)
	}
	var ne *pypi.NameError
	if !errors.As(res[1].Err, &ne) || ne.Name != "../x" {
		t.Errorf("../x: got %v, want a *NameError", res[1].Err)
	}
	for _, i := range []int{0, 2} {
		var e *pypi.Error
		if res[i].Ownership != nil || !errors.As(res[i].Err, &e) || e.Package != res[i].Name {
			t.Errorf("%s: got %+v, %v; want an *Error naming it", res[i].Name, res[i].Ownership, res[i].Err)
		}
	}
	checkStats(t, c, pypi.Stats{JSON: 1})
}
