package main

import (
	"os"
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestSecretsNeverShow runs check, hook and audit with the bot's
// credentials set and debug logging on, including a run Gerrit refuses, and
// looks for the password (as is and in a Basic header) in every output, log
// line, report and error.
func TestSecretsNeverShow(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	out := t.TempDir()
	var texts []string
	add := func(res fixture.Result) { texts = append(texts, res.Stdout, res.Stderr) }

	add(s.check(t, botEnv(), "--change", "1001", "--revision", s.dirty, "--post", "--log-level", "debug",
		"--format", "markdown", "--output", filepath.Join(out, "check.md"), "--zuul-return", filepath.Join(out, "zuul-return.json")))
	add(s.check(t, botEnv(), "--change", "1001", "--revision", s.dirty, "--log-level", "debug", "--format", "json"))
	add(s.check(t, []string{"GERRIT_USERNAME=" + botUser, "GERRIT_HTTP_PASSWORD=" + botPassword + "-but-wrong"},
		"--change", "1001", "--revision", s.dirty, "--post", "--log-level", "debug"))
	creds := tempFile(t, "creds", "username: "+botUser+"\nhttp-password: "+botPassword+"\n", 0o644) // refused: readable by others
	add(s.check(t, nil, "--change", "1001", "--revision", s.dirty, "--gerrit-credentials", creds, "--log-level", "debug"))

	h := newHookSite(t, s, "log-level: debug\n")
	add(runHook(t, h.env(""), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...))

	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	add(fixture.Run(t, td, botEnv(), "audit", "--governance", "governance", "--project-config", "project-config",
		"--config", "policy.yaml", "--pypi-url", s.pypi.URL, "--gerrit-url", s.gerrit.URL, "--out", filepath.Join(out, "audit"), "--log-level", "debug"))

	if len(s.gerrit.Reviews()) == 0 {
		t.Fatal("nothing was posted: the credentials were not used, so this test proves nothing")
	}
	logs, _ := h.logLines(t)
	texts = append(texts, logs)
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			texts = append(texts, string(data))
		}
		return nil
	})
	if len(texts) < 18 {
		t.Fatalf("only %d outputs collected: %q", len(texts), texts)
	}
	noSecret(t, texts...)
}
