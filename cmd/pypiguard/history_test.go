package main

import (
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// A PyPI world for the real changes of ../shared/data/history: some of
// their packages clean, some dirty.
var historyWorld = world(
	owned("xstatic-angular-schema-form", "Owner", "openstackci"),
	owned("XStatic-objectpath", "Owner", "openstackci", "Maintainer", "xstatic-py"),
	owned("tenks", "Owner", "openstackci", "Maintainer", "ironic-core-2019"),
	owned("kuryr-lib", "Owner", "openstackci"),
	fakepypi.Project{Name: "kuryr-libnetwork", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "docker-plugins"},
	owned("kayobe", "Owner", "openstackci", "Owner", "stackhpc-bot"),
)

func TestCheckRealHistory(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	type want struct {
		code     int
		statuses map[string]report.Status // repo -> status
		requests bool
	}
	cases := map[string]want{
		"gov-xstatic-onboarding": {1, map[string]report.Status{
			"openstack/xstatic-angular-schema-form": report.Clean,
			"openstack/xstatic-objectpath":          report.ExtraMaintainers,
			"openstack/xstatic-tv4":                 report.Pending,
		}, true},
		"gov-tenks-handover": {1, map[string]report.Status{"openstack/tenks": report.ExtraMaintainers}, true},
		"gov-kuryr-to-zun": {1, map[string]report.Status{
			"openstack/kuryr":            report.Clean, // kuryr-lib, by the built-in policy's names
			"openstack/kuryr-libnetwork": report.OrganizationOwned,
		}, true},
		"gov-unretire-api-site": {0, map[string]report.Status{"openstack/api-site": report.NotApplicable}, false},
		"gov-revive-os-monasca": {0, map[string]report.Status{
			"openstack/openstack-ansible-os_monasca":       report.Pending,
			"openstack/openstack-ansible-os_monasca-agent": report.Pending,
		}, true},
		"pc-xstatic-starts-publishing": {0, map[string]report.Status{"openstack/xstatic-angular-schema-form": report.Clean}, true},
		"pc-kayobe-adoption": {1, map[string]report.Status{
			"openstack/kayobe":            report.ExtraMaintainers,
			"openstack/kayobe-config":     report.NotApplicable,
			"openstack/kayobe-config-dev": report.NotApplicable,
		}, true},
		"pc-commented-template": {0, map[string]report.Status{}, false},
	}
	for name, w := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(data, "history", name)
			repo := fixture.NewRepo(t)
			repo.Commit("base", fixture.ReadTree(t, filepath.Join(dir, "base")))
			repo.Commit("head", fixture.ReadTree(t, filepath.Join(dir, "head")))
			pypi := fakepypi.New(historyWorld, fakepypi.Options{})
			defer pypi.Close()
			res, r := runCheck(t, repo.Dir, pypi)
			if res.Code != w.code {
				t.Errorf("exit %d, want %d\n%s", res.Code, w.code, res.Stderr)
			}
			got := map[string]report.Status{}
			for _, f := range r.Findings {
				got[f.Repo] = f.Status
			}
			if len(got) != len(w.statuses) {
				t.Errorf("findings %v, want %v", got, w.statuses)
			}
			for repo, s := range w.statuses {
				if got[repo] != s {
					t.Errorf("%s: %s, want %s", repo, got[repo], s)
				}
			}
			if n := pypi.Counts().Total(); (n > 0) != w.requests {
				t.Errorf("%d PyPI requests", n)
			}
		})
	}
}
