package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/cli"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const (
	gerritSecret = "Pw-in-process-TEST-xyzzy"
	govBase      = "horizon:\n  deliverables:\n    horizon:\n      repos:\n        - openstack/horizon\n"
	govDirty     = govBase + "    xstatic-tv4:\n      repos:\n        - openstack/xstatic-tv4\n"
)

// gerritWorld is a fake Gerrit whose change 1001 adds a deliverable that a
// second account can upload on the fake PyPI, and a credentials file for
// the bot, which may vote Verified -1..+1.
type gerritWorld struct {
	gerrit *fakegerrit.Server
	pypi   *fakepypi.Server
	repo   *fixture.Repo
	head   string
	creds  string
	base   string
}

func newGerritWorld(t *testing.T) *gerritWorld {
	t.Helper()
	repo := fixture.NewRepo(t)
	w := &gerritWorld{gerrit: fakegerrit.New(fakegerrit.Options{}), repo: repo,
		pypi: fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{{Name: "xstatic-tv4", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}}}}, fakepypi.Options{})}
	t.Cleanup(w.gerrit.Close)
	t.Cleanup(w.pypi.Close)
	w.base = repo.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(govBase)})
	fixture.Git(t, repo.Dir, "checkout", "-q", "-b", "change")
	w.head = repo.Commit("change", map[string][]byte{"reference/projects.yaml": []byte(govDirty)})
	w.gerrit.AddProject("openstack/governance", repo.Dir)
	w.gerrit.AddAccount(fakegerrit.Account{Username: "bot", Password: gerritSecret, Grants: map[string]fakegerrit.Range{"Verified": {Min: -1, Max: 1}}})
	w.gerrit.AddChange("openstack/governance", "master", w.head)
	w.creds = filepath.Join(t.TempDir(), "creds")
	if err := os.WriteFile(w.creds, []byte("username: bot\nhttp-password: "+gerritSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// check runs "check --post" on change 1001 in-process.
func (w *gerritWorld) check(t *testing.T, extra ...string) (int, string, string) {
	t.Helper()
	args := append([]string{"check", "--kind", "governance", "--gerrit-url", w.gerrit.URL, "--pypi-url", w.pypi.URL, "--pypi-retries", "0",
		"--change", "openstack/governance~1001", "--revision", w.head, "--gerrit-credentials", w.creds, "--post"}, extra...)
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// Gerrit's refusals are for the user to fix (2); a Gerrit that does not
// answer is "could not verify" (3).
func TestCheckPostExitCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(*gerritWorld)
		extra []string
		code  int
		want  string
	}{
		{"posted", func(*gerritWorld) {}, nil, cli.ExitViolation, ""},
		{"closed while checking", func(w *gerritWorld) { w.gerrit.FailReviews(409) }, nil, cli.ExitUsage, "HTTP 409 Conflict: change is closed"},
		{"bad request", func(w *gerritWorld) { w.gerrit.FailReviews(400) }, nil, cli.ExitUsage, "HTTP 400 Bad Request"},
		{"server error after retries", func(w *gerritWorld) { w.gerrit.FailReviews(500, 503) }, []string{"--gerrit-retries", "1"}, cli.ExitUnverified, "may be down"},
		{"server error then fine", func(w *gerritWorld) { w.gerrit.FailReviews(503) }, []string{"--gerrit-retries", "1"}, cli.ExitViolation, ""},
		{"label not applied", func(*gerritWorld) {}, []string{"--config", policyFile(t, "owner: openstackci\ngerrit:\n  label: PyPI-Verified\n")}, cli.ExitUsage, "did not apply PyPI-Verified -1"},
		{"unreachable", func(w *gerritWorld) { w.gerrit.Close() }, []string{"--gerrit-retries", "0"}, cli.ExitUnverified, "may be down or unreachable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newGerritWorld(t)
			tc.setup(w)
			code, _, stderr := w.check(t, tc.extra...)
			if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, gerritSecret) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, tc.code, tc.want, stderr)
			}
		})
	}
}

func policyFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A change that touches none of the files pypiguard reads gets no review:
// there is nothing to say about it.
func TestCheckPostSkipsUnrelatedChanges(t *testing.T) {
	t.Parallel()
	w := newGerritWorld(t)
	fixture.Git(t, w.repo.Dir, "checkout", "-q", "-b", "readme", w.base)
	other := w.repo.Commit("README", map[string][]byte{"README": []byte("hello\n")})
	w.gerrit.AddChange("openstack/governance", "master", other)
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), []string{"check", "--gerrit-url", w.gerrit.URL, "--change", "1002", "--revision", other,
		"--gerrit-credentials", w.creds, "--post", "--kind", "governance", "--pypi-url", w.pypi.URL}, &stdout, &stderr)
	if code != cli.ExitOK || len(w.gerrit.Reviews()) != 0 || !strings.Contains(stderr.String(), "nothing posted: change 1002 modifies none of the files pypiguard reads") {
		t.Errorf("exit %d, %d reviews\n%s", code, len(w.gerrit.Reviews()), stderr.String())
	}
}
