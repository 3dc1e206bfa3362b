package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/cli"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// zuulRepo is a governance change adding a deliverable that is not on
// PyPI: a pass, so that what is tested is the writing.
func zuulRepo(t *testing.T) string {
	t.Helper()
	r := fixture.NewRepo(t)
	base := "---\nhorizon:\n  deliverables:\n    horizon:\n      repos:\n        - openstack/horizon\n"
	r.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(base)})
	r.Commit("head", map[string][]byte{"reference/projects.yaml": []byte(base + "    horizon-x:\n      repos:\n        - openstack/horizon-x\n")})
	return r.Dir
}

func zuulArgs(t *testing.T, repo string, rest ...string) []string {
	s := fakepypi.New(fakepypi.World{}, fakepypi.Options{})
	t.Cleanup(s.Close)
	return append([]string{"check", "--kind", "governance", "--repo", repo, "--pypi-url", s.URL, "--log-level", "error"}, rest...)
}

// TestZuulMakesFolders: the job names folders nothing has made yet.
func TestZuulMakesFolders(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ret := filepath.Join(dir, "a", "b", "zuul-return.json")
	logs := filepath.Join(dir, "zuul-output", "logs", "pypiguard")
	code, _, stderr := runCLI(t, zuulArgs(t, zuulRepo(t), "--zuul-return", ret, "--zuul-report-dir", logs)...)
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{ret, filepath.Join(logs, "report.md"), filepath.Join(logs, "report.json")} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(logs, ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestZuulUnwritable: a file that cannot be written is a usage error that
// names it, not a verdict.
func TestZuulUnwritable(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--zuul-return", "--zuul-report-dir"} {
		code, _, stderr := runCLI(t, zuulArgs(t, zuulRepo(t), flag, filepath.Join(file, "under"))...)
		if code != cli.ExitUsage || !strings.Contains(stderr, file) {
			t.Errorf("%s under a file: exit %d: %s", flag, code, stderr)
		}
	}
}
