package main

import (
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// Identities end to end (issue 15): who each extra account is, through the
// built binary, against a fake Gerrit and a fake PyPI.

const (
	idBotPassword = "s3cret"
	stranger      = "login.launchpad.net_154"
)

// idPolicy names ipa-lib's package (so that Gerrit is asked only about
// people) and knows one person.
const idPolicy = `owner: openstackci
names:
  openstack/ipa-lib: ipa-lib
accounts:
  friend:
    name: Fred Friend
    note: former PTL
`

// idScene is a new deliverable ipa-lib of team horizon (PTL Carol), whose
// ACL grants +2 to horizon-core, a group only the bot may see. On Gerrit,
// jdoe is in horizon-core and contrib is not; on PyPI, carolfan's display
// name is Carol's, and the stranger has no display name.
type idScene struct {
	repo, projectConfig, policy string
	gerrit                      *fakegerrit.Server
	pypi                        *fakepypi.Server
}

func newIDScene(t *testing.T, visibleToBot bool, maintainers ...string) *idScene {
	t.Helper()
	return newIDSceneAt(t, 0, visibleToBot, maintainers...)
}

// newIDSceneAt is newIDScene with both fakes answering after latency.
func newIDSceneAt(t *testing.T, latency time.Duration, visibleToBot bool, maintainers ...string) *idScene {
	t.Helper()
	s := &idScene{repo: governanceRepo(t, checkBase, addDeliverable("ipa-lib", "")).Dir, projectConfig: idProjectConfig(t, "ipa-lib")}
	s.policy = filepath.Join(t.TempDir(), "pypiguard.yaml")
	if err := os.WriteFile(s.policy, []byte(idPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	s.gerrit = fakegerrit.New(fakegerrit.Options{Latency: latency})
	t.Cleanup(s.gerrit.Close)
	s.gerrit.AddAccount(fakegerrit.Account{Username: "bot", Password: idBotPassword, ID: 1000, Name: "Bot"})
	s.gerrit.AddAccount(fakegerrit.Account{Username: "jdoe", ID: 1001, Name: "Jane Doe"})
	s.gerrit.AddAccount(fakegerrit.Account{Username: "contrib", ID: 1002, Name: "Con Tributor"})
	g := fakegerrit.Group{Name: "horizon-core", Members: []string{"jdoe"}}
	if visibleToBot {
		g.Viewers = []string{"bot"}
	}
	s.gerrit.AddGroup(g)
	roles := []string{"Owner", "openstackci"}
	for _, m := range maintainers {
		roles = append(roles, "Maintainer", m)
	}
	s.pypi = fakepypi.New(world(owned("ipa-lib", roles...), owned("old-thing", "Owner", "openstackci", "Maintainer", stranger)), fakepypi.Options{Latency: latency})
	t.Cleanup(s.pypi.Close)
	s.pypi.SetUser(fakepypi.User{Username: "carolfan", DisplayName: "Carol"})
	return s
}

// idProjectConfig is a project-config checkout publishing openstack/<repo>,
// with its ACL file (jeepyb's default path: no acl-config).
func idProjectConfig(t *testing.T, repo string) string {
	t.Helper()
	return writeDir(t, map[string]string{
		"gerrit/projects.yaml":                      "- project: openstack/" + repo + "\n",
		"zuul.d/projects.yaml":                      "- project:\n    name: openstack/" + repo + "\n    templates:\n      - publish-to-pypi\n",
		"gerrit/acls/openstack/" + repo + ".config": "[access \"refs/heads/*\"]\n\tlabel-Code-Review = -2..+2 group horizon-core\n\tlabel-Code-Review = -1..+1 group Registered Users\n",
	})
}

var idBotEnv = []string{"GERRIT_USERNAME=bot", "GERRIT_HTTP_PASSWORD=" + idBotPassword}

func (s *idScene) check(t *testing.T, env []string, extra ...string) (fixture.Result, report.Report) {
	t.Helper()
	args := append([]string{"check", "--format", "json", "--log-level", "error", "--pypi-url", s.pypi.URL,
		"--gerrit-url", s.gerrit.URL, "--project-config", s.projectConfig, "--config", s.policy}, extra...)
	res := fixture.Run(t, s.repo, env, args...)
	return res, jsonReport(t, res)
}

// identities maps each account to "identity" or "identity (weak)".
func identities(as []report.Account) map[string]string {
	m := map[string]string{}
	for _, a := range as {
		m[a.User] = a.Identity
		if a.Weak {
			m[a.User] += " (weak)"
		}
	}
	return m
}

// TestIdentityEveryKind: the quote's two cases and everything between, in
// one finding; severity follows the worst identity, the verdict stays.
func TestIdentityEveryKind(t *testing.T) {
	t.Parallel()
	all := []string{"friend", "jdoe", "carolfan", "contrib", stranger}
	for _, tc := range []struct {
		name        string
		maintainers []string
		severity    report.Severity
	}{
		{"all", all, report.Critical},
		{"known and core: a policy question", []string{"friend", "jdoe"}, report.Medium},
		{"a contributor", []string{"jdoe", "contrib"}, report.High},
		{"core on a display name alone", []string{"carolfan"}, report.High},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newIDScene(t, true, tc.maintainers...)
			res, r := s.check(t, idBotEnv)
			f := onlyFinding(t, r)
			want := map[string]string{}
			for _, m := range tc.maintainers {
				want[m] = map[string]string{"friend": "known", "jdoe": "core", "carolfan": "core (weak)", "contrib": "contributor", stranger: "unknown"}[m]
			}
			if res.Code != 1 || f.Status != report.ExtraMaintainers || f.Severity != tc.severity || !maps.Equal(identities(f.Accounts), want) {
				t.Errorf("exit %d, %s %s, accounts %v; want exit 1, extra-maintainers %s, %v\n%s", res.Code, f.Status, f.Severity, identities(f.Accounts), tc.severity, want, res.Stderr)
			}
			for _, a := range f.Accounts {
				if a.Role != "Maintainer" || a.Evidence == "" {
					t.Errorf("account %+v: want role Maintainer and evidence", a)
				}
			}
			groupReads := 0
			for _, rq := range s.gerrit.Requests() {
				if strings.Contains(rq.Path, "/groups/") {
					groupReads++
				}
			}
			if groupReads != 1 {
				t.Errorf("horizon-core's members read %d times, want once", groupReads)
			}
		})
	}
}

// TestIdentityEvidenceEverywhere: the text report, the Zuul comment and
// the Markdown say who each account is, strangers first.
func TestIdentityEvidenceEverywhere(t *testing.T) {
	t.Parallel()
	s := newIDScene(t, true, "jdoe", stranger)
	zr := filepath.Join(t.TempDir(), "zuul.json")
	args := []string{"check", "--log-level", "error", "--pypi-url", s.pypi.URL, "--gerrit-url", s.gerrit.URL,
		"--project-config", s.projectConfig, "--config", s.policy, "--kind", "governance", "--zuul-return", zr}
	res := fixture.Run(t, s.repo, idBotEnv, args...)
	core := "jdoe (Maintainer): core — Gerrit user jdoe (horizon-core), same username"
	unknown := stranger + " (Maintainer): unknown — no Gerrit account with username " + stranger
	if res.Code != 1 || !strings.Contains(res.Stdout, core) || !strings.Contains(res.Stdout, unknown) ||
		strings.Index(res.Stdout, unknown) > strings.Index(res.Stdout, core) {
		t.Errorf("exit %d; text lacks, strangers first,\n%s\n%s\nin:\n%s", res.Code, unknown, core, res.Stdout)
	}
	data, err := os.ReadFile(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Who: "+unknown) || !strings.Contains(string(data), "Who: "+core) {
		t.Errorf("the Zuul comment lacks the accounts:\n%s", data)
	}
	md := fixture.Run(t, s.repo, idBotEnv, append(args[:len(args)-2], "--format", "markdown")...)
	if !strings.Contains(md.Stdout, "**Who:**") || !strings.Contains(md.Stdout, "unknown — no Gerrit account") {
		t.Errorf("the Markdown lacks the accounts:\n%s", md.Stdout)
	}
}

// TestIdentityOff: --identity=false asks Gerrit nothing about people and
// leaves the severity as before.
func TestIdentityOff(t *testing.T) {
	t.Parallel()
	s := newIDScene(t, true, stranger)
	res, r := s.check(t, idBotEnv, "--identity=false")
	f := onlyFinding(t, r)
	if res.Code != 1 || len(f.Accounts) != 0 || f.Severity != report.High {
		t.Errorf("exit %d, %+v", res.Code, f)
	}
	if n := len(s.gerrit.Requests()); n != 0 {
		t.Errorf("%d Gerrit requests with --identity=false", n)
	}
	if c := s.pypi.Counts(); c.Other != 0 {
		t.Errorf("user pages read with --identity=false: %v", c)
	}
}

// TestIdentityFailures: what could not be asked is unverified, never
// unknown; what could be proven stays proven; the verdict never changes.
func TestIdentityFailures(t *testing.T) {
	t.Parallel()
	all := []string{"friend", "jdoe", "contrib", stranger}
	for _, tc := range []struct {
		name   string
		setup  func(s *idScene)
		hidden bool
		env    []string
		want   map[string]string
		sev    report.Severity
	}{
		{"Gerrit down", func(s *idScene) { s.gerrit.Close() }, false, idBotEnv,
			map[string]string{"friend": "known", "jdoe": "unverified", "contrib": "unverified", stranger: "unverified"}, report.High},
		{"anonymous: /groups/ answers 403", nil, false, nil,
			map[string]string{"friend": "known", "jdoe": "unverified", "contrib": "unverified", stranger: "unknown"}, report.Critical},
		{"group hidden from the bot: 404", nil, true, idBotEnv,
			map[string]string{"friend": "known", "jdoe": "unverified", "contrib": "unverified", stranger: "unknown"}, report.Critical},
		{"PyPI user pages missing", func(s *idScene) {
			s.pypi.Fail(fakepypi.KindOther, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: http.StatusNotFound})
		}, false, idBotEnv,
			map[string]string{"friend": "known", "jdoe": "core", "contrib": "contributor", stranger: "unverified"}, report.High},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newIDScene(t, !tc.hidden, all...)
			if tc.setup != nil {
				tc.setup(s)
			}
			res, r := s.check(t, tc.env, "--gerrit-retries", "0")
			f := onlyFinding(t, r)
			if res.Code != 1 || f.Status != report.ExtraMaintainers || f.Severity != tc.sev || !maps.Equal(identities(f.Accounts), tc.want) {
				t.Errorf("exit %d, %s %s, %v; want exit 1, extra-maintainers %s, %v", res.Code, f.Status, f.Severity, identities(f.Accounts), tc.sev, tc.want)
			}
			for _, a := range f.Accounts {
				if a.Identity == "unverified" && !strings.Contains(a.Evidence, "could not") && !strings.Contains(a.Evidence, "unknown:") {
					t.Errorf("unverified without saying what could not be asked: %+v", a)
				}
			}
		})
	}
}

// idGovernance is a governance checkout: team horizon (PTL Carol) with the
// deliverable ipa-lib.
func idGovernance(t *testing.T) string {
	t.Helper()
	return writeDir(t, map[string]string{"reference/projects.yaml": addDeliverable("ipa-lib", "")})
}

// TestIdentityAudit: the audit names who each account is on findings and
// orphans, shows the strangers first in the HTML report, and leaves what
// it could not ask unverified.
func TestIdentityAudit(t *testing.T) {
	t.Parallel()
	for _, down := range []bool{false, true} {
		t.Run(map[bool]string{false: "Gerrit up", true: "Gerrit down"}[down], func(t *testing.T) {
			t.Parallel()
			s := newIDScene(t, true, "jdoe", "carolfan", stranger)
			if down {
				s.gerrit.Close()
			}
			out := t.TempDir()
			res := fixture.Run(t, t.TempDir(), idBotEnv, "audit", "--governance", idGovernance(t), "--project-config", s.projectConfig,
				"--config", s.policy, "--pypi-url", s.pypi.URL, "--gerrit-url", s.gerrit.URL, "--gerrit-retries", "0",
				"--fail-on", "never", "--format", "json", "--log-level", "error", "--out", out)
			r := jsonReport(t, res)
			var f *report.Finding
			for i := range r.Findings {
				if r.Findings[i].Repo == "openstack/ipa-lib" {
					f = &r.Findings[i]
				}
			}
			want := map[string]string{"jdoe": "core", "carolfan": "core (weak)", stranger: "unknown"}
			orphan := map[string]string{stranger: "unknown"}
			sev := report.Critical
			if down {
				// The PTL's name is in projects.yaml: no Gerrit needed.
				want = map[string]string{"jdoe": "unverified", "carolfan": "core (weak)", stranger: "unverified"}
				orphan, sev = map[string]string{stranger: "unverified"}, report.High
			}
			if f == nil || f.Severity != sev || !maps.Equal(identities(f.Accounts), want) {
				t.Fatalf("ipa-lib: %+v; want %s %v", f, sev, want)
			}
			if len(r.Orphans) != 1 || !maps.Equal(identities(r.Orphans[0].Accounts), orphan) {
				t.Errorf("orphans: %+v; want old-thing with %v", r.Orphans, orphan)
			}
			html, err := os.ReadFile(filepath.Join(out, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(html)
			strangers, teams := strings.Index(page, `id="strangers"`), strings.Index(page, `id="teams"`)
			if !down && (strangers < 0 || strangers > teams || !strings.Contains(page, stranger+"</strong> (Maintainer) on ipa-lib")) {
				t.Errorf("the HTML report does not show the strangers first:\n%s", page)
			}
			if down && strangers >= 0 {
				t.Errorf("an unverified account shown as a stranger")
			}
		})
	}
}
