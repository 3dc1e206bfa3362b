package zuuljobs

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// loadRepoConfig loads the repository's own zuul.d/. The only job it may
// name without defining is the tenant's base job.
func loadRepoConfig(t *testing.T) *Config {
	t.Helper()
	cfg, err := Load(fixture.ModuleRoot(t), "base")
	if err != nil {
		t.Fatalf("zuul.d/ is not what Zuul accepts:\n%v", err)
	}
	return cfg
}

func TestZuulConfigValid(t *testing.T) {
	t.Parallel()
	cfg := loadRepoConfig(t)
	for _, name := range []string{"pypiguard-check", "pypiguard-audit", "pypiguard-watch"} {
		j := cfg.Jobs[name]
		if j == nil {
			t.Fatalf("job %s is not defined (files read: %v)", name, cfg.Files)
		}
		if _, run, _ := cfg.Inherited(name); len(run) != 1 {
			t.Errorf("%s: want one run playbook, got %v", name, run)
		}
	}
	for name, j := range cfg.Jobs {
		if j.HasSecrets {
			t.Errorf("%s uses a secret: the jobs need none, and a secret would keep them out of check", name)
		}
	}
}

func TestCheckJob(t *testing.T) {
	t.Parallel()
	cfg := loadRepoConfig(t)
	j := cfg.Jobs["pypiguard-check"]
	if j.Voting != nil && !*j.Voting {
		t.Error("pypiguard-check must vote")
	}
	timeout := j.Timeout
	for p := cfg.Jobs[j.Parent]; timeout == 0 && p != nil; p = cfg.Jobs[p.Parent] {
		timeout = p.Timeout
	}
	if timeout < 600 || timeout > 3600 {
		t.Errorf("timeout %ds: want 10 to 60 minutes", timeout)
	}
	pre, _, post := cfg.Inherited("pypiguard-check")
	if len(pre) == 0 || len(post) == 0 {
		t.Errorf("pre-run %v and post-run %v: both are needed (build; publish and comment)", pre, post)
	}
	required, roles := map[string]bool{}, map[string]bool{}
	for p := cfg.Jobs["pypiguard-check"]; p != nil; p = cfg.Jobs[p.Parent] {
		for _, r := range p.RequiredProjects {
			required[r] = true
		}
		for _, r := range p.Roles {
			roles[r["zuul"]] = true
		}
	}
	if !roles["zuul/zuul-jobs"] {
		t.Error("pre-run includes ensure-go: the job needs zuul/zuul-jobs' roles")
	}
	for _, want := range []string{"openstack/pypiguard", "openstack/governance", "openstack/project-config", "openstack/releases"} {
		if !required[want] {
			t.Errorf("required-projects lack %s: %v", want, required)
		}
	}
	if got := cfg.MergedVars("pypiguard-check")["pypiguard_pypi_url"]; got != "https://pypi.org" {
		t.Errorf("pypiguard_pypi_url defaults to %v, want https://pypi.org", got)
	}
	for _, job := range []string{"pypiguard-check", "pypiguard-audit"} {
		if got := cfg.MergedVars(job)["pypiguard_gerrit_url"]; got != "https://review.opendev.org" {
			t.Errorf("%s: pypiguard_gerrit_url defaults to %v, want https://review.opendev.org (names from the repos' own files)", job, got)
		}
	}
}

// TestCheckJobFiles matches the job's files: as Zuul does (RE2, anchored at
// the start): the files pypiguard reads run it, nothing else does.
func TestCheckJobFiles(t *testing.T) {
	t.Parallel()
	files := loadRepoConfig(t).Jobs["pypiguard-check"].Files
	var res []*regexp.Regexp
	for _, f := range files {
		res = append(res, regexp.MustCompile("^(?:"+f+")"))
	}
	matches := func(path string) bool {
		return slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(path) })
	}
	for _, path := range []string{"reference/projects.yaml", "reference/legacy.yaml", "reference/sigs-repos.yaml",
		"reference/technical-committee-repos.yaml", "gerrit/projects.yaml", "zuul.d/projects.yaml", "zuul.d/jobs.yaml", "zuul.d/teams/nova.yaml"} {
		if !matches(path) {
			t.Errorf("%s does not run the job", path)
		}
	}
	for _, path := range []string{"reference/projects.yaml.orig", "doc/reference/projects.yaml", "reference/projects_yaml",
		"gerrit/acls/openstack/nova.config", "zuul.d/README.rst", "zuul.d/projects.yml", "zuul/main.yaml", "README.rst", "reference/tc-repos.yaml"} {
		if matches(path) {
			t.Errorf("%s runs the job", path)
		}
	}
}

func TestProjectTemplate(t *testing.T) {
	t.Parallel()
	tpl := loadRepoConfig(t).Templates["pypiguard-jobs"]
	if tpl == nil {
		t.Fatal("project-template pypiguard-jobs is not defined")
	}
	want := map[string][]string{"check": {"pypiguard-check"}, "gate": {"pypiguard-check"}, "periodic": {"pypiguard-audit", "pypiguard-watch"}}
	for pipeline, jobs := range want {
		if !slices.Equal(tpl.Pipelines[pipeline], jobs) {
			t.Errorf("%s: %v, want %v", pipeline, tpl.Pipelines[pipeline], jobs)
		}
	}
	if len(tpl.Pipelines) != len(want) {
		t.Errorf("pipelines %v, want only %v", tpl.Pipelines, want)
	}
}

// TestLoadRefuses: the checker finds what Zuul would refuse, so that
// TestZuulConfigValid passing means something.
func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	const ok = "- job:\n    name: j\n    run: run.yaml\n"
	for _, tc := range []struct{ config, want string }{
		{"- job:\n    name: j\n    runs: run.yaml\n", `unknown key "runs"`},
		{"- job:\n    name: j\n    timeout: 30m\n", `.timeout: want an integer`},
		// PyYAML, which Zuul reads with, has no 0o octal: the string '0o17'.
		{"- job:\n    name: j\n    timeout: 0o17\n", `.timeout: want an integer, got !!str "0o17"`},
		{"- job:\n    name: j\n    voting: 'yes'\n", `.voting: want a boolean`},
		{"- job:\n    name: j\n    files: ['^a(b$']\n", `does not compile as RE2`},
		{"- job:\n    name: j\n    files: ['^(?=a)']\n", `does not compile as RE2`},
		{"- job:\n    name: j\n    files: [{regex: '^a$', negate: maybe}]\n", `.negate: want a boolean`},
		{"- job:\n    name: j\n    run: missing.yaml\n", `playbook missing.yaml does not exist`},
		{"- job:\n    name: j\n    post-run: [{name: run.yaml, cleanup: 1}]\n", `.cleanup: want a boolean`},
		{"- job:\n    name: j\n    parent: nowhere\n", `parent "nowhere" is not defined`},
		{"- job:\n    name: j\n    vars: {zuul: x}\n", `variables named "zuul" are not allowed`},
		{"- job:\n    name: j\n    vars: {bad-name: x}\n", `"bad-name" is not an Ansible variable name`},
		{"- job:\n    name: j\n    required-projects: [{project: x}]\n", `unknown key "project"`},
		{"- job:\n    name: j\n    required-projects: {name: x, override-checkout: 3}\n", `.override-checkout: want a string`},
		{"- job:\n    name: j\n    roles: zuul/zuul-jobs\n", `roles: want a zuul role or a galaxy role, or a list of them, got !!str "zuul/zuul-jobs"`},
		{"- job:\n    run: run.yaml\n", `required key "name" is missing`},
		{"- job:\n    name: j\n    name: k\n", `appears twice`},
		{ok + ok, "job j: defined twice"},
		{ok + "- project-template:\n    name: t\n    check:\n      jobs: [j, k]\n", `job "k" is not defined`},
		{ok + "- project-template:\n    name: t\n    check:\n      jobz: [j]\n", `unknown key "jobz"`},
		{ok + "- project-template:\n    name: t\n    templates: [x]\n", `want a pipeline's jobs`},
		{ok + "- project:\n    check:\n      jobs:\n        - j:\n            voting: nope\n", `.voting: want a boolean`},
		{"- nodeset:\n    name: n\n", `unsupported stanza "nodeset"`},
		{"job:\n  name: j\n", `want a list of stanzas`},
	} {
		root := t.TempDir()
		writeFile(t, root, "run.yaml", "- hosts: all\n")
		writeFile(t, root, "zuul.d/sub/jobs.yaml", tc.config)
		_, err := Load(root)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.config, err, tc.want)
		}
	}
}

// TestLoadLikeZuul: subfolders are read, .zuul.ignore prunes one, and an
// empty zuul.d/ is an error.
func TestLoadLikeZuul(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, root, "run.yaml", "- hosts: all\n")
	writeFile(t, root, "zuul.d/a/jobs.yaml", "- job:\n    name: j\n    run: run.yaml\n")
	writeFile(t, root, "zuul.d/playbooks/.zuul.ignore", "")
	writeFile(t, root, "zuul.d/playbooks/not-config.yaml", "- hosts: all\n")
	cfg, err := Load(root)
	if err != nil || cfg.Jobs["j"] == nil || !slices.Equal(cfg.Files, []string{"zuul.d/a/jobs.yaml"}) {
		t.Errorf("%v: %+v", err, cfg)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("a repository without zuul.d/ loaded")
	}
}

func writeFile(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
