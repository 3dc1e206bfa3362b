package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// openDev makes a folder standing for opendev.org: bare repositories
// openstack/project-config (xstatic-tv4 is a project that publishes
// nothing) and openstack/releases, and returns the env that points
// pypiguard at it.
func openDev(t *testing.T) (env string, root string) {
	t.Helper()
	root = openDevWith(t, map[string]map[string][]byte{
		"project-config": {"gerrit/projects.yaml": []byte(pcGerrit + "- project: openstack/xstatic-tv4\n"), "zuul.d/projects.yaml": []byte(pcZuul)},
		"releases":       {"README.rst": []byte("releases\n")},
	})
	return "PYPIGUARD_OPENDEV_URL=file://" + root, root
}

// openDevWith makes a folder standing for opendev.org holding a bare
// repository openstack/<name> of one commit of files for each of repos.
func openDevWith(t *testing.T, repos map[string]map[string][]byte) string {
	t.Helper()
	root := t.TempDir()
	for name, files := range repos {
		r := fixture.NewRepo(t)
		r.Commit("init", files)
		fixture.Git(t, r.Dir, "clone", "-q", "--bare", r.Dir, filepath.Join(root, "openstack", name))
	}
	return root
}

// TestCheckUsesTheGatesInputs: a new deliverable whose repo publishes
// nothing, under a name a stranger holds on PyPI. The gate, reading
// project-config, passes it; so does check by default, from its clones.
func TestCheckUsesTheGatesInputs(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	env, root := openDev(t)
	cache := t.TempDir()
	run := func(env []string, extra ...string) (fixture.Result, report.Report) {
		args := append([]string{"check", "--format", "json", "--pypi-url", pypi.URL, "--log-level", "error", "--cache-dir", cache}, extra...)
		res := fixture.Run(t, repo.Dir, env, args...)
		return res, jsonReport(t, res)
	}
	res, r := run([]string{env})
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable || len(r.Notes) != 0 {
		t.Fatalf("with the gate's inputs: exit %d, notes %q: %+v\n%s", res.Code, r.Notes, f, res.Stderr)
	}
	// --offline uses the clones the cache holds, even with opendev gone.
	if err := os.RemoveAll(filepath.Join(root, "openstack")); err != nil {
		t.Fatal(err)
	}
	res, r = run([]string{env}, "--offline")
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable || len(r.Notes) != 0 {
		t.Errorf("--offline with a cache: exit %d, notes %q: %+v", res.Code, r.Notes, f)
	}
	// An old clone is used when it cannot be updated, and the run says so.
	res, r = run([]string{env})
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable || len(r.Notes) != 2 || !strings.Contains(r.Notes[0], "could not be updated") {
		t.Errorf("stale cache: exit %d, notes %q: %+v", res.Code, r.Notes, f)
	}
	// Nothing to be had: the verdict is the old one, and says it may differ.
	empty := t.TempDir()
	res = fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL, "--cache-dir", empty, "--log-level", "error")
	for _, want := range []string{
		"note: the verdict may differ from the gate's: openstack/project-config could not be cloned from file:///nonexistent/pypiguard-tests/openstack/project-config",
		"which repos publish to PyPI is unknown",
		"pass --project-config DIR, or re-run with the network",
		"note: the verdict may differ from the gate's: openstack/releases",
		"[FAIL] xstatic-tv4",
	} {
		if res.Code != 1 || !strings.Contains(res.Stdout, want) {
			t.Errorf("without the gate's inputs: exit %d, stdout lacks %q:\n%s", res.Code, want, res.Stdout)
		}
	}
	res = fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL, "--cache-dir", empty, "--offline", "--log-level", "error")
	if !strings.Contains(res.Stdout, "openstack/project-config is not in the cache "+empty+" (--offline)") {
		t.Errorf("--offline without a cache:\n%s", res.Stdout)
	}
	// --project-config overrides the default: nothing is cloned.
	pc := filepath.Join(t.TempDir(), "pc")
	writeTree(t, pc, map[string]string{"gerrit/projects.yaml": pcGerrit, "zuul.d/projects.yaml": pcZuul + "- project:\n    name: openstack/xstatic-tv4\n    templates: [publish-to-pypi]\n"})
	res, r = run([]string{env}, "--project-config", pc, "--releases", pc)
	if f := onlyFinding(t, r); res.Code != 1 || f.Status != report.NotOwner {
		t.Errorf("--project-config: exit %d: %+v", res.Code, f)
	}
}

// TestUncommittedEditsAreSeen: a deliverable added to projects.yaml but
// not committed is judged, and the output says the working tree was.
func TestUncommittedEditsAreSeen(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, checkBase)
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	// Committed: nothing to check.
	res := fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL, "--log-level", "error")
	if res.Code != 0 || !strings.Contains(res.Stdout, "PASS (nothing to check)") || strings.Contains(res.Stdout, "working tree") {
		t.Fatalf("clean tree: exit %d\n%s", res.Code, res.Stdout)
	}
	if err := os.WriteFile(filepath.Join(repo.Dir, "reference/projects.yaml"), []byte(addDeliverable("xstatic-tv4", "")), 0o644); err != nil {
		t.Fatal(err)
	}
	status := fixture.Git(t, repo.Dir, "status", "--porcelain")
	res = fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL, "--log-level", "error")
	for _, want := range []string{"note: judging the working tree: uncommitted changes to reference/projects.yaml, against HEAD", "[FAIL] xstatic-tv4"} {
		if res.Code != 1 || !strings.Contains(res.Stdout, want) {
			t.Errorf("check: exit %d, lacks %q:\n%s%s", res.Code, want, res.Stdout, res.Stderr)
		}
	}
	res = fixture.Run(t, repo.Dir, nil, "diff")
	if res.Code != 0 || !strings.Contains(res.Stdout, "judging the working tree") || !strings.Contains(res.Stdout, "xstatic-tv4") {
		t.Errorf("diff: exit %d:\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	// --head judges the commit; the work tree, index and branch are untouched.
	res = fixture.Run(t, repo.Dir, nil, "check", "--head", "HEAD", "--pypi-url", pypi.URL, "--log-level", "error")
	if res.Code != 0 || !strings.Contains(res.Stdout, "PASS (nothing to check)") {
		t.Errorf("--head HEAD: exit %d\n%s", res.Code, res.Stdout)
	}
	if after := fixture.Git(t, repo.Dir, "status", "--porcelain"); after != status || fixture.Git(t, repo.Dir, "rev-list", "--count", "HEAD") != "2" {
		t.Errorf("the repository changed: %q, was %q", after, status)
	}
}

// TestMessagesNameTheFlag: mistakes are told in the user's words.
func TestMessagesNameTheFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notGit := t.TempDir()
	repo := governanceRepo(t, checkBase, checkBase).Dir
	for _, tc := range []struct {
		name    string
		args    []string
		want    string
		unwated string
	}{
		{"missing --repo", []string{"check", "--repo", filepath.Join(dir, "nope"), "--pypi-url", "http://127.0.0.1:1"}, "--repo " + filepath.Join(dir, "nope") + " does not exist; run pypiguard inside a git checkout", "cat-file"},
		{"--repo not git", []string{"diff", "--repo", notGit}, "--repo " + notGit + " is not a git repository", "rev-parse"},
		{"missing --governance", []string{"audit", "--governance", filepath.Join(dir, "gov"), "--project-config", dir, "--pypi-url", "http://127.0.0.1:1"}, "--governance " + filepath.Join(dir, "gov") + ": no such directory; point it at a checkout of openstack/governance or its git URL", "stat "},
		{"--output in a missing folder", []string{"check", "--repo", repo, "--pypi-url", "http://127.0.0.1:1", "--output", filepath.Join(dir, "nope", "r.txt")},
			"cannot write " + filepath.Join(dir, "nope", "r.txt") + ": its folder " + filepath.Join(dir, "nope") + " does not exist; create it first", ".r.txt."},
		{"--output a folder", []string{"check", "--repo", repo, "--pypi-url", "http://127.0.0.1:1", "--output", dir},
			"cannot write " + dir + ": it is a folder; name a file in it", "CreateTemp"},
		{"missing --project-config", []string{"check", "--repo", repo, "--project-config", filepath.Join(dir, "pc")},
			"--project-config " + filepath.Join(dir, "pc") + ": no such directory; point it at a checkout of openstack/project-config", "stat "},
	} {
		if tc.want == "" {
			continue
		}
		res := fixture.Run(t, dir, nil, tc.args...)
		if res.Code != 2 || !strings.Contains(res.Stderr, tc.want) || strings.Contains(res.Stderr, tc.unwated) {
			t.Errorf("%s: exit %d, want %q without %q:\n%s", tc.name, res.Code, tc.want, tc.unwated, res.Stderr)
		}
	}
}

// TestConfigExtendsTheBuiltInPolicy: a policy file with one exception keeps
// the built-in names; policy show prints what is in force; policy check
// validates a file.
func TestConfigExtendsTheBuiltInPolicy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pol := filepath.Join(dir, "pypiguard.yaml")
	writeTree(t, dir, map[string]string{"pypiguard.yaml": exemptPolicy, "none.yaml": "extends: none\n" + exemptPolicy, "bad.yaml": "extends: mine\nowner: openstackci\n"})
	repo := governanceRepo(t, checkBase, addDeliverable("keystoneauth", ""))
	pypi := fakepypi.New(world(owned("keystoneauth1", "Owner", "openstackci"), owned("keystoneauth", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	res, r := runCheck(t, repo.Dir, pypi, "--config", pol)
	if f := onlyFinding(t, r); res.Code != 0 || f.Package != "keystoneauth1" || f.Status != report.Clean {
		t.Errorf("--config with one exception: exit %d: %+v", res.Code, f)
	}
	res, r = runCheck(t, repo.Dir, pypi, "--config", filepath.Join(dir, "none.yaml"))
	if f := onlyFinding(t, r); res.Code != 1 || f.Package != "keystoneauth" {
		t.Errorf("extends: none: exit %d: %+v", res.Code, f)
	}
	res = fixture.Run(t, dir, nil, "policy", "show", "--config", pol)
	for _, want := range []string{"on top of the built-in OpenStack policy", "openstack/keystoneauth: keystoneauth1", "package: xstatic-tv4", "expires: \"2026-12-31\""} {
		if res.Code != 0 || !strings.Contains(res.Stdout, want) {
			t.Errorf("policy show: exit %d, lacks %q:\n%s%s", res.Code, want, res.Stdout, res.Stderr)
		}
	}
	res = fixture.Run(t, dir, nil, "policy", "check", pol)
	if res.Code != 0 || !strings.Contains(res.Stdout, "is valid") || !strings.Contains(res.Stdout, "13 names, 1 exceptions") {
		t.Errorf("policy check: exit %d: %s%s", res.Code, res.Stdout, res.Stderr)
	}
	res = fixture.Run(t, dir, nil, "policy", "check", filepath.Join(dir, "bad.yaml"))
	if res.Code != 2 || !strings.Contains(res.Stderr, `bad.yaml:1: extends: "mine"`) {
		t.Errorf("policy check of a bad file: exit %d: %s", res.Code, res.Stderr)
	}
}

// TestVersionIsReal: version, --version and reports give the same version,
// taken from the build: the VCS revision when the go command recorded one,
// else the binary's own digest; never "devel".
func TestVersionIsReal(t *testing.T) {
	t.Parallel()
	bin := fixture.Binary(t)
	want := ""
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(info), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision=") {
			want = "rev-" + strings.TrimPrefix(f[1], "vcs.revision=")[:12]
		}
	}
	if want == "" {
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		want = "build-" + hex.EncodeToString(sum[:])[:12]
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"version"}, {"--version"}} {
		res := fixture.Run(t, dir, nil, args...)
		if res.Code != 0 || !strings.HasPrefix(res.Stdout, "pypiguard "+want) || strings.Contains(res.Stdout, "devel") {
			t.Errorf("%v: exit %d, %q, want pypiguard %s", args, res.Code, res.Stdout, want)
		}
	}
	repo := governanceRepo(t, checkBase, checkBase)
	res := fixture.Run(t, repo.Dir, nil, "check", "--format", "json", "--pypi-url", "http://127.0.0.1:1")
	r := jsonReport(t, res)
	if !strings.HasPrefix(r.Tool.Version, want) {
		t.Errorf("report's version %q, want %s", r.Tool.Version, want)
	}
}

// TestNoNetworkDiagnosedOnce: an audit with PyPI refusing connections says
// why once, stops asking after a few failures, marks everything unverified
// (exit 3), and never advises a recheck in Zuul or a longer timeout.
func TestNoNetworkDiagnosedOnce(t *testing.T) {
	t.Parallel()
	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	res := fixture.Run(t, td, nil, "audit", "--governance", "governance", "--project-config", "project-config", "--config", "policy.yaml",
		"--pypi-url", "http://127.0.0.1:1", "--log-level", "error", "--reverse=false")
	if res.Code != 3 {
		t.Errorf("exit %d, want 3: %s", res.Code, res.Stderr)
	}
	const diag = "cannot reach 127.0.0.1:1: connection refused; check the network or proxy, or use --pypi-url"
	if n := strings.Count(res.Stdout, "note: "+diag); n != 1 {
		t.Errorf("the diagnosis is noted %d times:\n%s", n, res.Stdout)
	}
	for _, bad := range []string{"recheck", "Zuul", "--pypi-timeout"} {
		if strings.Contains(res.Stdout+res.Stderr, bad) {
			t.Errorf("output says %q:\n%s", bad, res.Stdout)
		}
	}
	if res.Wall > 10*time.Second {
		t.Errorf("took %s", res.Wall)
	}
	t.Logf("no network: %s, %d lines", res.Wall, strings.Count(res.Stdout, "\n"))
}

// TestAuditExitAgreesWithTheWords: the reverse audit's violations count
// for --fail-on, an unverified reverse audit exits 3, and with a baseline
// the report says what decided the exit status.
func TestAuditExitAgreesWithTheWords(t *testing.T) {
	t.Parallel()
	td, pypi := auditWorld(t, fakepypi.Options{})
	args := []string{"--governance", "governance", "--project-config", "project-config", "--config", "policy.yaml", "--today", "2026-12-20", "--pypi-url", pypi.URL}
	res, r, out := auditRunIn(t, td, nil, append(args, "--fail-on", "any")...)
	if res.Code != 1 || r.Verdict != report.Fail {
		t.Fatalf("first audit: exit %d, %s", res.Code, r.Verdict)
	}
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	data, _ := os.ReadFile(filepath.Join(out, "report.json"))
	must(t, os.WriteFile(baseline, data, 0o644))

	res, r, _ = auditRunIn(t, td, nil, append(args, "--baseline", baseline, "--fail-on", "new")...)
	if res.Code != 0 || r.Verdict != report.Fail || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "exit 0: --fail-on new, and none of the") {
		t.Errorf("nothing new: exit %d, verdict %s, notes %q", res.Code, r.Verdict, r.Notes)
	}
	// A project the owner shares with a stranger, that no governed repo maps to.
	pypi.SetProject(fakepypi.Project{Name: "not-governed-thing", Roles: [][]string{{"Owner", "openstackci"}, {"Owner", "stranger"}}})
	res, r, _ = auditRunIn(t, td, nil, append(args, "--baseline", baseline, "--fail-on", "new")...)
	if res.Code != 1 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "exit 1: 1 violation that --fail-on new counts (1 in the reverse audit") {
		t.Errorf("a new reverse-audit violation: exit %d, notes %q", res.Code, r.Notes)
	}
	// The owner's projects cannot be listed: exit 3, whatever --fail-on.
	pypi.Fail(fakepypi.KindXMLRPC, 1000, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	res, r, _ = auditRunIn(t, td, nil, append(args, "--fail-on", "never", "--pypi-retries", "0")...)
	if res.Code != 3 || r.Reverse == nil || r.Reverse.Error == "" || len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, "\n"), "exit 3: nothing to fail on per --fail-on never") {
		t.Errorf("reverse audit unverified: exit %d, notes %q", res.Code, r.Notes)
	}
}

// TestHelpSaysWhatItDoes: the help a new user reads first.
func TestHelpSaysWhatItDoes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	help := func(args ...string) string {
		res := fixture.Run(t, dir, nil, append(args, "--help")...)
		if res.Code != 0 {
			t.Fatalf("%v --help: exit %d: %s", args, res.Code, res.Stderr)
		}
		return res.Stdout
	}
	audit := help("audit")
	for _, l := range strings.Split(audit, "\n") {
		if strings.Contains(l, "--gerrit-") && strings.Contains(l, "--change") {
			t.Errorf("audit's help mentions --change: %s", l)
		}
	}
	for _, h := range []string{audit, help("check")} {
		if !strings.Contains(h, "(default: pypiguard in the user's cache directory, e.g. ~/.cache/pypiguard)") || strings.Contains(h, "directory)/pypiguard") {
			t.Errorf("--cache-dir's default is garbled:\n%s", h)
		}
		if !strings.Contains(h, "0 means no deadline") {
			t.Errorf("--timeout 0 is not explained")
		}
	}
	if strings.Contains(audit, "into this directory") || !strings.Contains(audit, "--out DIR, the output folder") {
		t.Errorf("the audit's output folder is spelt two ways")
	}
	hook := help("hook", "patchset-created")
	if !strings.Contains(hook, "timeout (default 3m)") || strings.Contains(hook, "30m") {
		t.Errorf("the hook's help does not give its own timeout:\n%s", hook)
	}
}

// TestHookNamesItsSettings: the hook's user wrote settings, not flags:
// a credentials problem names the setting, never --gerrit-credentials.
func TestHookNamesItsSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, creds string
		mode        os.FileMode
		want        string
	}{
		{"readable by others", "username: " + botUser + "\nhttp-password: " + botPassword + "\n", 0o644, "the hook's setting credentials ("},
		{"wrong password", "username: " + botUser + "\nhttp-password: wrong\n", 0o600, "Gerrit refused the credentials from the credentials file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newGerritScene(t, fakegerrit.Options{})
			h := newHookSite(t, s, "")
			path := filepath.Join(h.dir, "etc", "pypiguard.credentials")
			must(t, os.WriteFile(path, []byte(tc.creds), tc.mode))
			must(t, os.Chmod(path, tc.mode))
			res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...)
			log, _ := h.logLines(t)
			all := res.Stderr + log
			if res.Code == 0 || !strings.Contains(all, tc.want) || strings.Contains(all, "--gerrit-credentials") {
				t.Errorf("exit %d, want %q and no --gerrit-credentials:\n%s", res.Code, tc.want, all)
			}
		})
	}
}
