package identity_test

import (
	"errors"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/report"
)

var (
	jdoe     = identity.GerritAccount{ID: 1001, Username: "jdoe", Name: "Jane Doe", Email: "jane@example.org"}
	rpittau  = identity.GerritAccount{ID: 1002, Username: "rpittau", Name: "Riccardo Pittau"}
	outsider = identity.GerritAccount{ID: 1003, Username: "someone", Name: "Some One"}
	errDown  = errors.New("gerrit: HTTP 503")
	errHide  = errors.New("cannot see the group")
)

// ironic is a team whose core groups were read: jdoe is a core; its
// release liaison is Riccardo Pittau.
func ironic(user string) identity.Input {
	return identity.Input{
		User: user, Team: "ironic",
		Groups: []identity.Group{
			{Name: "ironic-core", Members: []identity.GerritAccount{jdoe}},
			{Name: "ironic-reviewers"},
		},
		Leaders: []identity.Person{{Role: "release liaison", Name: "Riccardo Pittau", IRC: "rpittau-irc"}},
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       func() identity.Input
		want     identity.Kind
		weak     bool
		evidence string
	}{
		{"known from the policy wins", func() identity.Input {
			in := ironic("login.launchpad.net_154")
			in.Known = &policy.Account{User: "login.launchpad.net_154", Name: "Old Bot", Note: "retired"}
			in.ByUsername.Err = errDown
			return in
		}, identity.Known, false, "named in the policy: Old Bot (retired)"},
		{"core member, same username, any case", func() identity.Input {
			return ironic("JDoe")
		}, identity.Core, false, "Gerrit user jdoe (ironic-core), same username"},
		{"core by visible groups, as an anonymous caller proves it", func() identity.Input {
			in := ironic("jdoe")
			in.Groups = []identity.Group{{Name: "ironic-core", Err: errHide}}
			in.ByUsername.Accounts = []identity.GerritAccount{jdoe}
			in.Visible = map[int]identity.Groups{1001: {Names: []string{"Registered Users", "ironic-core"}}}
			return in
		}, identity.Core, false, "Gerrit user jdoe, same username, member of ironic-core"},
		{"liaison through the Gerrit account of the username", func() identity.Input {
			in := ironic("rpittau")
			in.ByUsername.Accounts = []identity.GerritAccount{rpittau}
			return in
		}, identity.Core, false, "Gerrit user rpittau (Riccardo Pittau), same username, is release liaison of ironic"},
		{"contributor: a Gerrit account, in no core group", func() identity.Input {
			in := ironic("someone")
			in.ByUsername.Accounts = []identity.GerritAccount{outsider}
			return in
		}, identity.Contributor, false, "Gerrit user someone, same username; not in ironic-core, ironic-reviewers"},
		{"a query that answers more than asked is filtered", func() identity.Input {
			in := ironic("someone-else")
			in.ByUsername.Accounts = []identity.GerritAccount{outsider}
			return in
		}, identity.Unknown, false, "no Gerrit account with username someone-else (no display name on PyPI)"},
		{"a username beats a display name taken from a core", func() identity.Input {
			in := ironic("someone")
			in.DisplayName = "Jane Doe"
			in.ByUsername.Accounts = []identity.GerritAccount{outsider}
			return in
		}, identity.Contributor, false, "Gerrit user someone, same username"},
		{"core member's full name as display name alone is weak", func() identity.Input {
			in := ironic("jane-on-pypi")
			in.DisplayName = "  jane   DOE "
			return in
		}, identity.Core, true, `Gerrit user jdoe (ironic-core), same name "  jane   DOE " (display name only)`},
		{"liaison's name as display name is weak", func() identity.Input {
			in := ironic("elfosardo")
			in.DisplayName = "Riccardo Pittau"
			return in
		}, identity.Core, true, "release liaison of ironic, same name"},
		{"liaison's IRC nick as username is weak", func() identity.Input {
			return ironic("RPITTAU-irc")
		}, identity.Core, true, "release liaison of ironic (Riccardo Pittau), whose IRC nick is this username"},
		{"contributor by display name alone is weak", func() identity.Input {
			in := ironic("someone-on-pypi")
			in.DisplayName = "Some One"
			in.ByName.Accounts = []identity.GerritAccount{outsider, {ID: 5, Name: "Some Onedin"}}
			return in
		}, identity.Contributor, true, `Gerrit user someone, same name "Some One" (display name only); not in ironic-core`},
		{"a contributor whose core groups could not be read is unverified", func() identity.Input {
			in := ironic("someone")
			in.Groups[1].Err = errHide
			in.ByUsername.Accounts = []identity.GerritAccount{outsider}
			return in
		}, identity.Unverified, false, "whether it is a core of ironic is unknown: the members of ironic-reviewers could not be read: cannot see the group"},
		{"no core groups found: unverified contributor", func() identity.Input {
			in := ironic("someone")
			in.Groups, in.CoreErr = nil, errors.New("acl: no file")
			in.ByUsername.Accounts = []identity.GerritAccount{outsider}
			return in
		}, identity.Unverified, false, "its core groups could not be found: acl: no file"},
		{"the stranger: every question answered, nothing matched", func() identity.Input {
			in := ironic("login.launchpad.net_154")
			in.DisplayName = "Mystery"
			in.Groups[0].Err = errHide // membership is not needed to call a stranger
			return in
		}, identity.Unknown, false, `no Gerrit account with username login.launchpad.net_154 or name "Mystery"; not the PTL or a liaison of ironic`},
		{"Gerrit down: unverified, never unknown", func() identity.Input {
			in := ironic("login.launchpad.net_154")
			in.ByUsername.Err = errDown
			return in
		}, identity.Unverified, false, "could not ask the Gerrit account query by username: gerrit: HTTP 503"},
		{"name query failed: unverified", func() identity.Input {
			in := ironic("x")
			in.DisplayName = "Mystery"
			in.ByName.Err = errDown
			return in
		}, identity.Unverified, false, "could not ask the Gerrit account query by name"},
		{"user page missing: unverified", func() identity.Input {
			in := ironic("x")
			in.PageErr = errors.New("pypi: user page: HTTP 404")
			return in
		}, identity.Unverified, false, "could not ask the PyPI user page: pypi: user page: HTTP 404"},
		{"a core match needs no other answer", func() identity.Input {
			in := ironic("jdoe")
			in.PageErr, in.ByUsername.Err = errDown, errDown
			return in
		}, identity.Core, false, "Gerrit user jdoe (ironic-core), same username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in()
			got := identity.Classify(in)
			if got.Identity != tt.want || got.Weak != tt.weak || !strings.Contains(got.Evidence, tt.evidence) || got.User != in.User {
				t.Errorf("Classify = %+v, want %s weak=%v with evidence %q", got, tt.want, tt.weak, tt.evidence)
			}
		})
	}
}

func TestSeverity(t *testing.T) {
	t.Parallel()
	r := func(k identity.Kind, weak bool) identity.Result { return identity.Result{Identity: k, Weak: weak} }
	tests := []struct {
		rs   []identity.Result
		want report.Severity
	}{
		{[]identity.Result{r(identity.Core, false), r(identity.Unknown, false)}, report.Critical},
		{[]identity.Result{r(identity.Core, false), r(identity.Contributor, false)}, report.High},
		{[]identity.Result{r(identity.Known, false), r(identity.Unverified, false)}, report.High},
		{[]identity.Result{r(identity.Known, false), r(identity.Core, true)}, report.High},
		{[]identity.Result{r(identity.Known, false), r(identity.Core, false)}, report.Medium},
		{nil, report.High},
	}
	for _, tt := range tests {
		if got := identity.Severity(tt.rs); got != tt.want {
			t.Errorf("Severity(%v) = %s, want %s", tt.rs, got, tt.want)
		}
	}
	core := []identity.Result{r(identity.Core, false)}
	if identity.Apply(report.Critical, core) != report.Critical || identity.Apply(report.High, core) != report.Medium || identity.Apply(report.Info, core) != report.Info {
		t.Error("Apply must keep critical and info, and judge high by the identities")
	}
}

// TestClassifyNoTeam: an orphan no governed repo maps to has no team, so a
// Gerrit account is a contributor (there is no team to be a core of), and
// the stranger's evidence names no team.
func TestClassifyNoTeam(t *testing.T) {
	t.Parallel()
	in := identity.Input{User: "someone", ByUsername: identity.Query{Accounts: []identity.GerritAccount{outsider}}}
	if r := identity.Classify(in); r.Identity != identity.Contributor || !strings.Contains(r.Evidence, "no governed repo maps to the package") {
		t.Errorf("%+v", r)
	}
	in = identity.Input{User: "login.launchpad.net_154"}
	if r := identity.Classify(in); r.Identity != identity.Unknown || strings.Contains(r.Evidence, "liaison of") {
		t.Errorf("%+v", r)
	}
}
