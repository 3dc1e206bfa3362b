package changes_test

import (
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/source"
)

// FuzzDiff diffs two arbitrary projects.yaml and gerrit/projects.yaml
// revisions: no crash, the same answer twice, and every event pointing at a
// line of the head revision.
func FuzzDiff(f *testing.F) {
	f.Add([]byte(projectsYAML), []byte(projectsYAML+"    extra:\n      repos: [openstack/extra]\n"), []byte(gerritYAML), []byte(gerritYAML+"- project: openstack/new\n"))
	f.Add([]byte("a:\n  deliverables:\n    x:\n      repos: [openstack/x]\n"), []byte("A:\n  deliverables:\n    x:\n      repos: [x/x]\n"), []byte(""), []byte("- project: x/y\n"))
	f.Fuzz(func(t *testing.T, baseGov, headGov, baseGerrit, headGerrit []byte) {
		c := &source.Change{
			Base: source.Files{"reference/projects.yaml": baseGov, "gerrit/projects.yaml": baseGerrit},
			Head: source.Files{"reference/projects.yaml": headGov, "gerrit/projects.yaml": headGerrit},
		}
		l, err := changes.Load(c)
		if err != nil {
			return
		}
		r1 := changes.Diff(l.Base, l.Head, changes.Options{})
		r2 := changes.Diff(l.Base, l.Head, changes.Options{})
		if len(r1.Events) != len(r2.Events) || len(r1.Info) != len(r2.Info) {
			t.Fatal("the diff is not deterministic")
		}
		for i, e := range r1.Events {
			if describe(e) != describe(r2.Events[i]) {
				t.Fatalf("the diff is not deterministic: %s vs %s", describe(e), describe(r2.Events[i]))
			}
			if e.Line <= 0 || e.AtBase || !e.Kind.IsEvent() || len(e.Repos) == 0 {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}
