package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// botPassword is distinctive so that the tests can look for it in every
// output: it must never show.
const (
	botUser     = "pypiguard-bot"
	botPassword = "Zq7-pypiguard-TEST-s3cr3t-xyzzy"
)

// gerritScene is a fake Gerrit serving openstack/governance with two
// changes made of real commits: dirtyN adds xstatic-tv4, which a second
// account can upload, and cleanN adds xstatic-clean, which only openstackci
// holds. The bot may vote Verified -1..+1.
type gerritScene struct {
	repo                 *fixture.Repo
	gerrit               *fakegerrit.Server
	pypi                 *fakepypi.Server
	base, dirty, clean   string
	dirtyN, cleanN       int
	dirtyHead, cleanHead string
}

func newGerritScene(t *testing.T, o fakegerrit.Options) *gerritScene {
	t.Helper()
	s := &gerritScene{repo: fixture.NewRepo(t), gerrit: fakegerrit.New(o),
		pypi: fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "mallory"), owned("xstatic-clean", "Owner", "openstackci")), fakepypi.Options{})}
	t.Cleanup(s.gerrit.Close)
	t.Cleanup(s.pypi.Close)
	s.base = s.repo.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(checkBase), "reference/legacy.yaml": []byte("---\n")})
	s.dirtyHead, s.cleanHead = addDeliverable("xstatic-tv4", ""), addDeliverable("xstatic-clean", "")
	s.dirty = s.commitFrom(t, "dirty", s.dirtyHead)
	s.clean = s.commitFrom(t, "clean", s.cleanHead)
	s.gerrit.AddProject("openstack/governance", s.repo.Dir)
	s.gerrit.AddAccount(fakegerrit.Account{Username: botUser, Password: botPassword, Grants: map[string]fakegerrit.Range{"Verified": {Min: -1, Max: 1}}})
	s.dirtyN = s.gerrit.AddChange("openstack/governance", "master", s.dirty)
	s.cleanN = s.gerrit.AddChange("openstack/governance", "master", s.clean)
	return s
}

// commitFrom commits projects.yaml on a new branch from base: a change.
func (s *gerritScene) commitFrom(t *testing.T, branch, projects string) string {
	t.Helper()
	fixture.Git(t, s.repo.Dir, "checkout", "-q", "-b", branch, s.base)
	return s.repo.Commit(branch, map[string][]byte{"reference/projects.yaml": []byte(projects)})
}

// check runs check against the scene with extra arguments and env.
func (s *gerritScene) check(t *testing.T, env []string, extra ...string) fixture.Result {
	t.Helper()
	args := append([]string{"check", "--kind", "governance", "--gerrit-url", s.gerrit.URL, "--pypi-url", s.pypi.URL, "--pypi-retries", "0", "--gerrit-retries", "0"}, extra...)
	return fixture.Run(t, t.TempDir(), env, args...)
}

func botEnv() []string {
	return []string{"GERRIT_USERNAME=" + botUser, "GERRIT_HTTP_PASSWORD=" + botPassword}
}

// noSecret fails if the password shows in any of texts, as is or in a
// Basic header.
func noSecret(t *testing.T, texts ...string) {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte(botUser + ":" + botPassword))
	for _, s := range texts {
		if strings.Contains(s, botPassword) || strings.Contains(s, basic) {
			t.Errorf("the password shows in:\n%s", s)
		}
	}
}

func noViolations(t *testing.T, g *fakegerrit.Server) {
	t.Helper()
	if v := g.Violations(); len(v) != 0 {
		t.Errorf("requests off Gerrit's documented wire format: %q", v)
	}
}

func jsonReport(t *testing.T, res fixture.Result) report.Report {
	t.Helper()
	var r report.Report
	if err := json.Unmarshal([]byte(res.Stdout), &r); err != nil {
		t.Fatalf("exit %d, stdout is not a JSON report: %v\n%s\nstderr: %s", res.Code, err, res.Stdout, res.Stderr)
	}
	return r
}

// Reading the change over REST finds what reading it from git finds, in
// either content encoding and with the change id in any form.
func TestGerritCheckMatchesLocalCheck(t *testing.T) {
	t.Parallel()
	for _, accept := range []string{"", "*/*"} {
		s := newGerritScene(t, fakegerrit.Options{ProxyAccept: accept})
		local := fixture.Run(t, s.repo.Dir, nil, "check", "--format", "json", "--pypi-url", s.pypi.URL, "--base", s.base, "--head", s.dirty, "--log-level", "error")
		want := jsonReport(t, local)
		if local.Code != 1 || len(want.Findings) != 1 {
			t.Fatalf("local check: exit %d %+v", local.Code, want)
		}
		key := s.gerrit.Change(s.dirtyN).ChangeID
		for _, id := range []string{"1001", "openstack/governance~1001", "openstack%2Fgovernance~1001", "openstack%2Fgovernance~master~" + key} {
			// Identities need Gerrit, which the local check has not: off here.
			res := s.check(t, nil, "--format", "json", "--log-level", "error", "--change", id, "--revision", s.dirty, "--identity=false")
			got := jsonReport(t, res)
			if res.Code != 1 || !reflect.DeepEqual(got.Findings, want.Findings) || !reflect.DeepEqual(got.Events, want.Events) ||
				!reflect.DeepEqual(got.Touched, want.Touched) || got.Base != want.Base || got.Head != want.Head || got.Verdict != want.Verdict {
				t.Errorf("Accept %q, change %s: exit %d\ngot  %+v\nwant %+v\n%s", accept, id, res.Code, got, want, res.Stderr)
			}
		}
		if len(s.gerrit.Reviews()) != 0 {
			t.Errorf("check without --post posted")
		}
		noViolations(t, s.gerrit)
	}
}

func TestGerritPostDirty(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	res := s.check(t, botEnv(), "--change", "openstack/governance~1001", "--revision", s.dirty, "--post", "--log-level", "debug")
	if res.Code != 1 {
		t.Fatalf("exit %d\n%s", res.Code, res.Stderr)
	}
	rs := s.gerrit.Reviews()
	if len(rs) != 1 {
		t.Fatalf("%d reviews, want 1", len(rs))
	}
	in := rs[0].Input
	cs := in.Comments["reference/projects.yaml"]
	if rs[0].Revision != s.dirty || !reflect.DeepEqual(in.Labels, map[string]int{"Verified": -1}) || len(in.Comments) != 1 || len(cs) != 1 ||
		cs[0].Line != lineOf(s.dirtyHead, "    xstatic-tv4:") || !*cs[0].Unresolved || in.Tag != "autogenerated:pypiguard" ||
		in.Notify != "OWNER_REVIEWERS" || !in.OmitDuplicateComments {
		t.Errorf("review %+v", rs[0])
	}
	if !strings.Contains(cs[0].Message, "mallory") || !strings.Contains(in.Message, "pypiguard: FAIL (1 extra-maintainers)") {
		t.Errorf("texts: %q\n%q", cs[0].Message, in.Message)
	}
	if !strings.Contains(res.Stderr, "gerrit request") || !strings.Contains(res.Stderr, "posted the review") {
		t.Errorf("the debug log lacks the requests:\n%s", res.Stderr)
	}
	noSecret(t, res.Stdout, res.Stderr)
	noViolations(t, s.gerrit)
}

const passOnePolicy = "owner: openstackci\ngerrit:\n  label: Verified\n  vote-fail: -1\n  vote-pass: 1\n"

func tempFile(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGerritPostClean(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	for _, tc := range []struct {
		policy string
		vote   int
	}{{"", 0}, {tempFile(t, "policy.yaml", passOnePolicy, 0o644), 1}} {
		extra := []string{"--change", "1002", "--revision", s.clean, "--post"}
		if tc.policy != "" {
			extra = append(extra, "--config", tc.policy)
		}
		res := s.check(t, botEnv(), extra...)
		rs := s.gerrit.Reviews()
		if res.Code != 0 || len(rs) == 0 || !reflect.DeepEqual(rs[len(rs)-1].Input.Labels, map[string]int{"Verified": tc.vote}) || len(rs[len(rs)-1].Input.Comments) != 0 {
			t.Errorf("vote %d: exit %d, %+v\n%s", tc.vote, res.Code, rs, res.Stderr)
		}
	}
	noViolations(t, s.gerrit)
}

func TestGerritPostNothingOnAnOutdatedRevision(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	s.gerrit.AddPatchSet(s.dirtyN, s.clean)
	res := s.check(t, botEnv(), "--change", "1001", "--revision", s.dirty, "--post")
	if res.Code != 1 || len(s.gerrit.Reviews()) != 0 || !strings.Contains(res.Stderr, "pypiguard: nothing posted: revision "+s.dirty+" is no longer the current patch set of change 1001") {
		t.Errorf("exit %d, %d reviews\n%s", res.Code, len(s.gerrit.Reviews()), res.Stderr)
	}
}

func TestGerritRestrictedLabel(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	s.gerrit.AddAccount(fakegerrit.Account{Username: botUser, Password: botPassword})
	res := s.check(t, botEnv(), "--change", "1001", "--revision", s.dirty, "--post", "--log-level", "debug")
	for _, want := range []string{`HTTP 403 Forbidden: Applying label "Verified": -1 is restricted`, "label-Verified = -1..+1 group <your-bot-group>", `[access "refs/heads/*"]`} {
		if res.Code != 2 || !strings.Contains(res.Stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", res.Code, want, res.Stderr)
		}
	}
	noSecret(t, res.Stdout, res.Stderr)
}

func TestGerritCredentials(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	creds := "username: " + botUser + "\nhttp-password: " + botPassword + "\n"
	open := tempFile(t, "creds", creds, 0o644)
	res := s.check(t, nil, "--change", "1001", "--revision", s.dirty, "--post", "--gerrit-credentials", open)
	if res.Code != 2 || !strings.Contains(res.Stderr, "chmod 600") || len(s.gerrit.Requests()) != 0 {
		t.Errorf("a world-readable file: exit %d\n%s", res.Code, res.Stderr)
	}
	private := tempFile(t, "creds", creds, 0o600)
	res = s.check(t, nil, "--change", "1001", "--revision", s.dirty, "--post", "--gerrit-credentials", private)
	if res.Code != 1 || len(s.gerrit.Reviews()) != 1 || s.gerrit.Reviews()[0].Account != botUser {
		t.Errorf("a private file: exit %d\n%s", res.Code, res.Stderr)
	}
	res = s.check(t, []string{"GERRIT_USERNAME=" + botUser, "GERRIT_HTTP_PASSWORD=wrong-" + botPassword}, "--change", "1001", "--revision", s.dirty, "--post", "--log-level", "debug")
	if res.Code != 2 || !strings.Contains(res.Stderr, "HTTP 401") || !strings.Contains(res.Stderr, "GERRIT_USERNAME, GERRIT_HTTP_PASSWORD") {
		t.Errorf("a wrong password: exit %d\n%s", res.Code, res.Stderr)
	}
	noSecret(t, res.Stdout, res.Stderr)
	res = s.check(t, nil, "--change", "1001", "--revision", s.dirty, "--post")
	if res.Code != 2 || !strings.Contains(res.Stderr, "set GERRIT_USERNAME and GERRIT_HTTP_PASSWORD") {
		t.Errorf("no credentials: exit %d\n%s", res.Code, res.Stderr)
	}
}

// What could not be verified gets a message and no vote at all.
func TestGerritUnverifiedPostsNoVote(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	failAll(s.pypi, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	res := s.check(t, botEnv(), "--change", "1001", "--revision", s.dirty, "--post")
	rs := s.gerrit.Reviews()
	if res.Code != 3 || len(rs) != 1 || rs[0].Input.Labels != nil || len(rs[0].Input.Comments) != 0 || !strings.HasPrefix(rs[0].Input.Message, "pypiguard: UNVERIFIED") {
		t.Errorf("exit %d, %+v\n%s", res.Code, rs, res.Stderr)
	}
}

func TestGerritFlagsThatDoNotMakeAWhole(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	for _, args := range [][]string{
		{"--post"},
		{"--change", "1001"},
		{"--revision", s.dirty},
		{"--change", "1001", "--revision", "current"},
		{"--change", "openstack%252Fgovernance~1001", "--revision", s.dirty},
		{"--change", "1001", "--revision", s.dirty, "--gerrit-retries", "-1"},
	} {
		if res := s.check(t, botEnv(), args...); res.Code != 2 || res.Stderr == "" {
			t.Errorf("%q: exit %d\n%s", args, res.Code, res.Stderr)
		}
	}
	if res := fixture.Run(t, t.TempDir(), nil, "check", "--change", "1001", "--revision", s.dirty); res.Code != 2 || !strings.Contains(res.Stderr, "--change needs --gerrit-url") {
		t.Errorf("no --gerrit-url: exit %d\n%s", res.Code, res.Stderr)
	}
	if n := len(s.gerrit.Requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestGerritDown(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	s.gerrit.Fail(503, 503)
	res := s.check(t, nil, "--change", "1001", "--revision", s.dirty, "--gerrit-retries", "1")
	if res.Code != 3 || !strings.Contains(res.Stderr, "HTTP 503") || !strings.Contains(res.Stderr, "after 2 attempts") {
		t.Errorf("exit %d\n%s", res.Code, res.Stderr)
	}
}
