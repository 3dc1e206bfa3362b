package policy_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/report"
)

func roles(pairs ...string) []report.Role {
	var out []report.Role
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, report.Role{Role: pairs[i], User: pairs[i+1]})
	}
	return out
}

const withExceptions = `owner: openstackci
exceptions:
  - package: os-net-config
    accounts: [Alice]
    reason: handed over by TC resolution
    link: https://governance.openstack.org/tc/resolutions/20251117-handover-os-net-config.html
    expires: 2026-11-24
    handover: true
  - package: XStatic_Font.Awesome
    accounts: [bob, carol]
    reason: maintained with MoinMoin
    expires: 2030-01-01
  - package: plain
    accounts: [dave]
    reason: co-maintained
    expires: 2030-01-01
    handover: false
`

func TestJudge(t *testing.T) {
	t.Parallel()
	pol, err := policy.Parse("test.yaml", []byte(withExceptions))
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d.Add(15 * time.Hour) // any time of the day
	}
	today := day("2026-06-01")
	cases := []struct {
		name     string
		pkg      string
		own      policy.Ownership
		today    time.Time
		status   report.Status
		severity report.Severity
		extra    []string
		says     []string
	}{
		{"clean", "nova", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci")}, today,
			report.Clean, report.Info, nil, []string{"only collaborator of nova, as Owner"}},
		{"owner compared case-insensitively", "nova", policy.Ownership{Exists: true, Roles: roles("Owner", "OpenStackCI")}, today,
			report.Clean, report.Info, nil, nil},
		{"extra maintainer", "ironic-python-agent", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci", "Maintainer", "login.launchpad.net_154")}, today,
			report.ExtraMaintainers, report.High, []string{"login.launchpad.net_154"},
			[]string{"login.launchpad.net_154 can also upload", "https://pypi.org/manage/project/ironic-python-agent/collaboration/"}},
		{"extra owner", "nova", policy.Ownership{Exists: true, Roles: roles("Owner", "bob", "Owner", "openstackci")}, today,
			report.ExtraMaintainers, report.High, []string{"bob"}, []string{"Remove bob at"}},
		{"openstackci only Maintainer", "nova", policy.Ownership{Exists: true, Roles: roles("Owner", "bob", "Maintainer", "openstackci")}, today,
			report.NotOwner, report.High, []string{"bob"}, []string{"only a Maintainer", "(bob) must make openstackci an Owner"}},
		{"openstackci absent: the name is someone else's", "heat", policy.Ownership{Exists: true, Roles: roles("Owner", "stranger")}, today,
			report.NotOwner, report.Critical, []string{"stranger"}, []string{"has no role on heat", "choose another PyPI name"}},
		{"exists with no visible collaborator", "quiet", policy.Ownership{Exists: true}, today,
			report.NotOwner, report.Critical, nil, []string{"lists no collaborator"}},
		{"organization-owned even with only openstackci", "pkg", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci"), Organization: "acme"}, today,
			report.OrganizationOwned, report.Critical, nil, []string{`organization "acme"`, "https://pypi.org/manage/organization/acme/projects/"}},
		{"pending", "newthing", policy.Ownership{}, today,
			report.Pending, report.Info, nil, []string{"does not exist on PyPI yet"}},
		{"exempt", "os-net-config", policy.Ownership{Exists: true, Roles: roles("Owner", "alice")}, today,
			report.Exempt, report.Info, nil, []string{"alice may upload besides openstackci until 2026-11-24", "resolutions/20251117"}},
		{"exempt on the expiry day itself", "os-net-config", policy.Ownership{Exists: true, Roles: roles("Owner", "alice")}, day("2026-11-24"),
			report.Exempt, report.Info, nil, nil},
		{"expired the day after", "os-net-config", policy.Ownership{Exists: true, Roles: roles("Owner", "alice")}, day("2026-11-25"),
			report.NotOwner, report.Critical, []string{"alice"}, []string{"expired on 2026-11-24", "renew the exception"}},
		{"exception matched by normalised name and any case", "xstatic-font-awesome", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci", "Maintainer", "BOB")}, today,
			report.Exempt, report.Info, nil, nil},
		{"exception covering fewer accounts hides only those", "XStatic-Font-Awesome", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci", "Maintainer", "bob", "Maintainer", "mallory")}, today,
			report.ExtraMaintainers, report.High, []string{"mallory"}, []string{"covers bob", "does not cover mallory"}},
		{"release-less project: organization unknown, cannot be clean", "nova", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci"), OrganizationUnknown: true}, today,
			report.StatusUnverified, report.Info, nil, []string{"shows no organization", "claims nothing"}},
		{"release-less project with extra accounts still fails", "nova", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci", "Owner", "bob"), OrganizationUnknown: true}, today,
			report.ExtraMaintainers, report.High, []string{"bob"}, nil},
		{"exception beside openstackci as Owner", "plain", policy.Ownership{Exists: true, Roles: roles("Owner", "openstackci", "Owner", "dave")}, today,
			report.Exempt, report.Info, nil, []string{"dave may upload besides openstackci"}},
		{"exception without handover: openstackci absent still fails", "plain", policy.Ownership{Exists: true, Roles: roles("Owner", "dave")}, today,
			report.NotOwner, report.Critical, []string{"dave"}, []string{"has no role on plain", "does not apply", "handover: true"}},
		{"exception without handover: openstackci only Maintainer still fails", "plain", policy.Ownership{Exists: true, Roles: roles("Owner", "dave", "Maintainer", "openstackci")}, today,
			report.NotOwner, report.High, []string{"dave"}, []string{"only a Maintainer", "does not apply"}},
		{"handover: openstackci only Maintainer is exempt", "os-net-config", policy.Ownership{Exists: true, Roles: roles("Owner", "alice", "Maintainer", "openstackci")}, today,
			report.Exempt, report.Info, nil, []string{"alice may upload"}},
		{"handover covers only its accounts", "os-net-config", policy.Ownership{Exists: true, Roles: roles("Owner", "alice", "Owner", "mallory")}, today,
			report.NotOwner, report.Critical, []string{"mallory"}, []string{"does not cover mallory"}},
		{"exception does not cover an organization", "os-net-config", policy.Ownership{Exists: true, Roles: roles("Owner", "alice"), Organization: "acme"}, today,
			report.OrganizationOwned, report.Critical, []string{"alice"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := pol.Judge(tc.pkg, tc.own, tc.today)
			if v.Status != tc.status || v.Severity != tc.severity {
				t.Errorf("got %s/%s, want %s/%s: %s", v.Status, v.Severity, tc.status, tc.severity, v.Message)
			}
			if !slices.Equal(v.Extra, tc.extra) {
				t.Errorf("extra %q, want %q", v.Extra, tc.extra)
			}
			text := v.Message + " " + v.Remediation
			for _, s := range tc.says {
				if !strings.Contains(text, s) {
					t.Errorf("message lacks %q:\n%s", s, text)
				}
			}
			if tc.status.Fails() && (v.Remediation == "" || !strings.Contains(v.Message, tc.pkg)) {
				t.Errorf("a failing verdict must name the package and say how to fix it: %+v", v)
			}
		})
	}
}

func TestDefaultPolicy(t *testing.T) {
	t.Parallel()
	p := policy.Default()
	if p.Owner != "openstackci" || !slices.Equal(p.Namespaces, []string{"openstack"}) || !p.Publish.MatchString("publish-to-pypi-stable-only") {
		t.Errorf("default policy: %+v", p)
	}
	if !slices.Equal(p.PublishJobs, []string{"release-openstack-python"}) {
		t.Errorf("default publish-jobs: %q", p.PublishJobs)
	}
	if p.Names["openstack/keystoneauth"] != "keystoneauth1" || p.Gerrit.Label != "Verified" || p.Gerrit.VoteFail != -1 || p.Gerrit.VotePass != 0 || p.Gerrit.Tag != "autogenerated:pypiguard" {
		t.Errorf("default policy: %+v", p)
	}
}

func TestGerritVotesBothSpellings(t *testing.T) {
	t.Parallel()
	p, err := policy.Parse("p.yaml", []byte("owner: openstackci\ngerrit:\n  label: PyPI-Check\n  votes:\n    fail: -2\n    pass: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Gerrit != (policy.Gerrit{Label: "PyPI-Check", VoteFail: -2, VotePass: 1, Tag: "autogenerated:pypiguard"}) {
		t.Errorf("%+v", p.Gerrit)
	}
}

func TestInvalidPolicyListsEveryProblem(t *testing.T) {
	t.Parallel()
	bad := `owner: openstackci
ownr: typo
namespaces: openstack
publish-template: "pypi("
names:
  nova: nova
  openstack/heat: "openstack heat"
exceptions:
  - package: foo
    accounts: [alice]
    reason: because
    expires: next week
  - package: Foo
    accounts: [bob]
    reason: again
    expires: 2027-01-01
  - package: bar
    accounts: []
    reason: ""
    expires: 2027-02-30
  - package: baz
    reason: no accounts
    expires: 2027-01-01
    colour: blue
gerrit:
  label: Verified
  vote-fail: 1
  tag: pypiguard
  label: Code-Review
`
	_, err := policy.Parse("pypiguard.yaml", []byte(bad))
	var pe *policy.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want *policy.Error, got %v", err)
	}
	want := []string{
		`pypiguard.yaml:2: the policy: unknown key "ownr"`,
		`pypiguard.yaml:3: namespaces: expected a list`,
		`pypiguard.yaml:4: publish-template: "pypi(" is not a usable regular expression`,
		`pypiguard.yaml:6: names: "nova" is not an org/name repository`,
		`pypiguard.yaml:7: names: openstack/heat: "openstack heat" is not a valid PyPI project name`,
		`pypiguard.yaml:12: exception: expires "next week" is not a date; write YYYY-MM-DD`,
		`pypiguard.yaml:13: exceptions: Foo is listed twice (also on line 9)`,
		`pypiguard.yaml:18: exception: accounts is empty`,
		`pypiguard.yaml:20: exception: expires "2027-02-30" is not a date`,
		`pypiguard.yaml:17: exception: reason is empty`,
		`pypiguard.yaml:24: exception: unknown key "colour"`,
		`pypiguard.yaml:21: exception: accounts is required`,
		`pypiguard.yaml:27: gerrit: vote-fail: "1" is not a vote from -2 to -1`,
		`pypiguard.yaml:28: gerrit: tag "pypiguard" must start with autogenerated:`,
		`pypiguard.yaml:29: gerrit: key "label" is written twice (also on line 26)`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q", w)
		}
	}
	if len(pe.Problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(pe.Problems), len(want), msg)
	}
	if !strings.Contains(msg, "leave out --config to use the built-in OpenStack policy") {
		t.Errorf("error does not say the way out:\n%s", msg)
	}
}

func TestPublishJobsAndHandoverAreStrict(t *testing.T) {
	t.Parallel()
	good := "owner: openstackci\npublish-jobs: [release-openstack-python, my-upload]\n"
	p, err := policy.Parse("p.yaml", []byte(good))
	if err != nil || !slices.Equal(p.PublishJobs, []string{"release-openstack-python", "my-upload"}) {
		t.Fatalf("%v %+v", err, p)
	}
	bad := `owner: openstackci
publish-jobs: [ok, "bad name", ok]
exceptions:
  - package: a
    accounts: [x]
    reason: r
    expires: 2030-01-01
    handover: yes
  - package: b
    accounts: [x]
    reason: r
    expires: 2030-01-01
    handover: "true"
`
	_, err = policy.Parse("p.yaml", []byte(bad))
	for _, w := range []string{`p.yaml:2: publish-jobs: "bad name" is not a Zuul job name`, `p.yaml:2: publish-jobs: "ok" is listed twice`,
		"p.yaml:8: exception: handover: write true or false", "p.yaml:13: exception: handover: write true or false"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
	_, err = policy.Parse("p.yaml", []byte("owner: openstackci\npublish-jobs: release-openstack-python\n"))
	if err == nil || !strings.Contains(err.Error(), "publish-jobs: expected a list") {
		t.Errorf("got %v", err)
	}
}

func TestPolicyNeedsOwner(t *testing.T) {
	t.Parallel()
	_, err := policy.Parse("p.yaml", []byte("namespaces: [openstack]\n"))
	if err == nil || !strings.Contains(err.Error(), "owner is required") {
		t.Errorf("got %v", err)
	}
	_, err = policy.Parse("p.yaml", []byte(""))
	if err == nil || !strings.Contains(err.Error(), "the policy is empty") {
		t.Errorf("got %v", err)
	}
}
