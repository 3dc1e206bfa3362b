package whois_test

import (
	"context"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"

	"opendev.org/openstack/pypiguard/internal/identity"
)

// latency is long against the time a client takes to send questions it
// asks together, so that the fakes' timelines tell apart a question that
// waited for another from one asked beside it.
const latency = 80 * time.Millisecond

// spans are every request both fakes got.
func (w *world) spans() []fixture.Span {
	var out []fixture.Span
	for _, r := range w.gerrit.Requests() {
		out = append(out, fixture.Span{What: "gerrit " + r.Path, Arrived: r.Arrived, Answered: r.Answered})
	}
	for _, r := range w.pypi.Spans() {
		out = append(out, fixture.Span{What: "pypi " + r.Path, Arrived: r.Arrived, Answered: r.Answered})
	}
	return out
}

// TestIdentifyRoundTrips: what the identities of one package add to a
// check, in round trips. The issue allows one. A display name alone (no
// Gerrit account with the username) needs the user page before the name
// query can be asked: two, and anonymously three (the found account's
// visible groups); that evidence is weak anyway.
func TestIdentifyRoundTrips(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		creds    bool
		accounts []string
		want     string
		rounds   int
	}{
		// The benchmark's case: a stranger and a Gerrit account that has a
		// display name, asked anonymously. jdoe's username decides, so its
		// display name is not looked up.
		{"anonymous: stranger and account with a display name", false, []string{"login.launchpad.net_154", "jdoe"},
			"login.launchpad.net_154=unknown jdoe=unverified", 1},
		// rev proves its membership through its visible groups, asked by
		// username beside the username query.
		{"anonymous: core through visible groups", false, []string{"rev", "someone"}, "rev=core someone=unverified", 1},
		{"credentials: core, contributor, stranger", true, []string{"jdoe", "rev", "someone", "login.launchpad.net_154"},
			"jdoe=core rev=core someone=contributor login.launchpad.net_154=unknown", 1},
		{"credentials: display name only", true, []string{"fan", "mystery"}, "fan=core(weak) mystery=unknown", 2},
		{"anonymous: display name only", false, []string{"fan"}, "fan=unverified(weak)", 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorldAt(t, latency)
			got := w.whois(t, tt.creds, nil).Identify(context.Background(), "openstack/ironic-python-agent", w.team, tt.accounts)
			if kinds(got) != tt.want {
				t.Errorf("got  %s\nwant %s", kinds(got), tt.want)
			}
			if n, log := fixture.Rounds(w.spans()); n != tt.rounds {
				t.Errorf("%d round trips, want %d:\n%s", n, tt.rounds, log)
			}
		})
	}
}

// TestVisibleGroupsOnlyOfTheUsernamesAccount: Gerrit resolves an
// {account-id} that is no username through full names too, so the groups
// listed for "mallory" may be those of another account, whose full name is
// "mallory". They must not make mallory a core.
func TestVisibleGroupsOnlyOfTheUsernamesAccount(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.gerrit.AddAccount(fakegerrit.Account{Username: "rev2", ID: 1010, Name: "mallory"})
	w.gerrit.AddGroup(fakegerrit.Group{Name: "ironic-reviewers", Members: []string{"rev", "rev2"}, VisibleToAll: true})
	w.pypi.SetUser(fakepypi.User{Username: "mallory"})
	got := w.whois(t, false, nil).Identify(context.Background(), "openstack/ironic-python-agent", w.team, []string{"mallory"})
	if got[0].Identity != identity.Unknown {
		t.Errorf("mallory: %+v, want unknown: no account has this username", got[0])
	}
	asked := false
	for _, r := range w.gerrit.Requests() {
		asked = asked || r.Path == "/accounts/mallory/groups/" && r.Status == 200
	}
	if !asked {
		t.Error("the groups of mallory were not asked by username (or the fake did not resolve the full name): the test proves nothing")
	}
}
