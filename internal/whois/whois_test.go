package whois_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"opendev.org/openstack/pypiguard/internal/acl"
	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/whois"
)

const secret = "s3cret"

// world: ironic's ACL grants +2 to ironic-core (hidden but for the bot)
// and ironic-reviewers (visible to all).
type world struct {
	gerrit *fakegerrit.Server
	pypi   *fakepypi.Server
	cores  *acl.Loader
	team   whois.Team
}

func newWorld(t *testing.T) *world { return newWorldAt(t, 0) }

// newWorldAt is newWorld with both fakes answering after latency.
func newWorldAt(t *testing.T, latency time.Duration) *world {
	t.Helper()
	g := fakegerrit.New(fakegerrit.Options{Latency: latency})
	t.Cleanup(g.Close)
	g.AddAccount(fakegerrit.Account{Username: "bot", Password: secret})
	g.AddAccount(fakegerrit.Account{Username: "jdoe", ID: 1001, Name: "Jane Doe"})
	g.AddAccount(fakegerrit.Account{Username: "rev", ID: 1002, Name: "Rita Reviewer"})
	g.AddAccount(fakegerrit.Account{Username: "someone", ID: 1003, Name: "Some One"})
	g.AddGroup(fakegerrit.Group{Name: "ironic-core", Members: []string{"jdoe"}, Viewers: []string{"bot"}})
	g.AddGroup(fakegerrit.Group{Name: "ironic-reviewers", Members: []string{"rev"}, VisibleToAll: true})
	p := fakepypi.New(fakepypi.World{}, fakepypi.Options{Latency: latency})
	t.Cleanup(p.Close)
	for _, u := range []fakepypi.User{{Username: "jdoe"}, {Username: "rev"}, {Username: "someone"},
		{Username: "login.launchpad.net_154"}, {Username: "fan", DisplayName: "Jane Doe"}, {Username: "mystery", DisplayName: "Mr X"}} {
		p.SetUser(u)
	}
	fsys := fstest.MapFS{
		"gerrit/acls/openstack/ironic.config":      {Data: []byte("[access]\n\tinheritFrom = openstack/meta-config\n[access \"refs/heads/*\"]\n\tlabel-Code-Review = -2..+2 group ironic-core\n\tlabel-Code-Review = -2..+2 group ironic-reviewers\n")},
		"gerrit/acls/openstack/meta-config.config": {Data: []byte("[access \"refs/heads/*\"]\n\ttoggleWipState = group Registered Users\n")},
	}
	cores := &acl.Loader{
		ACLConfig: func(project string) (string, bool) {
			if project == "openstack/ironic-python-agent" {
				return "/home/gerrit2/acls/openstack/ironic.config", true
			}
			return "", project == "openstack/meta-config"
		},
		Read: fsys.ReadFile,
	}
	return &world{gerrit: g, pypi: p, cores: cores, team: whois.Team{Name: "ironic"}}
}

func (w *world) whois(t *testing.T, creds bool, pol *policy.Policy) *whois.Whois {
	t.Helper()
	o := gerrit.Options{URL: w.gerrit.URL, BackoffBase: time.Millisecond, Retries: 1}
	if creds {
		o.Credentials = gerrit.Credentials{Username: "bot", Password: secret, Source: "the test"}
	}
	gc, err := gerrit.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := pypi.New(pypi.Options{BaseURL: w.pypi.URL, BackoffBase: time.Millisecond, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return whois.New(gc, pc, w.cores, pol)
}

// down is Gerrit failing every request these tests send.
var down = slices.Repeat([]int{503}, 500)

var everyone = []string{"jdoe", "rev", "someone", "login.launchpad.net_154", "fan", "mystery", "known1"}

func kinds(rs []identity.Result) string {
	var b []string
	for _, r := range rs {
		k := string(r.Identity)
		if r.Weak {
			k += "(weak)"
		}
		b = append(b, r.User+"="+k)
	}
	return strings.Join(b, " ")
}

func TestIdentify(t *testing.T) {
	t.Parallel()
	pol, err := policy.Parse("p.yaml", []byte("owner: openstackci\naccounts:\n  known1:\n    name: Someone Known\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		creds bool
		fail  []int
		want  string
	}{
		{"with credentials every identity is proven", true, nil,
			"jdoe=core rev=core someone=contributor login.launchpad.net_154=unknown fan=core(weak) mystery=unknown known1=known"},
		// Anonymously ironic-core's members cannot be read: jdoe's
		// membership is unproven, rev's shows in its visible groups, and a
		// stranger is still a stranger.
		{"anonymous", false, nil,
			"jdoe=unverified rev=core someone=unverified login.launchpad.net_154=unknown fan=unverified(weak) mystery=unknown known1=known"},
		{"Gerrit down", true, down,
			"jdoe=unverified rev=unverified someone=unverified login.launchpad.net_154=unverified fan=unverified mystery=unverified known1=known"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.gerrit.Fail(tt.fail...)
			got := w.whois(t, tt.creds, pol).Identify(context.Background(), "openstack/ironic-python-agent", w.team, everyone)
			if kinds(got) != tt.want {
				t.Errorf("got  %s\nwant %s", kinds(got), tt.want)
				for _, r := range got {
					t.Logf("%s: %s", r.User, r.Evidence)
				}
			}
		})
	}
}

func TestIdentifyAsksOncePerRun(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	wh := w.whois(t, true, nil)
	for range 3 {
		wh.Identify(context.Background(), "openstack/ironic-python-agent", w.team, everyone)
	}
	members := 0
	for _, r := range w.gerrit.Requests() {
		if strings.Contains(r.Path, "/members/") {
			members++
		}
	}
	if members != 2 {
		t.Errorf("%d member listings for 2 groups over 3 runs, want 2", members)
	}
	if c := w.pypi.Counts(); c.Other != len(everyone) {
		t.Errorf("%d user pages over 3 runs, want %d (one per account)", c.Other, len(everyone))
	}
	noRepeats(t, w)
}

// Anonymously, the visible groups (by username and by id) are asked once
// per run too, and no other Gerrit question twice.
func TestIdentifyAsksOncePerRunAnonymously(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	wh := w.whois(t, false, nil)
	for range 3 {
		wh.Identify(context.Background(), "openstack/ironic-python-agent", w.team, everyone)
	}
	groups := 0
	for _, r := range w.gerrit.Requests() {
		if strings.HasSuffix(r.Path, "/groups/") {
			groups++
		}
	}
	if groups == 0 {
		t.Error("no visible groups asked: the test proves nothing")
	}
	noRepeats(t, w)
}

// noRepeats fails when Gerrit got any question twice.
func noRepeats(t *testing.T, w *world) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range w.gerrit.Requests() {
		if seen[r.Method+" "+r.Path] {
			t.Errorf("Gerrit asked twice: %s %s", r.Method, r.Path)
		}
		seen[r.Method+" "+r.Path] = true
	}
}

func TestIdentifyWithoutGerritOrACLs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pc, _ := pypi.New(pypi.Options{BaseURL: w.pypi.URL})
	got := whois.New(nil, pc, nil, nil).Identify(context.Background(), "openstack/ironic-python-agent", w.team, []string{"login.launchpad.net_154"})
	if got[0].Identity != identity.Unverified || !strings.Contains(got[0].Evidence, "--gerrit-url") {
		t.Errorf("no Gerrit: %+v, want unverified naming --gerrit-url", got[0])
	}
}

func TestIdentifyUserPageMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	got := w.whois(t, true, nil).Identify(context.Background(), "openstack/ironic-python-agent", w.team, []string{"ghost"})
	if got[0].Identity != identity.Unverified || !strings.Contains(got[0].Evidence, "404") {
		t.Errorf("missing user page: %+v, want unverified", got[0])
	}
}

func TestLeadersOfTheRealProjectsYAML(t *testing.T) {
	t.Parallel()
	path := filepath.Join(fixture.SharedData(t), "governance", "reference", "projects.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	leaders, err := whois.Leaders("reference/projects.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	has := func(team, role, name, irc string) {
		t.Helper()
		for _, p := range leaders[team] {
			if p.Role == role && p.Name == name && p.IRC == irc {
				return
			}
		}
		t.Errorf("%s: no %s %s (%s) in %+v", team, role, name, irc, leaders[team])
	}
	has("nova", "PTL", "René Ribaud", "Uggla")
	has("nova", "release liaison", "Sylvain Bauza", "bauzas")
	// ironic is led by its liaisons (leadership_type: distributed).
	has("ironic", "release liaison", "Riccardo Pittau", "rpittau")
	for _, p := range leaders["ironic"] {
		if p.Role == "PTL" || p.Name == "Doug Goldstein" {
			t.Errorf("ironic: %+v: no PTL, and the TC liaison is not the team's", p)
		}
	}
}
