package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/cli"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// hookConfig writes the hook's settings for w, plus extra, and returns the
// file and the log file it names.
func hookConfig(t *testing.T, w *gerritWorld, extra string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "pypiguard.yaml")
	content := "gerrit-url: " + w.gerrit.URL + "\ncredentials: " + w.creds + "\npypi-url: " + w.pypi.URL + "\nlog-file: hook.log\n" + extra
	if err := os.WriteFile(cfg, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg, filepath.Join(dir, "hook.log")
}

func runHookCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), append([]string{"hook", "patchset-created"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func hookArgs(w *gerritWorld, cfg string) []string {
	return []string{"--change", "openstack%2Fgovernance~1001", "--project", "openstack/governance", "--branch", "master",
		"--commit", w.head, "--patchset", "1", "--hook-config", cfg}
}

// The hook never holds Gerrit's hook thread for long: past its timeout it
// gives up, posts nothing and says so.
func TestHookGivesUpAtItsTimeout(t *testing.T) {
	t.Parallel()
	w := newGerritWorld(t)
	w.pypi.Close()
	slow := fakepypi.New(fakepypi.World{}, fakepypi.Options{Latency: time.Minute})
	t.Cleanup(slow.Close)
	w.pypi = slow
	cfg, logFile := hookConfig(t, w, "timeout: 1s\n")
	start := time.Now()
	code, _, stderr := runHookCLI(t, hookArgs(w, cfg)...)
	log, _ := os.ReadFile(logFile)
	if code != cli.ExitUnverified || time.Since(start) > 10*time.Second || !strings.Contains(stderr, "gave up after 1s") ||
		!strings.Contains(string(log), `"message":"hook failed"`) || len(w.gerrit.Reviews()) != 0 {
		t.Errorf("exit %d after %s\nstderr: %s\nlog: %s", code, time.Since(start), stderr, log)
	}
}

func TestHookSettingsAndArgumentsProblems(t *testing.T) {
	t.Parallel()
	w := newGerritWorld(t)
	good, _ := hookConfig(t, w, "")
	bad, _ := hookConfig(t, w, "colour: blue\ntimeout: never\n")
	args := func(cfg string, drop string) []string {
		var out []string
		a := hookArgs(w, cfg)
		for i := 0; i < len(a); i += 2 {
			if a[i] != drop {
				out = append(out, a[i], a[i+1])
			}
		}
		return out
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"bad settings", args(bad, ""), []string{`unknown setting "colour"`, `timeout "never"`}},
		{"no settings file", args(filepath.Join(t.TempDir(), "absent.yaml"), ""), []string{"hook settings", "hook/README.md"}},
		{"no commit", args(good, "--commit"), []string{"--commit", "full commit SHA"}},
		{"no change", args(good, "--change"), []string{"no --change"}},
		{"bad log level", append(args(good, ""), "--log-level", "loud"), []string{"--log-level"}},
	}
	for _, tc := range cases {
		code, _, stderr := runHookCLI(t, tc.args...)
		for _, want := range tc.want {
			if code != cli.ExitUsage || !strings.Contains(stderr, want) {
				t.Errorf("%s: exit %d, stderr lacks %q:\n%s", tc.name, code, want, stderr)
			}
		}
	}
	if n := len(w.gerrit.Requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestHookHelpAndOtherHooks(t *testing.T) {
	t.Parallel()
	if code, stdout, _ := runHookCLI(t, "--help"); code != 0 || !strings.Contains(stdout, "$GERRIT_SITE/etc/pypiguard.yaml") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), []string{"hook", "comment-added", "--change", "1"}, &stdout, &stderr)
	if code != cli.ExitUsage || !strings.Contains(stderr.String(), "only the patchset-created hook") {
		t.Errorf("comment-added: exit %d %s", code, stderr.String())
	}
	stdout.Reset()
	if code := cli.Main(context.Background(), []string{"--help"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "hook") {
		t.Errorf("the hook is not in the help:\n%s", stdout.String())
	}
}
