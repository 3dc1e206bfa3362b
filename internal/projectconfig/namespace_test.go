package projectconfig_test

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

// TestOutsideTheGovernedNamespaces: project-config lists other
// communities' projects with names pypiguard would refuse in its own
// (nebulous/exn-connector-c++, upstream 807eabdf4); they are skipped with a
// warning, and the same name inside a governed namespace is still refused.
func TestOutsideTheGovernedNamespaces(t *testing.T) {
	t.Parallel()
	files := func(name string) map[string][]byte {
		return map[string][]byte{
			projectconfig.GerritFile: []byte("- project: openstack/nova\n- project: " + name + "\n"),
			projectconfig.ZuulFile:   []byte("- project:\n    name: " + name + "\n    templates: [publish-to-pypi]\n"),
		}
	}
	c, err := projectconfig.Parse(files("nebulous/exn-connector-c++"), nil)
	if err != nil {
		t.Fatalf("a project outside the governed namespaces is refused: %v", err)
	}
	if len(c.Projects) != 1 || c.Project("nebulous/exn-connector-c++") != nil || len(c.Zuul) != 0 {
		t.Errorf("the skipped project is still read: %d projects, %d stanzas", len(c.Projects), len(c.Zuul))
	}
	if len(c.Warnings) != 2 || !strings.Contains(c.Warnings[0].String(), `gerrit/projects.yaml:2: project "nebulous/exn-connector-c++" is outside the governed namespaces`) {
		t.Errorf("warnings: %v", c.Warnings)
	}
	for _, tc := range []struct {
		name     string
		governed []string
	}{{"openstack/exn-connector-c++", nil}, {"nebulous/exn-connector-c++", []string{"openstack", "nebulous"}}} {
		_, err := projectconfig.Parse(files(tc.name), nil, tc.governed...)
		if err == nil || !strings.Contains(err.Error(), `gerrit/projects.yaml:2: project "`+tc.name+`" is not a repository name`) {
			t.Errorf("%s governed by %v: %v", tc.name, tc.governed, err)
		}
	}
	if _, err := projectconfig.Parse(files(`"a b<script>"`), nil); err == nil {
		t.Error("a name that cannot be shown is read")
	}
}
