package pypi

import (
	"errors"
	"reflect"
	"testing"
)

const sidebar = `<div class="sidebar-section"><h2 class="sidebar-section__title">Navigation</h2></div>`

func TestParsePage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, html string
		users      []string
		org        string
	}{
		{"new markup", sidebar + `<div class="sidebar-section"><h2 class="sidebar-section__title">2 maintainers</h2>
			<a class="sidebar-section__maintainer" href="/user/openstackci/" aria-label="openstackci"><span>openstackci</span></a>
			<details><summary>+1 more</summary><a class="sidebar-section__maintainer" href="https://pypi.org/user/Bob/"><span>Bob</span></a></details></div>`,
			[]string{"openstackci", "Bob"}, ""},
		{"old markup, listed twice", `<div class="sidebar-section"><h6>Maintainers</h6>
			<span class="sidebar-section__maintainer"><a href="/user/openstackci/" aria-label=""><span>openstackci</span></a></span></div>
			<div class="sidebar-section"><span class="sidebar-section__maintainer"><a href="/user/OpenStackCI/" aria-label="">x</a></span></div>`,
			[]string{"openstackci"}, ""},
		{"README links are not maintainers", sidebar + `<div class="project-description"><a href="/user/mallory/">mallory</a>
			<a class="other" href="/user/eve/">eve</a></div>`, nil, ""},
		{"foreign hosts, queries and odd paths are not maintainers", sidebar + `
			<a class="sidebar-section__maintainer" href="https://evil.example/user/eve/">eve</a>
			<a class="sidebar-section__maintainer" href="/user/eve/?x=1">eve</a>
			<a class="sidebar-section__maintainer" href="/user/../admin/">eve</a>
			<a class="sidebar-section__maintainer" href="/user/a/b/">eve</a>`, nil, ""},
		{"organization by icon", sidebar + `<ul><li><a class="sidebar-links__link" href="/org/openstack/"><i class="fa fa-sitemap"></i> OpenStack</a></li></ul>`,
			nil, "openstack"},
		{"organization by the Owner title", `<div class="sidebar-section"><h2 class="sidebar-section__title">Owner</h2>
			<div class="sidebar-section__content"><details>data</details><ul class="sidebar-links"><li><a href="/org/openstack/">OpenStack</a></li></ul></div></div>`,
			nil, "openstack"},
		{"organization in the old markup", sidebar + `<div><h6>Owner</h6><a class="vertical-tabs__tab" href="/org/openstack/">OpenStack</a></div>`,
			nil, "openstack"},
		{"README organization links are not the box", sidebar + `<div class="project-description"><h2>Owner</h2>
			<p>See <a href="/org/readme-org/">readme-org</a>.</p></div>`, nil, ""},
	} {
		p, err := parsePage([]byte(tc.html), "pypi.org")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(p.users, tc.users) || p.org != tc.org {
			t.Errorf("%s: got users %q, org %q; want %q, %q", tc.name, p.users, p.org, tc.users, tc.org)
		}
	}
}

func TestParsePageWithoutSidebar(t *testing.T) {
	t.Parallel()
	if _, err := parsePage([]byte(`<html><body><a href="/user/x/">x</a></body></html>`)); !errors.Is(err, ErrMalformed) {
		t.Errorf("got %v, want ErrMalformed", err)
	}
}

func TestHTMLRoles(t *testing.T) {
	t.Parallel()
	if got := htmlRoles([]string{"openstackci"}, ""); !reflect.DeepEqual(got, []Role{{"Owner", "openstackci"}}) {
		t.Errorf("sole collaborator: %+v", got)
	}
	if got := htmlRoles([]string{"openstackci"}, "openstack"); !reflect.DeepEqual(got, []Role{{RoleUnknown, "openstackci"}}) {
		t.Errorf("sole collaborator of an organization's project: %+v", got)
	}
	if got := htmlRoles([]string{"a", "b"}, ""); !reflect.DeepEqual(got, []Role{{RoleUnknown, "a"}, {RoleUnknown, "b"}}) {
		t.Errorf("several: %+v", got)
	}
}
