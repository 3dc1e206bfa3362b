package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const diffProjects = `---
horizon:
  ptl:
    name: Carol
  deliverables:
    horizon:
      repos:
        - openstack/horizon
`

func governanceRepo(t *testing.T, base, head string) *fixture.Repo {
	t.Helper()
	r := fixture.NewRepo(t)
	r.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(base), "reference/legacy.yaml": []byte("---\n")})
	r.Commit("head", map[string][]byte{"reference/projects.yaml": []byte(head)})
	return r
}

func TestDiffTextAndJSON(t *testing.T) {
	t.Parallel()
	head := diffProjects + "    xstatic-tv4:\n      repos:\n        - openstack/xstatic-tv4\n"
	r := governanceRepo(t, diffProjects, head)

	res := fixture.Run(t, r.Dir, nil, "diff")
	if res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	want := "reference/projects.yaml:9: new-deliverable deliverable xstatic-tv4 openstack/xstatic-tv4 (team horizon)"
	if !strings.Contains(res.Stdout, want) {
		t.Errorf("text output lacks %q:\n%s", want, res.Stdout)
	}

	res = fixture.Run(t, r.Dir, nil, "diff", "--format", "json", "--log-level", "error")
	var rep report.Report
	if err := json.Unmarshal([]byte(res.Stdout), &rep); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, res.Stdout)
	}
	if rep.Schema != 1 || len(rep.Events) != 1 {
		t.Fatalf("want schema 1 and one event, got %+v", rep)
	}
	e := rep.Events[0]
	if e.Kind != "new-deliverable" || e.Team != "horizon" || e.Deliverable != "xstatic-tv4" || e.File != "reference/projects.yaml" || e.Line != 9 || e.Repos[0] != "openstack/xstatic-tv4" {
		t.Errorf("event: %+v", e)
	}
	if res.Stderr != "" {
		t.Errorf("stderr should be empty at --log-level error: %s", res.Stderr)
	}
}

func TestDiffRepoFlagAndRevisions(t *testing.T) {
	t.Parallel()
	r := governanceRepo(t, diffProjects, diffProjects+"    horizon-lib:\n      repos:\n        - openstack/horizon-lib\n")
	fixture.Git(t, r.Dir, "tag", "before", "HEAD^")
	res := fixture.Run(t, t.TempDir(), nil, "diff", "--repo", r.Dir, "--base", "before", "--head", "master")
	if res.Code != 0 || !strings.Contains(res.Stdout, "new-deliverable deliverable horizon-lib") {
		t.Errorf("exit %d\n%s\n%s", res.Code, res.Stdout, res.Stderr)
	}
}

func TestDiffErrors(t *testing.T) {
	t.Parallel()
	bad := diffProjects + "    broken: [\n"
	r := governanceRepo(t, diffProjects, bad)
	cases := []struct {
		name string
		dir  string
		args []string
		want string
	}{
		{"unparsable YAML names file and line", r.Dir, []string{"diff"}, "reference/projects.yaml:9: invalid YAML"},
		{"bad revision is named", r.Dir, []string{"diff", "--base", "no-such-rev"}, `revision "no-such-rev" is not a commit`},
		{"option-looking revision", r.Dir, []string{"diff", "--head=--output=x"}, `revision "--output=x"`},
		{"not a git repository", t.TempDir(), []string{"diff"}, "is not a git repository"},
		{"unknown format", r.Dir, []string{"diff", "--format", "xml"}, `--format "xml": use one of text, json`},
		{"unknown flag", r.Dir, []string{"diff", "--frobnicate"}, "unknown flag: --frobnicate"},
		{"neither governance nor project-config", emptyRepo(t), []string{"diff"}, "point --repo at a checkout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := fixture.Run(t, tc.dir, nil, tc.args...)
			if res.Code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", res.Code, res.Stderr)
			}
			if !strings.Contains(res.Stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, res.Stderr)
			}
			if res.Stdout != "" {
				t.Errorf("stdout should be empty on error: %s", res.Stdout)
			}
		})
	}
}

func emptyRepo(t *testing.T) string {
	r := fixture.NewRepo(t)
	r.Commit("one", map[string][]byte{"README": []byte("x")})
	r.Commit("two", map[string][]byte{"README": []byte("y")})
	return r.Dir
}

func TestDiffRealHistoryThroughGit(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixture.SharedData(t), "history", "pc-kayobe-adoption")
	r := fixture.NewRepo(t)
	r.Commit("base", fixture.ReadTree(t, filepath.Join(dir, "base")))
	r.Commit("head", fixture.ReadTree(t, filepath.Join(dir, "head")))
	res := fixture.Run(t, r.Dir, nil, "diff", "--format", "json")
	var rep report.Report
	if err := json.Unmarshal([]byte(res.Stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, res.Stderr)
	}
	if rep.Repository != "project-config" || len(rep.Events) != 3 {
		t.Fatalf("want 3 events on project-config, got %s with %+v", rep.Repository, rep.Events)
	}
	for _, e := range rep.Events {
		if e.Kind != "renamed-project" || !strings.HasPrefix(e.Repos[0], "openstack/kayobe") || !strings.HasPrefix(e.From, "x/kayobe") {
			t.Errorf("event %+v", e)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	res := fixture.Run(t, t.TempDir(), nil, "version")
	if res.Code != 0 || !strings.HasPrefix(res.Stdout, "pypiguard ") {
		t.Errorf("exit %d: %q", res.Code, res.Stdout)
	}
}

func TestLogsAreJSONOffTerminal(t *testing.T) {
	t.Parallel()
	quirky := "---\nhorizon:\n  deliverables:\n    horizon:\n      repos: openstack/horizon\n"
	r := governanceRepo(t, diffProjects, quirky)
	res := fixture.Run(t, r.Dir, nil, "diff", "--log-level", "debug")
	if res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	lines := strings.Split(strings.TrimSpace(res.Stderr), "\n")
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil || rec["level"] != "debug" || rec["file"] != "reference/projects.yaml" {
		t.Errorf("first log line is not a debug JSON record about the quirk: %q (%v)", lines[0], err)
	}
	if !strings.Contains(res.Stdout, "repos is written as one string") {
		t.Errorf("the warning is not in the report:\n%s", res.Stdout)
	}

	res = fixture.Run(t, r.Dir, nil, "diff", "--log-level", "loud")
	if res.Code != 2 || !strings.Contains(res.Stderr, `--log-level "loud": use one of debug, info, warn, error`) {
		t.Errorf("exit %d: %s", res.Code, res.Stderr)
	}
}

func TestDiffConfigNamespaces(t *testing.T) {
	t.Parallel()
	r := fixture.NewRepo(t)
	r.Commit("base", map[string][]byte{"gerrit/projects.yaml": []byte("- project: openstack/nova\n")})
	r.Commit("head", map[string][]byte{"gerrit/projects.yaml": []byte("- project: openstack/nova\n- project: starlingx/newthing\n")})
	pol := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(pol, []byte("owner: openstackci\nnamespaces: [openstack, starlingx]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := fixture.Run(t, r.Dir, nil, "diff"); !strings.Contains(res.Stdout, "No event") {
		t.Errorf("starlingx is not governed by default:\n%s", res.Stdout)
	}
	res := fixture.Run(t, r.Dir, nil, "diff", "--config", pol)
	if res.Code != 0 || !strings.Contains(res.Stdout, "gerrit/projects.yaml:2: new-project starlingx/newthing") {
		t.Errorf("exit %d:\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}
