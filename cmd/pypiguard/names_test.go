package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/fakepypi"
	"opendev.org/openstack/pypiguard/internal/fixture"
	"opendev.org/openstack/pypiguard/internal/report"
)

// TestNamesFromGerrit: a new deliverable's repo is not checked out, so its
// PyPI name comes from its setup.cfg on Gerrit's master branch, read
// anonymously, whichever encoding Gerrit answers in.
func TestNamesFromGerrit(t *testing.T) {
	t.Parallel()
	for _, accept := range []string{"", "*/*"} { // JSON (go-gerrit's Accept), base64 (a proxy's)
		t.Run("accept="+accept, func(t *testing.T) {
			t.Parallel()
			lib := fixture.NewRepo(t)
			lib.Commit("setup", map[string][]byte{"setup.cfg": []byte("[metadata]\nname = Modern_Lib-pkg\nsummary = x\n")})
			g := fakegerrit.New(fakegerrit.Options{ProxyAccept: accept})
			defer g.Close()
			g.AddProject("openstack/modern-lib", lib.Dir)
			pypi := fakepypi.New(world(owned("modern-lib-pkg", "Owner", "openstackci", "Maintainer", "author")), fakepypi.Options{})
			defer pypi.Close()
			repo := governanceRepo(t, checkBase, addDeliverable("modern-lib", ""))
			res := fixture.Run(t, repo.Dir, nil, "check", "--gerrit-url", g.URL, "--pypi-url", pypi.URL, "--format", "json")
			var r report.Report
			if err := json.Unmarshal([]byte(res.Stdout), &r); err != nil {
				t.Fatalf("exit %d: %v\n%s", res.Code, err, res.Stderr)
			}
			f := onlyFinding(t, r)
			if res.Code != 1 || f.Package != "Modern_Lib-pkg" || f.NameSource != "setup.cfg" || f.Status != report.ExtraMaintainers {
				t.Errorf("exit %d: %+v", res.Code, f)
			}
			for _, rq := range g.Requests() {
				if strings.HasPrefix(rq.Path, "/a/") {
					t.Errorf("an authenticated request without credentials: %+v", rq)
				}
			}
			noViolations(t, g)
		})
	}
}

// TestAuditProgress: a progress bar on stderr when it is a terminal, and
// nothing otherwise.
func TestAuditProgress(t *testing.T) {
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script (util-linux) not found: it gives the run a terminal")
	}
	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	w, _ := fakepypi.LoadWorld(filepath.Join(td, "world.json"))
	pypi := fakepypi.New(w, fakepypi.Options{})
	defer pypi.Close()
	args := []string{"audit", "--governance", filepath.Join(td, "governance"), "--project-config", filepath.Join(td, "project-config"),
		"--pypi-url", pypi.URL, "--fail-on", "never", "--log-level", "error", "--out", t.TempDir()}

	quiet := fixture.Run(t, t.TempDir(), nil, args...)
	if quiet.Code != 0 || quiet.Stderr != "" {
		t.Errorf("not a terminal: exit %d, stderr %q", quiet.Code, quiet.Stderr)
	}

	// script gives the command a pseudo-terminal and copies what it shows.
	cmd := exec.Command(script, "-qfec", shellQuote(append([]string{fixture.Binary(t)}, args...)), "/dev/null")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "TERM=xterm", "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "asking PyPI") {
		t.Errorf("on a terminal: %v, no progress bar in:\n%q", err, out)
	}
}

func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
