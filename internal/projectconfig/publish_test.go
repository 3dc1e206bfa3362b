package projectconfig_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

var rule = projectconfig.Rule{Templates: regexp.MustCompile(projectconfig.DefaultPublishPattern), Jobs: []string{"policy-upload"}}

// jobsYAML has the shapes of the real zuul.d/jobs.yaml: the secret passed
// under an alias, a string secret, the playbook in a post-run list, parents.
const jobsYAML = `- job:
    name: base-like
    parent: null
- job:
    name: publish-openstack-artifacts
    post-run: playbooks/publish/openstack-artifacts.yaml
- job:
    name: release-openstack-python
    parent: publish-openstack-artifacts
    post-run:
      - playbooks/pti-python-tarball/post.yaml
      - playbooks/publish/pypi.yaml
    secrets:
      - secret: pypi_secret
        name: pypi_info
      - gpg_key
- job:
    name: child-of-release
    parent: release-openstack-python
- job:
    name: string-secret
    secrets: pypi_secret
- job:
    name: playbook-only
    run:
      - name: playbooks/publish/pypi.yaml
- job:
    name: alias-named-like-pypi
    secrets:
      - name: pypi_secret
        secret: something_else
- job:
    name: tarball-only
    parent: publish-openstack-artifacts
    secrets: [gpg_key]
- job:
    name: loop-a
    parent: loop-b
- job:
    name: loop-b
    parent: loop-a
- job:
    name: no-parent-uses-base
- project-template:
    name: release-tarball-and-wheel
    release:
      jobs:
        - child-of-release
`

func TestPublishes(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{
		projectconfig.JobsFile: []byte(jobsYAML),
		projectconfig.ZuulFile: []byte(`- project:
    name: openstack/direct
    release:
      jobs:
        - release-openstack-python
- project:
    name: opendev.org/openstack/canonical
    templates: [publish-to-pypi]
- project:
    name: openstack/variant
    check:
      jobs:
        - noop
    tag:
      jobs:
        - some-local-job:
            secrets:
              - name: pypi_info
                secret: pypi_secret
- project:
    name: openstack/inherits
    release:
      jobs: [child-of-release]
- project:
    name: openstack/by-policy
    promote:
      jobs: [policy-upload]
- project:
    name: openstack/own-template
    templates: [release-tarball-and-wheel]
- project:
    name: openstack/tarball
    release:
      jobs: [tarball-only, alias-named-like-pypi, loop-a]
- project:
    name: ^opendev.org/openstack/regex-.*$
    post:
      jobs: [string-secret]
- project:
    name: openstack/default-parent
    release:
      jobs: [no-parent-uses-base]
`),
		"zuul.d/sub/other.yaml": []byte("- project:\n    name: openstack/elsewhere\n    pre-release:\n      jobs:\n        - playbook-only\n"),
		"zuul.d/not-yaml.yml":   []byte("- project:\n    name: openstack/ignored\n    templates: [publish-to-pypi]\n"),
	}
	c, err := projectconfig.Parse(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		repo, file string
		line       int
		why        string // "" : does not publish
	}{
		{"openstack/direct", "zuul.d/projects.yaml", 5, "release job release-openstack-python holds the secret pypi_secret (zuul.d/jobs.yaml:8)"},
		{"openstack/canonical", "zuul.d/projects.yaml", 8, "template publish-to-pypi matches pypi"},
		{"openstack/variant", "zuul.d/projects.yaml", 16, "tag job some-local-job holds the secret pypi_secret"},
		{"openstack/inherits", "zuul.d/projects.yaml", 23, "inherits from release-openstack-python, which holds"},
		{"openstack/by-policy", "zuul.d/projects.yaml", 27, "is one of the policy's publish-jobs"},
		{"openstack/own-template", "zuul.d/projects.yaml", 30, "template release-tarball-and-wheel (zuul.d/jobs.yaml:45) runs release job child-of-release"},
		{"openstack/tarball", "", 0, ""},
		{"openstack/regex-x", "zuul.d/projects.yaml", 38, "post job string-secret holds"},
		{"openstack/elsewhere", "zuul.d/sub/other.yaml", 5, "runs playbooks/publish/pypi.yaml"},
		{"openstack/ignored", "", 0, ""},
		{"openstack/default-parent", "", 0, ""},
	}
	for _, tc := range cases {
		r, ok := c.Publishes(tc.repo, rule)
		if ok != (tc.why != "") || !strings.Contains(r.Why, tc.why) || r.Pos.File != tc.file || r.Pos.Line != tc.line {
			t.Errorf("%s: got %v %+v, want %q at %s:%d", tc.repo, ok, r, tc.why, tc.file, tc.line)
		}
	}
	// A job that names no parent inherits from base, Zuul's default parent.
	files[projectconfig.JobsFile] = []byte(jobsYAML + "- job:\n    name: base\n    parent: null\n    secrets: [{name: x, secret: pypi_secret}]\n")
	withBase, err := projectconfig.Parse(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := withBase.Publishes("openstack/default-parent", rule); !ok || !strings.Contains(r.Why, "inherits from base, which holds") {
		t.Errorf("default parent: %v %+v", ok, r)
	}
	if r, ok := withBase.Publishes("openstack/tarball", rule); !ok || !strings.Contains(r.Why, "inherits from publish-openstack-artifacts, which inherits from base") {
		t.Errorf("a parent that names no parent inherits from base: %v %+v", ok, r)
	}
	if r, _ := c.Publishes("openstack/inherits", rule); r.Source != (projectconfig.Pos{File: "zuul.d/jobs.yaml", Line: 8}) {
		t.Errorf("the source of an inherited upload is the job holding the secret: %+v", r.Source)
	}
}

func TestShapesRefused(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, file, yaml, want string }{
		{"regex in another file", "zuul.d/x.yaml", "- project:\n    name: ^(x\n", "zuul.d/x.yaml:2: project name regex"},
	}
	for _, tc := range cases {
		_, err := projectconfig.Parse(map[string][]byte{tc.file: []byte(tc.yaml)}, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	// Aliases are followed, as PyYAML follows them: a secret and a jobs
	// list shared through anchors publish as if written out.
	shared, err := projectconfig.Parse(map[string][]byte{
		projectconfig.JobsFile: []byte("- job:\n    name: x\n    secrets: &s [pypi_secret]\n- job:\n    name: y\n    secrets: *s\n"),
		"zuul.d/x.yaml":        []byte("- project:\n    name: openstack/a\n    check:\n      jobs: &j [y]\n- project:\n    name: openstack/b\n    release:\n      jobs: *j\n"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rule := projectconfig.Rule{Templates: regexp.MustCompile("pypi")}
	if r, ok := shared.Publishes("openstack/b", rule); !ok || r.Job != "y" || r.Source.Line != 5 {
		t.Errorf("a jobs list and a secret shared through aliases: publishes %v (%+v), want true through job y, whose secret is at jobs.yaml:5", ok, r)
	}
	// An alias in an attribute pypiguard does not read (real projects.yaml
	// shares files: lists) is fine.
	if _, err := projectconfig.Parse(map[string][]byte{"zuul.d/x.yaml": []byte("- project:\n    name: openstack/a\n    check:\n      jobs:\n        - a:\n            files: &f [x]\n        - b:\n            files: *f\n")}, nil); err != nil {
		t.Error(err)
	}
}

func TestRetiredByFileName(t *testing.T) {
	t.Parallel()
	for acl, want := range map[string]bool{
		"/home/gerrit2/acls/openstack/retired.config": true,
		"retired.config":                                true,
		"/home/gerrit2/acls/x/notretired.config":        false,
		"/home/gerrit2/acls/retired.config/nova.config": false,
		"": false,
	} {
		if got := (&projectconfig.Project{ACLConfig: acl}).Retired(); got != want {
			t.Errorf("%q: retired %v, want %v", acl, got, want)
		}
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	got := projectconfig.Paths([]string{"zuul.d/new.yaml", "zuul.d/a/b.yaml", "zuul.d/x.yml", "zuul.d/.yaml", "zuul.yaml", "zuul.d/jobs.yaml"})
	want := "gerrit/projects.yaml zuul.d/a/b.yaml zuul.d/gerrit-projects.yaml zuul.d/jobs.yaml zuul.d/new.yaml zuul.d/pipelines.yaml zuul.d/projects.yaml zuul.d/starlingx-jobs.yaml"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q", got)
	}
}

// TestRealPublishing reads today's real project-config: every zuul.d file,
// the jobs and their parents. opendev/sandbox publishes through a job listed
// directly, and the publishing repos are counted.
func TestRealPublishing(t *testing.T) {
	t.Parallel()
	c, err := projectconfig.Parse(fixture.ReadTree(t, filepath.Join(fixture.SharedData(t), "project-config")), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := c.Publishes("opendev/sandbox", rule)
	if !ok || r.Job != "release-openstack-python" || r.Source.File != projectconfig.JobsFile {
		t.Errorf("opendev/sandbox: %v %+v", ok, r)
	}
	if len(c.Jobs["release-openstack-python"]) != 1 || !c.Listed("gerrit.googlesource.com/gerrit") {
		t.Error("jobs.yaml or gerrit-projects.yaml was not read")
	}
	n := 0
	for _, p := range c.Projects {
		if _, ok := c.Publishes(p.Name, rule); ok {
			n++
		}
	}
	if n < 400 {
		t.Errorf("%d repos publish; want the ~400 real ones", n)
	}
	t.Logf("%d of %d gerrit projects publish to PyPI", n, len(c.Projects))
}

// TestSecretWrittenTwice: of a key written twice the later counts, as
// PyYAML reads it, where a secret is named.
func TestSecretWrittenTwice(t *testing.T) {
	t.Parallel()
	rule := projectconfig.Rule{Templates: regexp.MustCompile("pypi")}
	for secrets, want := range map[string]bool{
		"[{name: s, secret: other, secret: pypi_secret}]": true,
		"[{name: s, secret: pypi_secret, secret: other}]": false,
	} {
		c, err := projectconfig.Parse(map[string][]byte{
			projectconfig.JobsFile: []byte("- job:\n    name: up\n    secrets: " + secrets + "\n"),
			"zuul.d/x.yaml":        []byte("- project:\n    name: openstack/a\n    release:\n      jobs: [up]\n"),
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Publishes("openstack/a", rule); ok != want {
			t.Errorf("secrets %s: publishes %v, want %v", secrets, ok, want)
		}
	}
}

// The PyPI playbook spelt another way is the file Zuul runs all the same.
func TestPlaybookSpellings(t *testing.T) {
	t.Parallel()
	for _, spelling := range []string{"./playbooks/publish/pypi.yaml", "playbooks//publish/pypi.yaml", "playbooks/publish/../publish/pypi.yaml"} {
		files := map[string][]byte{projectconfig.ZuulFile: []byte("- job:\n    name: up\n    post-run: " + spelling +
			"\n- project:\n    name: openstack/x\n    release:\n      jobs: [up]\n")}
		c, err := projectconfig.Parse(files, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := c.Publishes("openstack/x", rule); !ok || !strings.Contains(r.Why, "runs playbooks/publish/pypi.yaml") {
			t.Errorf("%s: %v %+v", spelling, ok, r)
		}
	}
}
