package projectconfig_test

import (
	"regexp"
	"testing"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/reponame"
)

// FuzzParse feeds arbitrary bytes to gerrit/projects.yaml and
// zuul.d/projects.yaml: no crash, only safe project names.
func FuzzParse(f *testing.F) {
	f.Add([]byte("- project: openstack/nova\n  acl-config: /x/retired.config\n"), []byte("- project:\n    name: openstack/nova\n    templates: [publish-to-pypi]\n"))
	f.Add([]byte("- project: x\n"), []byte("- project:\n    name: ^(a\n"))
	f.Add([]byte("[]"), []byte("- project:\n    name: ^openstack/.*$\n    templates: [publish-to-pypi]\n"))
	pattern := regexp.MustCompile(projectconfig.DefaultPublishPattern)
	f.Fuzz(func(t *testing.T, gerrit, zuul []byte) {
		c, err := projectconfig.Parse(map[string][]byte{projectconfig.GerritFile: gerrit, projectconfig.ZuulFile: zuul}, nil)
		if err != nil {
			return
		}
		for _, p := range c.Projects {
			if !reponame.ValidProject(p.Name) {
				t.Fatalf("loaded an unsafe project %q", p.Name)
			}
			c.PublishTemplate(p.Name, pattern)
		}
	})
}
