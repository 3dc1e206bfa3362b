package zuuljobs

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const (
	relFile = "deliverables/2025.1/kettle.yaml"
	relBase = `---
team: horizon
type: library
repository-settings:
  openstack/kettle: {}
releases:
  - version: 1.0.0
    projects:
      - repo: openstack/kettle
        hash: 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b
`
	relHead = relBase + `  - version: 1.1.0
    projects:
      - repo: openstack/kettle
        hash: 9f8e7d6c5b4a39281706f5e4d3c2b1a098765432
`
)

// releasesChange is a release request to openstack/releases tagging
// kettle 1.1.0.
func releasesChange() change {
	return change{
		project: "releases",
		base:    map[string][]byte{relFile: []byte(relBase)},
		head:    map[string][]byte{relFile: []byte(relHead)},
		others: map[string]map[string][]byte{"project-config": projectConfigFiles(pcZuul),
			"governance": {"reference/projects.yaml": []byte(governanceBase)}},
	}
}

// TestCheckJobReleaseRequest: on openstack/releases the job judges the
// release request (the kind from Zuul's project): a tag on a dirty package
// fails with the comment on the release entry's version: line; a clean one
// passes with no comment.
func TestCheckJobReleaseRequest(t *testing.T) {
	t.Parallel()
	cfg := loadRepoConfig(t)
	dirty := runJob(t, cfg, newWorkspace(t, releasesChange()), "pypiguard-check", "check",
		map[string]any{"pypiguard_pypi_url": pypiWorld(t, owned("kettle", "Owner", "openstackci", "Maintainer", "mallory")).URL})
	if dirty.preRC != 0 || dirty.runRC == 0 || slices.ContainsFunc(dirty.postRCs, func(rc int) bool { return rc != 0 }) {
		t.Fatalf("dirty: pre %d, run %d, post %v: want the run alone to fail\n%s", dirty.preRC, dirty.runRC, dirty.postRCs, dirty.log)
	}
	z := zuulData(t, dirty)
	cs := z.FileComments[relFile]
	if len(z.FileComments) != 1 || len(cs) != 1 || cs[0].Line != lineOf(relHead, "  - version: 1.1.0") ||
		!strings.Contains(cs[0].Message, "mallory (Maintainer)") {
		t.Fatalf("want one comment on the 1.1.0 entry's version: line (%d): %+v", lineOf(relHead, "  - version: 1.1.0"), z.FileComments)
	}

	ws := newWorkspace(t, releasesChange())
	clean := runJob(t, cfg, ws, "pypiguard-check", "check",
		map[string]any{"pypiguard_pypi_url": pypiWorld(t, owned("kettle", "Owner", "openstackci")).URL})
	if clean.preRC != 0 || clean.runRC != 0 || slices.ContainsFunc(clean.postRCs, func(rc int) bool { return rc != 0 }) {
		t.Fatalf("clean: pre %d, run %d, post %v: want a pass\n%s", clean.preRC, clean.runRC, clean.postRCs, clean.log)
	}
	if z := zuulData(t, clean); len(z.FileComments) != 0 || len(z.Warnings) != 0 {
		t.Errorf("a clean release request got comments or warnings: %+v", z)
	}
	checkPublished(t, ws, zuulData(t, clean), "PASS", "pass")
}

// TestReleasesTemplate: openstack/releases gets the check non-voting from
// its template, in check only; the job runs on deliverables/**.
func TestReleasesTemplate(t *testing.T) {
	t.Parallel()
	cfg := loadRepoConfig(t)
	tpl := cfg.Templates["pypiguard-releases-jobs"]
	if tpl == nil || len(tpl.Pipelines) != 1 || !slices.Equal(tpl.Pipelines["check"], []string{"pypiguard-check"}) {
		t.Fatalf("pypiguard-releases-jobs: %+v, want pypiguard-check in check only", tpl)
	}
	var doc []map[string]map[string]any
	if err := yaml.Unmarshal(readRepoFile(t, "zuul.d/project-templates.yaml"), &doc); err != nil {
		t.Fatal(err)
	}
	voting := true
	for _, item := range doc {
		tpl := item["project-template"]
		if tpl["name"] != "pypiguard-releases-jobs" {
			continue
		}
		check, _ := tpl["check"].(map[string]any)
		jobs, _ := check["jobs"].([]any)
		for _, j := range jobs {
			m, _ := j.(map[string]any)
			job, _ := m["pypiguard-check"].(map[string]any)
			if v, ok := job["voting"].(bool); ok {
				voting = v
			}
		}
	}
	if voting {
		t.Error("pypiguard-releases-jobs must offer pypiguard-check with voting: false")
	}
	files := cfg.Jobs["pypiguard-check"].Files
	for _, path := range []string{relFile, "deliverables/_independent/kettle.yaml"} {
		if !slices.ContainsFunc(files, func(f string) bool { return matchZuul(f, path) }) {
			t.Errorf("%s does not run the job", path)
		}
	}
	if slices.ContainsFunc(files, func(f string) bool { return matchZuul(f, "data/series_status.yaml") }) {
		t.Error("data/ runs the job")
	}
}

// matchZuul matches a files: entry as Zuul does (RE2, anchored at the
// start).
func matchZuul(re, path string) bool {
	return regexp.MustCompile("^(?:" + re + ")").MatchString(path)
}

func readRepoFile(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixture.ModuleRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
