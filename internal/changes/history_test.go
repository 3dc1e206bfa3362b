package changes_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// readPair reads a real change from ../shared/data/history/<name>.
func readPair(t testing.TB, name string) *source.Change {
	t.Helper()
	dir := filepath.Join(fixture.SharedData(t), "history", name)
	base, head := fixture.ReadTree(t, filepath.Join(dir, "base")), fixture.ReadTree(t, filepath.Join(dir, "head"))
	return &source.Change{Base: base, Head: head, Touched: touched(base, head)}
}

// historyEvents are the events of the real changes in
// ../shared/data/history, by folder name; the replay of the whole history
// finds the same at the same upstream commits.
var historyEvents = map[string][]string{
	"gov-xstatic-onboarding": {
		"new-deliverable openstack/xstatic-angular-schema-form d=xstatic-angular-schema-form t=horizon @reference/projects.yaml:413",
		"new-deliverable openstack/xstatic-objectpath d=xstatic-objectpath t=horizon @reference/projects.yaml:470",
		"new-deliverable openstack/xstatic-tv4 d=xstatic-tv4 t=horizon @reference/projects.yaml:482",
	},
	"gov-tenks-handover": {
		"moved-deliverable openstack/tenks d=tenks t=kolla <-ironic @reference/projects.yaml:700",
	},
	"gov-kuryr-to-zun": {
		"moved-deliverable openstack/kuryr d=kuryr t=zun <-kuryr @reference/projects.yaml:2874",
		"moved-deliverable openstack/kuryr-libnetwork d=kuryr-libnetwork t=zun <-kuryr @reference/projects.yaml:2877",
	},
	"gov-unretire-api-site": {
		"unretired openstack/api-site d=api-site t=Documentation @reference/projects.yaml:339",
	},
	"gov-revive-os-monasca": {
		"unretired openstack/openstack-ansible-os_monasca d=openstack-ansible-roles t=OpenStackAnsible @reference/projects.yaml:2040",
		"unretired openstack/openstack-ansible-os_monasca-agent d=openstack-ansible-roles t=OpenStackAnsible @reference/projects.yaml:2041",
	},
	"pc-xstatic-starts-publishing": {
		"starts-publishing openstack/xstatic-angular-schema-form @zuul.d/projects.yaml:4481",
	},
	"pc-kayobe-adoption": {
		"renamed-project openstack/kayobe <-x/kayobe @gerrit/projects.yaml:3256",
		"renamed-project openstack/kayobe-config <-x/kayobe-config @gerrit/projects.yaml:3263",
		"renamed-project openstack/kayobe-config-dev <-x/kayobe-config-dev @gerrit/projects.yaml:3270",
	},
	"pc-commented-template": nil,
}

func TestRealHistory(t *testing.T) {
	t.Parallel()
	cases := historyEvents
	dirs, _ := filepath.Glob(filepath.Join(fixture.SharedData(t), "history", "*"))
	if len(dirs) != len(cases) {
		t.Errorf("history has %d changes, the test knows %d: add the new ones", len(dirs), len(cases))
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l, err := changes.Load(readPair(t, name))
			if err != nil {
				t.Fatal(err)
			}
			r := changes.Diff(l.Base, l.Head, changes.Options{})
			check(t, "events", r.Events, want)
			for _, e := range r.Events {
				if e.Line <= 0 || e.AtBase {
					t.Errorf("event without a head line: %+v", e)
				}
			}
		})
	}
}

// TestRealFilesLoad loads every real file as it is, and checks that the
// quirks real history has are tolerated with a warning, not silently.
func TestRealFilesLoad(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	var roots []string
	_ = filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && (d.Name() == "base" || d.Name() == "head" || (filepath.Dir(p) == data && d.Name() != "history" && d.Name() != "git")) {
			roots = append(roots, p)
		}
		return nil
	})
	for _, root := range roots {
		tree := fixture.ReadTree(t, root)
		l, err := changes.Load(&source.Change{Base: tree, Head: tree})
		if err != nil {
			t.Errorf("%s: %v", root, err)
			continue
		}
		if l.Head.Governance != nil && len(l.Head.Governance.Teams) < 30 {
			t.Errorf("%s: only %d teams", root, len(l.Head.Governance.Teams))
		}
		if strings.HasSuffix(root, "governance") {
			var msgs []string
			for _, w := range l.Warnings {
				msgs = append(msgs, w.Message)
			}
			if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, `"ansible-role-tripleo-ui" is written twice`) }) {
				t.Errorf("the duplicate key in legacy.yaml gave no warning: %q", msgs)
			}
		}
	}
	if len(roots) < 17 {
		t.Errorf("found only %d trees under %s", len(roots), data)
	}
}

func benchmarkPair(b *testing.B, name string) {
	c := readPair(b, name)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l, err := changes.Load(c)
		if err != nil {
			b.Fatal(err)
		}
		changes.Diff(l.Base, l.Head, changes.Options{})
	}
}

// The foundation's targets: governance pair under 20 ms, project-config
// pair under 70 ms (PyYAML's C loader: 64 ms and 205 ms).
func BenchmarkLoadDiffGovernance(b *testing.B)    { benchmarkPair(b, "gov-xstatic-onboarding") }
func BenchmarkLoadDiffGovernanceAll(b *testing.B) { benchmarkPair(b, "gov-unretire-api-site") }
func BenchmarkLoadDiffProjectConfig(b *testing.B) { benchmarkPair(b, "pc-kayobe-adoption") }
func BenchmarkLoadDiffProjectConfigOneFile(b *testing.B) {
	benchmarkPair(b, "pc-xstatic-starts-publishing")
}

// touched returns the paths whose content differs between base and head.
func touched(base, head source.Files) map[string]bool {
	t := make(map[string]bool)
	for p, h := range head {
		if b, ok := base[p]; !ok || string(b) != string(h) {
			t[p] = true
		}
	}
	for p := range base {
		if _, ok := head[p]; !ok {
			t[p] = true
		}
	}
	return t
}
