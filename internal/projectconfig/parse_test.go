package projectconfig_test

import (
	"regexp"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

func parse(t *testing.T, gerrit, zuul string) (*projectconfig.Config, error) {
	t.Helper()
	return projectconfig.Parse(map[string][]byte{projectconfig.GerritFile: []byte(gerrit), projectconfig.ZuulFile: []byte(zuul)}, nil)
}

var pypi = regexp.MustCompile(projectconfig.DefaultPublishPattern)

func TestGerritProjects(t *testing.T) {
	t.Parallel()
	c, err := parse(t, `- project: openstack/nova
  description: Compute
- project: openstack/old
  description: RETIRED
  acl-config: /home/gerrit2/acls/openstack/retired.config
- project: openstack/imported
  upstream: https://github.com/example/imported
  acl-config: /home/gerrit2/acls/openstack/imported.config
`, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Projects) != 3 {
		t.Fatalf("projects %+v", c.Projects)
	}
	if p := c.Project("openstack/old"); p == nil || !p.Retired() || p.Pos.Line != 3 {
		t.Errorf("old: %+v", p)
	}
	if p := c.Project("openstack/imported"); p == nil || p.Retired() || p.Upstream != "https://github.com/example/imported" || p.Pos.Line != 6 {
		t.Errorf("imported: %+v", p)
	}
	if c.Project("openstack/missing") != nil {
		t.Error("found a project that is not there")
	}
}

func TestPublishTemplate(t *testing.T) {
	t.Parallel()
	c, err := parse(t, "", `- project:
    name: ^openstack/xstatic-.*$
    templates:
      - publish-xstatic-to-pypi
- project:
    name: openstack/nova
    templates:
      - official-openstack-repo-jobs
      # - publish-to-pypi
- project:
    name: openstack/nova
    templates:
      - publish-to-pypi-stable-only
- project:
    name: openstack/horizon
    templates:
      - noop-jobs
- queue:
    name: integrated
`)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		repo string
		want string
		line int
	}{
		{"openstack/nova", "publish-to-pypi-stable-only", 13},
		{"openstack/xstatic-foo", "publish-xstatic-to-pypi", 4},
		{"openstack/horizon", "", 0},
		{"openstack/unknown", "", 0},
	}
	for _, tc := range cases {
		tpl, ok := c.Publishes(tc.repo, projectconfig.Rule{Templates: pypi})
		if ok != (tc.want != "") || tpl.Template != tc.want || tpl.Pos.Line != tc.line {
			t.Errorf("%s: got %+v %v, want %q at line %d", tc.repo, tpl, ok, tc.want, tc.line)
		}
	}
	if !c.Listed("openstack/horizon") || c.Listed("openstack/xstatic-foo") {
		t.Error("Listed is wrong")
	}
}

func TestZuulCanonicalNames(t *testing.T) {
	t.Parallel()
	if _, err := parse(t, "", "- project:\n    name: gerrit.googlesource.com/plugins/zuul-results-summary\n    templates: [noop-jobs]\n"); err != nil {
		t.Errorf("canonical project names are valid in Zuul: %v", err)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, gerrit, zuul, want string }{
		{"gerrit top level not a list", "project: x\n", "", "gerrit/projects.yaml:1: the top level: expected a list"},
		{"entry without name", "- description: x\n", "", "gerrit/projects.yaml:1: entry has no project: name"},
		{"hostile project name", "- project: \"openstack/x\\n- project: y\"\n", "", `gerrit/projects.yaml:1: project "openstack/x\n- project: y" is not a repository name`},
		{"regex that does not compile", "", "- project:\n    name: ^(x\n", "zuul.d/projects.yaml:2: project name regex"},
		{"templates not a list", "", "- project:\n    name: openstack/x\n    templates: publish-to-pypi\n", "zuul.d/projects.yaml:3: project openstack/x: templates: expected a list"},
		{"template not a string", "", "- project:\n    name: openstack/x\n    templates:\n      - {a: b}\n", "zuul.d/projects.yaml:4: project openstack/x: templates: expected a single value"},
	}
	for _, tc := range cases {
		_, err := parse(t, tc.gerrit, tc.zuul)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// A secret defined beside the jobs, its value encrypted as Zuul writes it:
// project-config reads as Zuul does, and a job holding the PyPI secret
// still publishes.
func TestEncryptedSecretInZuulD(t *testing.T) {
	t.Parallel()
	c, err := projectconfig.Parse(map[string][]byte{
		"zuul.d/secrets.yaml":  []byte("- secret:\n    name: pypi_secret\n    data:\n      password: !encrypted/pkcs1-oaep\n        - QUJD\n        - REVG\n"),
		projectconfig.ZuulFile: []byte("- job:\n    name: upload-it\n    secrets:\n      - pypi_secret\n- project:\n    name: openstack/nova\n    release:\n      jobs:\n        - upload-it\n"),
	}, nil)
	if err != nil {
		t.Fatalf("a zuul.d file holding an encrypted secret was refused: %v", err)
	}
	if _, ok := c.Publishes("openstack/nova", projectconfig.Rule{Templates: pypi}); !ok {
		t.Error("openstack/nova runs a job holding pypi_secret, but does not publish")
	}
}
