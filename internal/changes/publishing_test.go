package changes_test

import (
	"os/exec"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

func pcDiff(t *testing.T, base, head map[string]string, opts changes.Options) changes.Result {
	t.Helper()
	parse := func(m map[string]string) *projectconfig.Config {
		files := map[string][]byte{}
		for k, v := range m {
			files[k] = []byte(v)
		}
		c, err := projectconfig.Parse(files, nil)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return changes.Diff(changes.Snapshot{ProjectConfig: parse(base)}, changes.Snapshot{ProjectConfig: parse(head)}, opts)
}

const (
	pcGerrit = "- project: openstack/lib\n- project: openstack/other\n"
	pcJobs   = "- job:\n    name: release-openstack-python\n    secrets:\n      - secret: pypi_secret\n        name: pypi_info\n- job:\n    name: my-release\n"
	pcZuul   = "- project:\n    name: openstack/other\n    templates: [noop-jobs]\n"
)

// TestStartsPublishingEveryWay: each way Zuul would start publishing a repo
// is a starts-publishing event, on the line that caused it.
func TestStartsPublishingEveryWay(t *testing.T) {
	t.Parallel()
	base := map[string]string{projectconfig.GerritFile: pcGerrit, projectconfig.JobsFile: pcJobs, projectconfig.ZuulFile: pcZuul}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range base {
			m[a] = b
		}
		m[k] = v
		return m
	}
	listed := pcZuul + "- project:\n    name: openstack/lib\n    release:\n      jobs:\n        - my-release\n"
	cases := []struct {
		name string
		head map[string]string
		want string
	}{
		{"job listed directly", with(projectconfig.ZuulFile, pcZuul+"- project:\n    name: openstack/lib\n    release:\n      jobs: [release-openstack-python]\n"),
			"starts-publishing openstack/lib @zuul.d/projects.yaml:7"},
		{"stanza in another zuul.d file", with("zuul.d/more.yaml", "- project:\n    name: openstack/lib\n    templates: [publish-to-pypi]\n"),
			"starts-publishing openstack/lib @zuul.d/more.yaml:3"},
		{"canonical hostname", with(projectconfig.ZuulFile, pcZuul+"- project:\n    name: opendev.org/openstack/lib\n    templates: [publish-to-pypi]\n"),
			"starts-publishing openstack/lib @zuul.d/projects.yaml:6"},
		{"job variant given the secret", with(projectconfig.ZuulFile, pcZuul+"- project:\n    name: openstack/lib\n    tag:\n      jobs:\n        - my-release:\n            secrets: [pypi_secret]\n"),
			"starts-publishing openstack/lib @zuul.d/projects.yaml:8"},
	}
	for _, tc := range cases {
		r := pcDiff(t, base, tc.head, changes.Options{})
		check(t, tc.name, r.Events, []string{tc.want})
	}
	// The repo already lists my-release; jobs.yaml gives my-release a parent
	// holding the secret: the event points at the job that uploads.
	before := with(projectconfig.ZuulFile, listed)
	after := with(projectconfig.ZuulFile, listed)
	after[projectconfig.JobsFile] = strings.Replace(pcJobs, "    name: my-release\n", "    name: my-release\n    parent: release-openstack-python\n", 1)
	check(t, "a job gaining the secret through jobs.yaml", pcDiff(t, before, after, changes.Options{}).Events,
		[]string{"starts-publishing openstack/lib @zuul.d/jobs.yaml:2"})
	// The policy's publish-jobs count too.
	check(t, "a policy publish-job", pcDiff(t, base, before, changes.Options{PublishJobs: []string{"my-release"}}).Events,
		[]string{"starts-publishing openstack/lib @zuul.d/projects.yaml:8"})
}

// TestRenamePairsOnce: one removed entry pairs with at most one added entry
// of the same basename; the others are new projects (issue 12 item 5).
func TestRenamePairsOnce(t *testing.T) {
	t.Parallel()
	base := map[string]string{projectconfig.GerritFile: "- project: x/foo\n- project: openstack/bar\n"}
	head := map[string]string{projectconfig.GerritFile: "- project: openstack/bar\n- project: openstack/foo\n- project: openstack-dev/foo\n"}
	r := pcDiff(t, base, head, changes.Options{Namespaces: []string{"openstack", "openstack-dev"}})
	check(t, "events", r.Events, []string{"renamed-project openstack/foo <-x/foo @gerrit/projects.yaml:2", "new-project openstack-dev/foo @gerrit/projects.yaml:3"})
}

// TestNotRetiredIsNotRetired: only an acl-config named exactly
// retired.config retires a project (issue 12 item 5).
func TestNotRetiredIsNotRetired(t *testing.T) {
	t.Parallel()
	base := map[string]string{projectconfig.GerritFile: "- project: openstack/old\n"}
	head := map[string]string{projectconfig.GerritFile: "- project: openstack/old\n- project: openstack/sneaky\n  acl-config: /home/gerrit2/acls/openstack/notretired.config\n"}
	r := pcDiff(t, base, head, changes.Options{})
	check(t, "events", r.Events, []string{"new-project openstack/sneaky @gerrit/projects.yaml:2"})
	head[projectconfig.GerritFile] = "- project: openstack/old\n  acl-config: /home/gerrit2/acls/openstack/notretired.config\n"
	check(t, "info", pcDiff(t, base, head, changes.Options{}).Info, nil)
}

// TestRealStartThroughAJob replays the bundle's project-config a765dc161
// (upstream 5bf07a72, "Split zuul.yaml into files in zuul.d"):
// openstack-dev/sandbox started publishing through "release: jobs:
// [release-openstack-python]", a job listed directly, which only the job
// rule sees (jobs.yaml then gave the job no pypi_secret: the default
// policy's publish-jobs names it).
func TestRealStartThroughAJob(t *testing.T) {
	t.Parallel()
	bundle := fixture.SharedData(t) + "/git/project-config.bundle"
	dir := t.TempDir()
	if out, err := exec.Command("git", "clone", "-q", "--no-checkout", bundle, dir).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	read := func(rev string) map[string]string {
		m := map[string]string{}
		for _, p := range projectconfig.Files {
			if out, err := exec.Command("git", "-C", dir, "show", rev+":"+p).Output(); err == nil {
				m[p] = string(out)
			}
		}
		return m
	}
	rev := "a765dc161"
	r := pcDiff(t, read(rev+"^"), read(rev), changes.Options{Namespaces: []string{"openstack-dev"}, PublishJobs: policy.Default().PublishJobs})
	found := false
	for _, e := range r.Events {
		if e.Kind == changes.StartsPublishing && e.Repos[0] == "openstack-dev/sandbox" {
			found = e.File == projectconfig.ZuulFile && e.Line > 0
		}
	}
	if !found {
		t.Errorf("openstack-dev/sandbox does not start publishing at %s: %q", rev, describeAll(r.Events))
	}
}
