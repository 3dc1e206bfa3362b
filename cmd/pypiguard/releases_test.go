package main

import (
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const (
	relFile = "deliverables/2025.1/kettle.yaml"
	relBase = `---
launchpad: kettle
team: horizon
type: library
release-model: cycle-with-intermediary
repository-settings:
  openstack/kettle: {}
releases:
  - version: 1.0.0
    projects:
      - repo: openstack/kettle
        hash: 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b
`
	relHash = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"
)

// addRelease adds a release of kettle to relBase.
func addRelease(base, version string) string {
	return base + "  - version: " + version + "\n    projects:\n      - repo: openstack/kettle\n        hash: " + relHash + "\n"
}

// releasesRepo is openstack/releases with kettle's deliverable file at
// base and head.
func releasesRepo(t *testing.T, base, head string) string {
	t.Helper()
	r := fixture.NewRepo(t)
	r.Commit("base", map[string][]byte{relFile: []byte(base), "README.rst": []byte("releases\n")})
	r.Commit("release request", map[string][]byte{relFile: []byte(head)})
	return r.Dir
}

// TestCheckReleaseRequest: a release request tagging a dirty package fails
// with the finding on the new entry's version: line; a clean one passes.
func TestCheckReleaseRequest(t *testing.T) {
	t.Parallel()
	head := addRelease(relBase, "1.1.0")
	line := lineOf(head, "  - version: 1.1.0")
	for _, tc := range []struct {
		name   string
		roles  []string
		code   int
		status report.Status
	}{
		{"dirty", []string{"Owner", "openstackci", "Maintainer", "mallory"}, 1, report.ExtraMaintainers},
		{"clean", []string{"Owner", "openstackci"}, 0, report.Clean},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pypi := fakepypi.New(world(owned("kettle", tc.roles...)), fakepypi.Options{})
			defer pypi.Close()
			res, r := runCheck(t, releasesRepo(t, relBase, head), pypi, "--kind", "releases")
			f := onlyFinding(t, r)
			if res.Code != tc.code || f.Status != tc.status || r.Repository != "releases" {
				t.Fatalf("exit %d, %s in %s: %+v\n%s", res.Code, f.Status, r.Repository, f, res.Stderr)
			}
			if f.File != relFile || f.Line != line || f.Repo != "openstack/kettle" || f.Deliverable != "kettle" || f.Team != "horizon" ||
				!slices.Equal(f.Events, []string{"new-release"}) || f.NameSource != "basename" || !f.Guessed {
				t.Errorf("the finding does not point at the release entry's version: line %d: %+v", line, f)
			}
		})
	}
}

// TestCheckReleaseNames: the change's own deliverable file names the
// package: pypi-name (declared) before tarball-base (guessed).
func TestCheckReleaseNames(t *testing.T) {
	t.Parallel()
	pypi := fakepypi.New(world(owned("python-kettle", "Owner", "openstackci", "Owner", "mallory"), owned("kettle-tea", "Owner", "openstackci")), fakepypi.Options{})
	defer pypi.Close()
	for _, tc := range []struct {
		settings, pkg, source string
		guessed               bool
		code                  int
	}{
		{"{pypi-name: python-kettle, tarball-base: kettle-tea}", "python-kettle", "releases", false, 1},
		{"{tarball-base: kettle-tea}", "kettle-tea", "releases-tarball-base", true, 0},
	} {
		head := strings.Replace(addRelease(relBase, "1.1.0"), "openstack/kettle: {}", "openstack/kettle: "+tc.settings, 1)
		res, r := runCheck(t, releasesRepo(t, relBase, head), pypi, "--kind", "releases")
		f := onlyFinding(t, r)
		if res.Code != tc.code || f.Package != tc.pkg || f.NameSource != tc.source || f.Guessed != tc.guessed {
			t.Errorf("%s: exit %d: %+v", tc.settings, res.Code, f)
		}
	}
}

// TestCheckReleaseSkipsAndPublishing: -eol, -eom and -em tags upload
// nothing and are skipped, as releases' validation skips them (no PyPI
// request); a repo project-config shows publishing nothing is
// not-applicable with the reason.
func TestCheckReleaseSkipsAndPublishing(t *testing.T) {
	t.Parallel()
	pypi := fakepypi.New(world(owned("kettle", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	for _, tag := range []string{"2025.1-eol", "2025.1-eom", "ocata-em"} {
		res, r := runCheck(t, releasesRepo(t, relBase, addRelease(relBase, tag)), pypi, "--kind", "releases")
		if res.Code != 0 || len(r.Findings) != 0 || len(r.Events) != 0 || len(r.Info) != 1 || r.Info[0].Kind != "skipped-release" {
			t.Errorf("%s: exit %d: %+v / %+v", tag, res.Code, r.Findings, r.Info)
		}
	}
	if n := pypi.Counts().Total(); n != 0 {
		t.Errorf("%d PyPI requests for tags that upload nothing", n)
	}
	pc := writeDir(t, map[string]string{"gerrit/projects.yaml": "- project: openstack/kettle\n",
		"zuul.d/projects.yaml": "- project:\n    name: openstack/kettle\n    templates:\n      - noop-jobs\n"})
	res, r := runCheck(t, releasesRepo(t, relBase, addRelease(relBase, "1.1.0")), pypi, "--kind", "releases", "--project-config", pc)
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable || !strings.Contains(f.Message, "no template matching") || pypi.Counts().Total() != 0 {
		t.Errorf("a repo that publishes nothing: exit %d: %+v", res.Code, f)
	}
}

// TestCheckReleaseGuessedLocally: a local run that says nothing guesses
// releases from the deliverable file the change touches; diff shows the
// event on the entry's line.
func TestCheckReleaseGuessedLocally(t *testing.T) {
	t.Parallel()
	head := addRelease(relBase, "1.1.0")
	repo := releasesRepo(t, relBase, head)
	res := fixture.Run(t, repo, nil, "diff", "--format", "text")
	if res.Code != 0 || !strings.Contains(res.Stdout, relFile) || !strings.Contains(res.Stdout, "new-release") {
		t.Errorf("diff: exit %d\n%s\n%s", res.Code, res.Stdout, res.Stderr)
	}
	pypi := fakepypi.New(world(owned("kettle", "Owner", "openstackci", "Maintainer", "mallory")), fakepypi.Options{})
	defer pypi.Close()
	if res, r := runCheck(t, repo, pypi); res.Code != 1 || r.Repository != "releases" {
		t.Errorf("guessed: exit %d, %s", res.Code, r.Repository)
	}
}
