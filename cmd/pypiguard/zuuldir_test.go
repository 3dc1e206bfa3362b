package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// A project-config tree where openstack/lib publishes nothing yet, and a
// stanza in a file Zuul reads (a new file in a subfolder of zuul.d/) starts
// publishing it. A link under zuul.d/ is not Zuul's configuration: its
// stanza, for openstack/linked, must change nothing.
const (
	zdGerrit  = "- project: openstack/lib\n- project: openstack/linked\n"
	zdJobs    = "- job:\n    name: release-openstack-python\n    secrets:\n      - secret: pypi_secret\n        name: pypi_info\n"
	zdNew     = "zuul.d/teams/lib.yaml"
	zdStanza  = "- project:\n    name: openstack/lib\n    templates:\n      - publish-to-pypi\n"
	zdLinked  = "- project:\n    name: openstack/linked\n    release:\n      jobs: [release-openstack-python]\n"
	zdLinkDir = "elsewhere/linked.yaml"
)

func zuulDirBase() map[string][]byte {
	return map[string][]byte{"gerrit/projects.yaml": []byte(zdGerrit), "zuul.d/jobs.yaml": []byte(zdJobs),
		"zuul.d/projects.yaml": []byte("- project:\n    name: openstack/lib\n    templates: [noop-jobs]\n"), zdLinkDir: []byte(zdLinked)}
}

// zuulDirRepo is a project-config repo whose head adds zdNew and a link
// zuul.d/linked.yaml to a stanza that would publish openstack/linked.
func zuulDirRepo(t *testing.T) *fixture.Repo {
	t.Helper()
	r := fixture.NewRepo(t)
	r.Commit("base", zuulDirBase())
	if err := os.Symlink("../"+zdLinkDir, filepath.Join(r.Dir, "zuul.d", "linked.yaml")); err != nil {
		t.Fatal(err)
	}
	r.Commit("head", map[string][]byte{zdNew: []byte(zdStanza)})
	return r
}

func zuulDirPyPI(t *testing.T) *fakepypi.Server {
	t.Helper()
	p := fakepypi.New(world(owned("lib", "Owner", "openstackci", "Maintainer", "mallory"), owned("linked", "Owner", "stranger")), fakepypi.Options{})
	t.Cleanup(p.Close)
	return p
}

// wantLibStarts checks that the only event is openstack/lib starting to
// publish, on the template's line of the new file.
func wantLibStarts(t *testing.T, how string, evs []report.Event) {
	t.Helper()
	if len(evs) != 1 || evs[0].Kind != "starts-publishing" || !slices.Equal(evs[0].Repos, []string{"openstack/lib"}) ||
		evs[0].File != zdNew || evs[0].Line != 4 {
		t.Errorf("%s: events %+v, want one starts-publishing of openstack/lib at %s:4", how, evs, zdNew)
	}
}

func TestZuulDirEveryFileThroughGit(t *testing.T) {
	t.Parallel()
	r := zuulDirRepo(t)
	res := fixture.Run(t, r.Dir, nil, "diff", "--format", "json", "--log-level", "error")
	wantLibStarts(t, "diff", jsonReport(t, res).Events)

	pypi := zuulDirPyPI(t)
	res, rep := runCheck(t, r.Dir, pypi)
	wantLibStarts(t, "check", rep.Events)
	if f := onlyFinding(t, rep); res.Code != 1 || f.Status != report.ExtraMaintainers || f.File != zdNew {
		t.Errorf("check: exit %d: %+v", res.Code, f)
	}
	if !slices.Contains(rep.Touched, zdNew) {
		t.Errorf("touched files %q lack %s: no comment could be placed on it", rep.Touched, zdNew)
	}
}

// TestZuulDirEveryFileInACheckout: --project-config reads every file under
// zuul.d/, subfolders too, and no link.
func TestZuulDirEveryFileInACheckout(t *testing.T) {
	t.Parallel()
	pc := zuulDirRepo(t).Dir
	gov := governanceRepo(t, checkBase, addDeliverable("lib", "      release-management: none\n"))
	pypi := zuulDirPyPI(t)
	res, r := runCheck(t, gov.Dir, pypi, "--project-config", pc)
	if f := onlyFinding(t, r); res.Code != 1 || f.Status != report.ExtraMaintainers {
		t.Errorf("a repo published by %s is not judged: exit %d: %+v", zdNew, res.Code, f)
	}
	gov = governanceRepo(t, checkBase, addDeliverable("linked", "      release-management: none\n"))
	res, r = runCheck(t, gov.Dir, pypi, "--project-config", pc)
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable {
		t.Errorf("a stanza behind a link decides publishing: exit %d: %+v", res.Code, f)
	}
}

// TestZuulDirEveryFileThroughGerrit: Gerrit cannot list a tree, but the
// files the change touches under zuul.d/ are read.
func TestZuulDirEveryFileThroughGerrit(t *testing.T) {
	t.Parallel()
	r := fixture.NewRepo(t)
	r.Commit("base", zuulDirBase())
	head := r.Commit("head", map[string][]byte{zdNew: []byte(zdStanza)})
	g := fakegerrit.New(fakegerrit.Options{})
	t.Cleanup(g.Close)
	g.AddProject("openstack/project-config", r.Dir)
	n := g.AddChange("openstack/project-config", "master", head)
	pypi := zuulDirPyPI(t)
	res := fixture.Run(t, t.TempDir(), nil, "check", "--gerrit-url", g.URL, "--pypi-url", pypi.URL, "--format", "json", "--log-level", "error",
		"--change", strconv.Itoa(n), "--revision", head)
	rep := jsonReport(t, res)
	wantLibStarts(t, "check through Gerrit", rep.Events)
	if res.Code != 1 || !slices.Contains(rep.Touched, zdNew) {
		t.Errorf("exit %d, touched %q", res.Code, rep.Touched)
	}
	noViolations(t, g)
}
