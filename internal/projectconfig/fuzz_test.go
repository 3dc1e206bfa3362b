package projectconfig_test

import (
	"regexp"
	"testing"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

// FuzzParse feeds arbitrary bytes to gerrit/projects.yaml and
// zuul.d/projects.yaml (also read as zuul.d/jobs.yaml): no crash, only safe
// project names.
func FuzzParse(f *testing.F) {
	f.Add([]byte("- project: openstack/nova\n  acl-config: /x/retired.config\n"), []byte("- project:\n    name: openstack/nova\n    templates: [publish-to-pypi]\n"))
	f.Add([]byte("- project: x\n"), []byte("- project:\n    name: ^(a\n"))
	f.Add([]byte("[]"), []byte("- project:\n    name: ^openstack/.*$\n    templates: [publish-to-pypi]\n"))
	f.Add([]byte("[]"), []byte("- job:\n    name: a\n    parent: a\n- project:\n    name: openstack/x\n    release:\n      jobs: [a, {b: {secrets: [{name: x, secret: pypi_secret}]}}]\n"))
	rule := projectconfig.Rule{Templates: regexp.MustCompile(projectconfig.DefaultPublishPattern), Jobs: []string{"j"}}
	f.Fuzz(func(t *testing.T, gerrit, zuul []byte) {
		c, err := projectconfig.Parse(map[string][]byte{projectconfig.GerritFile: gerrit, projectconfig.ZuulFile: zuul, projectconfig.JobsFile: zuul}, nil)
		if err != nil {
			return
		}
		for _, p := range c.Projects {
			if !naming.ValidProject(p.Name) {
				t.Fatalf("loaded an unsafe project %q", p.Name)
			}
			c.Publishes(p.Name, rule)
		}
		for _, z := range c.Zuul {
			c.Publishes(projectconfig.ShortName(z.Name), rule)
		}
	})
}
