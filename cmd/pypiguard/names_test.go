package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
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
			r := jsonReport(t, res)
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

// namesScene is a new deliverable, kettle, whose setup.cfg on Gerrit declares
// openstack-kettle: openstackci alone holds that name, a stranger holds the
// basename kettle.
func namesScene(t *testing.T, files map[string][]byte) (repo string, g *fakegerrit.Server, pypi *fakepypi.Server) {
	t.Helper()
	lib := fixture.NewRepo(t)
	lib.Commit("files", files)
	g = fakegerrit.New(fakegerrit.Options{})
	t.Cleanup(g.Close)
	g.AddProject("openstack/kettle", lib.Dir)
	pypi = fakepypi.New(world(owned("openstack-kettle", "Owner", "openstackci"), owned("kettle", "Owner", "stranger")), fakepypi.Options{})
	t.Cleanup(pypi.Close)
	return governanceRepo(t, checkBase, addDeliverable("kettle", "")).Dir, g, pypi
}

// TestNamesAlsoChecked: a guess that differs from the declared name is
// looked up beside it and reported in every format; the stranger holding it
// is a warning in words, and the verdict comes from the declared name.
func TestNamesAlsoChecked(t *testing.T) {
	t.Parallel()
	repo, g, pypi := namesScene(t, map[string][]byte{"setup.cfg": []byte("[metadata]\nname = openstack-kettle\n")})
	res, r := runCheck(t, repo, pypi, "--gerrit-url", g.URL)
	f := onlyFinding(t, r)
	if res.Code != 0 || f.Package != "openstack-kettle" || f.Guessed || f.Status != report.Clean || len(f.AlsoChecked) != 1 {
		t.Fatalf("exit %d: %+v", res.Code, f)
	}
	a := f.AlsoChecked[0]
	if a.Name != "kettle" || a.Source != "basename" || !a.Guessed || a.Status != report.NotOwner ||
		len(a.Accounts) != 1 || a.Accounts[0] != (report.Role{Role: "Owner", User: "stranger"}) {
		t.Errorf("also checked: %+v", a)
	}
	want := "also checked kettle (basename, guessed): held by stranger (Owner); if the repo publishes under this name, that is openstackci-not-owner"
	for _, format := range []string{"text", "markdown"} {
		out := fixture.Run(t, repo, nil, "check", "--gerrit-url", g.URL, "--pypi-url", pypi.URL, "--format", format).Stdout
		if format == "markdown" {
			out = strings.NewReplacer(`\(`, "(", `\)`, ")").Replace(out)
		}
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %q:\n%s", format, want, out)
		}
	}
}

// TestNamesUnknown: a repo whose name only setup.py could set is judged by
// its guessed basename, and every report says so; a Gerrit that cannot be
// read leaves the name unknown and the package unverified, never clean.
func TestNamesUnknown(t *testing.T) {
	t.Parallel()
	repo, g, pypi := namesScene(t, map[string][]byte{"setup.py": []byte("import setuptools\nsetuptools.setup(name='openstack-kettle')\n")})
	res, r := runCheck(t, repo, pypi, "--gerrit-url", g.URL)
	f := onlyFinding(t, r)
	if res.Code != 1 || f.Package != "kettle" || !f.Guessed || !strings.Contains(f.NameUnknown, "setup.py may set the name") {
		t.Fatalf("exit %d: %+v", res.Code, f)
	}
	text := fixture.Run(t, repo, nil, "check", "--gerrit-url", g.URL, "--pypi-url", pypi.URL).Stdout
	for _, want := range []string{"[FAIL] kettle (guessed): openstackci-not-owner", "name:    kettle (from basename, guessed): openstack/kettle@master:setup.py may set the name", "the real name may differ"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}

	zr := filepath.Join(t.TempDir(), "zuul.json")
	res, r = runCheck(t, repo, pypi, "--gerrit-url", "http://127.0.0.1:1", "--gerrit-retries", "0", "--kind", "governance", "--zuul-return", zr)
	f = onlyFinding(t, r)
	if res.Code != 3 || f.Status != report.StatusUnverified || f.Package != "kettle" || !f.Guessed || !strings.Contains(f.NameUnknown, "127.0.0.1:1") {
		t.Fatalf("Gerrit down: exit %d: %+v", res.Code, f)
	}
	data, _ := os.ReadFile(zr)
	if !strings.Contains(string(data), "kettle (guessed, repo openstack/kettle") || !strings.Contains(string(data), "the real name may differ") {
		t.Errorf("Zuul's warnings do not say the name was guessed:\n%s", data)
	}
}

// TestAuditNamesFromGerrit: the audit reads names from Gerrit as check
// does, when given --gerrit-url.
func TestAuditNamesFromGerrit(t *testing.T) {
	t.Parallel()
	_, g, pypi := namesScene(t, map[string][]byte{"setup.cfg": []byte("[metadata]\nname = openstack-kettle\n")})
	gov, pc := t.TempDir(), t.TempDir()
	writeTree(t, gov, map[string]string{"reference/projects.yaml": addDeliverable("kettle", "")})
	writeTree(t, pc, map[string]string{"gerrit/projects.yaml": "- project: openstack/kettle\n",
		"zuul.d/projects.yaml": "- project:\n    name: openstack/kettle\n    templates: [publish-to-pypi]\n"})
	args := []string{"--governance", gov, "--project-config", pc, "--pypi-url", pypi.URL, "--fail-on", "never", "--reverse=false"}
	_, r, _ := auditRun(t, nil, append(args, "--gerrit-url", g.URL)...)
	var got []string
	for _, f := range r.Findings {
		if f.Repo == "openstack/kettle" {
			got = append(got, f.Package+":"+f.NameSource+":"+string(f.Status))
		}
	}
	if len(got) != 1 || got[0] != "openstack-kettle:setup.cfg:clean" {
		t.Errorf("openstack/kettle judged as %q, want openstack-kettle from setup.cfg", got)
	}
}

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
