package main

import (
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// writeDir writes files into a new temporary folder.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, files)
	return dir
}

// plantedChange is a governance change adding xstatic-tv4, which
// --project-config publishes, and planting project-config files that list
// it without any publishing: read as project-config, they would make it
// not-applicable. planted false is the same change without them.
func plantedChange(t *testing.T, planted bool) (repo, pc string) {
	t.Helper()
	pc = writeDir(t, map[string]string{"gerrit/projects.yaml": pcGerrit + "- project: openstack/xstatic-tv4\n",
		"zuul.d/projects.yaml": pcZuul + "\n- project:\n    name: openstack/xstatic-tv4\n    templates:\n      - publish-to-pypi\n"})
	r := fixture.NewRepo(t)
	r.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(checkBase), "reference/legacy.yaml": []byte("---\n")})
	head := map[string][]byte{"reference/projects.yaml": []byte(addDeliverable("xstatic-tv4", ""))}
	if planted {
		head["gerrit/projects.yaml"] = []byte("- project: openstack/xstatic-tv4\n")
		head["zuul.d/projects.yaml"] = []byte("- project:\n    name: openstack/xstatic-tv4\n    templates:\n      - noop-jobs\n")
	}
	r.Commit("head", head)
	return r.Dir, pc
}

// TestKindPlantedProjectConfig: project-config files planted in a
// governance change never stand in for --project-config when the caller
// names the kind: the verdict is the one without them, and a warning names
// each. Guessing (no --kind) is what lets them through.
func TestKindPlantedProjectConfig(t *testing.T) {
	t.Parallel()
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "mallory")), fakepypi.Options{})
	defer pypi.Close()

	clean, pc := plantedChange(t, false)
	res, want := runCheck(t, clean, pypi, "--project-config", pc, "--kind", "governance")
	if res.Code != 1 || onlyFinding(t, want).Status != report.ExtraMaintainers {
		t.Fatalf("without planted files: exit %d: %+v", res.Code, want.Findings)
	}

	repo, pc := plantedChange(t, true)
	res, got := runCheck(t, repo, pypi, "--project-config", pc, "--kind", "governance")
	f := onlyFinding(t, got)
	if res.Code != 1 || f.Status != want.Findings[0].Status || f.Line != want.Findings[0].Line || got.Verdict != want.Verdict || got.Repository != "governance" {
		t.Errorf("with planted files and --kind governance: exit %d, %s: %+v; want the verdict without them", res.Code, got.Verdict, f)
	}
	for _, planted := range []string{"gerrit/projects.yaml", "zuul.d/projects.yaml"} {
		if !hasWarning(got, planted, "ignored (it can never stand in for --project-config)") {
			t.Errorf("no warning names %s: %+v", planted, got.Warnings)
		}
	}
	for _, e := range got.Events {
		if e.Kind == "new-project" || e.File != "reference/projects.yaml" {
			t.Errorf("an event from a planted file: %+v", e)
		}
	}

	// The hole the flag closes: guessed from the files, the planted tree
	// decides publishing and the dirty package passes.
	res, guessed := runCheck(t, repo, pypi, "--project-config", pc)
	if res.Code != 0 || guessed.Verdict != report.Pass {
		t.Errorf("guessing: exit %d %s; the planted files should have decided (this test no longer shows the hole)", res.Code, guessed.Verdict)
	}
}

func hasWarning(r report.Report, file, text string) bool {
	for _, w := range r.Warnings {
		if w.File == file && strings.Contains(w.Message, text) {
			return true
		}
	}
	return false
}

// TestKindRequiredToVote: a run that votes or reports to Zuul must name the
// kind; a kind that is not one is refused; both before any request.
func TestKindRequiredToVote(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(), fakepypi.Options{})
	defer pypi.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--zuul-return", filepath.Join(t.TempDir(), "z.json")}, "--zuul-return needs --kind governance|project-config|releases"},
		{[]string{"--post", "--gerrit-url", "http://127.0.0.1:1", "--change", "1", "--revision", strings.Repeat("a", 40)}, "--post needs --kind"},
		{[]string{"--kind", "nova"}, `--kind "nova": use one of governance, project-config, releases`},
	} {
		res := fixture.Run(t, repo.Dir, nil, append([]string{"check", "--pypi-url", pypi.URL}, tc.args...)...)
		if res.Code != 2 || !strings.Contains(res.Stderr, tc.want) {
			t.Errorf("%q: exit %d, want 2 saying %q:\n%s", tc.args, res.Code, tc.want, res.Stderr)
		}
	}
	if res := fixture.Run(t, repo.Dir, nil, "diff", "--kind", "project-config"); res.Code != 2 || !strings.Contains(res.Stderr, "--kind project-config: the change holds none of openstack/project-config's files") {
		t.Errorf("diff --kind project-config on governance: exit %d\n%s", res.Code, res.Stderr)
	}
	if n := pypi.Counts().Total(); n != 0 {
		t.Errorf("%d PyPI requests", n)
	}
}

// TestHookKindFromProject: the hook judges a change as the project Gerrit
// names, never as its files suggest: the governance change, said to be to
// openstack/project-config, holds none of its files and is refused (no
// vote); a project pypiguard does not guard is refused too.
func TestHookKindFromProject(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ project, want string }{
		{"openstack/project-config", "--kind project-config: the change holds none of openstack/project-config's files"},
		{"openstack/nova", "is none of openstack/governance, openstack/project-config, openstack/releases"},
	} {
		s := newGerritScene(t, fakegerrit.Options{})
		h := newHookSite(t, s, "projects: ["+tc.project+"]\n")
		res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.dirtyN), tc.project, "master", s.dirty, "1")...)
		if res.Code != 2 || len(s.gerrit.Reviews()) != 0 {
			t.Errorf("%s: exit %d, %d reviews: want 2 and none\n%s", tc.project, res.Code, len(s.gerrit.Reviews()), res.Stderr)
		}
		if log, _ := h.logLines(t); !strings.Contains(log, tc.want) {
			t.Errorf("%s: the log does not say %q:\n%s", tc.project, tc.want, log)
		}
	}
}
