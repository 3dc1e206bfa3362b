package changes_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/fixture"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

func loadSnapshot(t testing.TB, dir string) changes.Snapshot {
	t.Helper()
	files := fixture.ReadTree(t, dir)
	var s changes.Snapshot
	var err error
	if _, ok := files[governance.ProjectsFile]; ok {
		if s.Governance, err = governance.Parse(files); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := files[projectconfig.GerritFile]; ok {
		if s.ProjectConfig, err = projectconfig.Parse(files); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func summary(evs []changes.Event) []string {
	var out []string
	for _, e := range evs {
		s := fmt.Sprintf("%s %s", e.Kind, strings.Join(e.Repos, ","))
		if e.Deliverable != "" {
			s += " deliverable=" + e.Deliverable
		}
		if e.Team != "" {
			s += " team=" + e.Team
		}
		if e.From != "" {
			s += " from=" + e.From
		}
		s += fmt.Sprintf(" @%s:%d", e.File, e.Line)
		out = append(out, s)
	}
	return out
}

func TestRealHistoryPrint(t *testing.T) {
	data := fixture.SharedData(t)
	dirs, _ := filepath.Glob(filepath.Join(data, "history", "*"))
	for _, d := range dirs {
		base := loadSnapshot(t, filepath.Join(d, "base"))
		head := loadSnapshot(t, filepath.Join(d, "head"))
		r := changes.Diff(base, head, changes.Options{})
		t.Logf("== %s\nevents:\n  %s\ninfo:\n  %s", filepath.Base(d), strings.Join(summary(r.Events), "\n  "), strings.Join(summary(r.Info), "\n  "))
	}
}
