package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// hookSite is a Gerrit site for the hook: etc/pypiguard.yaml pointing at
// the scene's fakes, the bot's credentials file, and logs/.
type hookSite struct {
	dir, log string
}

func newHookSite(t *testing.T, s *gerritScene, extra string) *hookSite {
	t.Helper()
	h := &hookSite{dir: t.TempDir()}
	h.log = filepath.Join(h.dir, "logs", "pypiguard.log")
	for _, d := range []string{"etc", "logs"} {
		if err := os.Mkdir(filepath.Join(h.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	creds := "username: " + botUser + "\nhttp-password: " + botPassword + "\n"
	if err := os.WriteFile(filepath.Join(h.dir, "etc", "pypiguard.credentials"), []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := "gerrit-url: " + s.gerrit.URL + "\ncredentials: pypiguard.credentials\npypi-url: " + s.pypi.URL + "\n" + extra
	if err := os.WriteFile(filepath.Join(h.dir, "etc", "pypiguard.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return h
}

// pluginArgs are the arguments the hooks plugin gives patchset-created,
// in its order, plus a flag of a future plugin.
func pluginArgs(change, project, branch, commit, patchset string) []string {
	return []string{
		"--change", change, "--kind", "REWORK",
		"--change-url", "https://review.example.org/c/" + project + "/+/1001",
		"--change-owner", `"Jane Doe <jane@example.org>"`, "--change-owner-username", "jane",
		"--project", project, "--branch", branch, "--topic", "",
		"--uploader", `"Jane Doe <jane@example.org>"`, "--uploader-username", "jane",
		"--commit", commit, "--patchset", patchset,
		"--from-a-future-plugin", "value",
	}
}

func (s *gerritScene) triplet(n int) string {
	return "openstack%2Fgovernance~master~" + s.gerrit.Change(n).ChangeID
}

// runHook runs the real hook/patchset-created script as Gerrit does: in
// the project's repository, with GERRIT_SITE and GIT_DIR set.
func runHook(t *testing.T, env []string, args ...string) fixture.Result {
	t.Helper()
	return runScript(t, filepath.Join(fixture.ModuleRoot(t), "hook", "patchset-created"), append([]string{"PYPIGUARD=" + fixture.Binary(t)}, env...), args...)
}

func runScript(t *testing.T, script string, env []string, args ...string) fixture.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, script, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = append([]string{"HOME=" + cmd.Dir}, env...)
	if !hasPath(env) {
		cmd.Env = append(cmd.Env, "PATH="+os.Getenv("PATH"))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return fixture.Result{Code: code, Stdout: stdout.String(), Stderr: stderr.String()}
}

func hasPath(env []string) bool {
	for _, e := range env {
		if strings.HasPrefix(e, "PATH=") {
			return true
		}
	}
	return false
}

func (h *hookSite) env(gitDir string) []string {
	return []string{"GERRIT_SITE=" + h.dir, "GIT_DIR=" + gitDir}
}

// logLines reads the hook's log: JSON lines.
func (h *hookSite) logLines(t *testing.T) (string, []map[string]any) {
	t.Helper()
	data, err := os.ReadFile(h.log)
	if err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		lines = append(lines, m)
	}
	return string(data), lines
}

func logHas(lines []map[string]any, message string) bool {
	for _, l := range lines {
		if l["message"] == message {
			return true
		}
	}
	return false
}

func TestHookVotesOnADirtyChange(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	h := newHookSite(t, s, "")
	res := runHook(t, h.env(s.repo.Dir), append(pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1"), "--log-level", "debug")...)
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Stderr)
	}
	rs := s.gerrit.Reviews()
	if len(rs) != 1 {
		t.Fatalf("%d reviews, want 1", len(rs))
	}
	cs := rs[0].Input.Comments["reference/projects.yaml"]
	if rs[0].Revision != s.dirty || !reflect.DeepEqual(rs[0].Input.Labels, map[string]int{"Verified": -1}) ||
		len(cs) != 1 || cs[0].Line != lineOf(s.dirtyHead, "    xstatic-tv4:") {
		t.Errorf("review %+v", rs[0])
	}
	if !strings.Contains(res.Stdout, "pypiguard check: FAIL (1 extra-maintainers)") {
		t.Errorf("stdout:\n%s", res.Stdout)
	}
	log, lines := h.logLines(t)
	if !logHas(lines, "posted the review") || !logHas(lines, "gerrit request") || !strings.Contains(log, `"ignored":["from-a-future-plugin"]`) {
		t.Errorf("log:\n%s", log)
	}
	noSecret(t, res.Stdout, res.Stderr, log)
	noViolations(t, s.gerrit)
}

// TestHookVotesWhateverTheTopic: the topic is free text anyone sets on a
// change, and the plugin writes it after --project and --branch. Read as a
// flag, "--project" blanked the project and the hook skipped the vote.
func TestHookVotesWhateverTheTopic(t *testing.T) {
	t.Parallel()
	for _, topic := range []string{"--project", "--branch=stable/x", "--help"} {
		s := newGerritScene(t, fakegerrit.Options{})
		h := newHookSite(t, s, "")
		args := pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")
		args[slices.Index(args, "--topic")+1] = topic
		res := runHook(t, h.env(s.repo.Dir), args...)
		rs := s.gerrit.Reviews()
		if res.Code != 0 || len(rs) != 1 || !reflect.DeepEqual(rs[0].Input.Labels, map[string]int{"Verified": -1}) {
			t.Errorf("topic %q: exit %d, %d reviews\n%s%s", topic, res.Code, len(rs), res.Stdout, res.Stderr)
		}
	}
}

func TestHookVotesTheConfiguredCleanVote(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	pol := tempFile(t, "policy.yaml", passOnePolicy, 0o644)
	h := newHookSite(t, s, "policy: "+pol+"\n")
	res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.cleanN), "openstack/governance", "master", s.clean, "1")...)
	rs := s.gerrit.Reviews()
	if res.Code != 0 || len(rs) != 1 || !reflect.DeepEqual(rs[0].Input.Labels, map[string]int{"Verified": 1}) || len(rs[0].Input.Comments) != 0 {
		t.Errorf("exit %d, %+v\n%s", res.Code, rs, res.Stderr)
	}
}

func TestHookPostsNothingOnAnOutdatedRevision(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	s.gerrit.AddPatchSet(s.dirtyN, s.clean)
	h := newHookSite(t, s, "")
	res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...)
	log, lines := h.logLines(t)
	if res.Code != 0 || len(s.gerrit.Reviews()) != 0 || !strings.Contains(res.Stderr, "nothing posted: revision "+s.dirty+" is no longer the current patch set") || !logHas(lines, "nothing posted") {
		t.Errorf("exit %d, %d reviews\n%s\n%s", res.Code, len(s.gerrit.Reviews()), res.Stderr, log)
	}
}

func TestHookExplainsARestrictedLabel(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	s.gerrit.AddAccount(fakegerrit.Account{Username: botUser, Password: botPassword})
	h := newHookSite(t, s, "log-level: debug\n")
	res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...)
	log, lines := h.logLines(t)
	// The log is JSON: its quotes are escaped.
	for _, text := range []string{res.Stderr, strings.ReplaceAll(log, `\"`, `"`)} {
		if res.Code != 2 || !strings.Contains(text, `Applying label "Verified": -1 is restricted`) || !strings.Contains(text, "label-Verified = -1..+1 group <your-bot-group>") {
			t.Errorf("exit %d:\n%s", res.Code, text)
		}
	}
	if !logHas(lines, "hook failed") {
		t.Errorf("log:\n%s", log)
	}
	noSecret(t, res.Stdout, res.Stderr, log)
}

func TestHookLeavesOtherProjectsAndBranchesAlone(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	h := newHookSite(t, s, "")
	for _, pb := range [][2]string{{"openstack/nova", "master"}, {"openstack/governance", "stable/2024.1"}} {
		args := append(pluginArgs("openstack%2Fnova~master~I0123456789abcdef0123456789abcdef01234567", pb[0], pb[1], s.dirty, "1"), "--log-level", "debug")
		res := runHook(t, h.env(s.repo.Dir), args...)
		if res.Code != 0 || res.Stdout != "" || res.Stderr != "" {
			t.Errorf("%v: exit %d\n%s%s", pb, res.Code, res.Stdout, res.Stderr)
		}
	}
	if n, m := len(s.gerrit.Requests()), s.pypi.Counts().Total(); n != 0 || m != 0 {
		t.Errorf("%d Gerrit and %d PyPI requests", n, m)
	}
	log, lines := h.logLines(t)
	if len(lines) != 2 || !logHas(lines, "not a configured project and branch: nothing to do") {
		t.Errorf("log:\n%s", log)
	}
}

// With read-from-git, the files come from the bare repository Gerrit gives
// the hook; only the vote goes through REST.
func TestHookReadsFromTheBareRepository(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	bare := filepath.Join(t.TempDir(), "governance.git")
	fixture.Git(t, s.repo.Dir, "clone", "-q", "--mirror", s.repo.Dir, bare)
	h := newHookSite(t, s, "read-from-git: true\n")
	res := runHook(t, h.env(bare), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...)
	rs := s.gerrit.Reviews()
	if res.Code != 0 || len(rs) != 1 || !reflect.DeepEqual(rs[0].Input.Labels, map[string]int{"Verified": -1}) {
		t.Fatalf("exit %d, %+v\n%s", res.Code, rs, res.Stderr)
	}
	for _, r := range s.gerrit.Requests() {
		if strings.Contains(r.Path, "/revisions/") && !strings.HasSuffix(r.Path, "/review") {
			t.Errorf("read %s over REST", r.Path)
		}
	}
}

// The shim finds pypiguard in $PYPIGUARD, beside itself, or on PATH.
func TestHookShimFindsPypiguard(t *testing.T) {
	t.Parallel()
	args := pluginArgs("1", "openstack/nova", "master", strings.Repeat("a", 40), "1")
	cfg := tempFile(t, "pypiguard.yaml", "gerrit-url: http://127.0.0.1:1\ncredentials: c\n", 0o644)
	args = append(args, "--hook-config", cfg)
	shim, err := os.ReadFile(filepath.Join(fixture.ModuleRoot(t), "hook", "patchset-created"))
	if err != nil {
		t.Fatal(err)
	}
	beside := t.TempDir()
	script := filepath.Join(beside, "patchset-created")
	if err := os.WriteFile(script, shim, 0o755); err != nil {
		t.Fatal(err)
	}
	if res := runScript(t, script, []string{"PATH=/usr/bin:/bin"}, args...); res.Code != 127 || !strings.Contains(res.Stderr, "pypiguard not found") {
		t.Errorf("nowhere: exit %d %s", res.Code, res.Stderr)
	}
	onPath := t.TempDir()
	if err := os.Symlink(fixture.Binary(t), filepath.Join(onPath, "pypiguard")); err != nil {
		t.Fatal(err)
	}
	if res := runScript(t, script, []string{"PATH=" + onPath + ":/usr/bin:/bin"}, args...); res.Code != 0 {
		t.Errorf("on PATH: exit %d %s", res.Code, res.Stderr)
	}
	if err := os.Symlink(fixture.Binary(t), filepath.Join(beside, "pypiguard")); err != nil {
		t.Fatal(err)
	}
	if res := runScript(t, script, []string{"PATH=/usr/bin:/bin"}, args...); res.Code != 0 {
		t.Errorf("beside: exit %d %s", res.Code, res.Stderr)
	}
}
