package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// scaleLatency keeps 10,000 look-ups to seconds while still making the
// run network-bound.
const scaleLatency = 5 * time.Millisecond

// synthetic writes a governance and a project-config tree of n publishing
// repos (50 deliverables a team) under dir, and returns their package names.
func synthetic(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	var proj, gerrit, zuul strings.Builder
	names := make([]string, n)
	proj.WriteString("---\n")
	for i := range n {
		if i%50 == 0 {
			fmt.Fprintf(&proj, "team-%04d:\n  ptl:\n    name: Someone %d\n    irc: someone\n  mission: >\n    Synthetic team number %d.\n  deliverables:\n", i/50, i, i)
		}
		names[i] = fmt.Sprintf("synthetic-package-%05d", i)
		fmt.Fprintf(&proj, "    %s:\n      repos:\n        - openstack/%s\n", names[i], names[i])
		fmt.Fprintf(&gerrit, "- project: openstack/%s\n  description: Synthetic repo %d\n", names[i], i)
		fmt.Fprintf(&zuul, "- project:\n    name: openstack/%s\n    templates:\n      - publish-to-pypi\n", names[i])
	}
	for path, content := range map[string]string{
		"governance/reference/projects.yaml":  proj.String(),
		"project-config/gerrit/projects.yaml": gerrit.String(),
		"project-config/zuul.d/projects.yaml": zuul.String(),
	} {
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return names
}

// BenchmarkScaleAudit audits synthetic trees of 100, 1,000 and 10,000
// publishing repos: time should grow linearly in packages, memory modestly.
func BenchmarkScaleAudit(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("repos=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			names := synthetic(b, dir, n)
			pypi := fakepypi.New(fakepypi.CleanWorld(names, nil), fakepypi.Options{Latency: scaleLatency})
			defer pypi.Close()
			args := []string{"audit", "--governance", filepath.Join(dir, "governance"), "--project-config", filepath.Join(dir, "project-config"),
				"--pypi-url", pypi.URL, "--out", b.TempDir(), "--fail-on", "never", "--log-level", "error"}
			m := loop(b, pypi, dir, 0, args, nil)
			b.ReportMetric(bound(n, 8, scaleLatency).Seconds(), "bound-s")
			b.ReportMetric(m.wall.Seconds()/float64(m.runs)/float64(n)*1e3, "ms/package")
		})
	}
}

// BenchmarkScaleParse parses the synthetic trees (governance and
// project-config): MB/s should stay flat as the files grow.
func BenchmarkScaleParse(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("repos=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			synthetic(b, dir, n)
			gov, err := source.ReadDir(filepath.Join(dir, "governance"), governance.Files)
			if err != nil {
				b.Fatal(err)
			}
			pc, err := source.ReadDir(filepath.Join(dir, "project-config"), projectconfig.Files)
			if err != nil {
				b.Fatal(err)
			}
			size := 0
			for _, f := range []source.Files{gov, pc} {
				for _, d := range f {
					size += len(d)
				}
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := governance.Parse(gov, nil); err != nil {
					b.Fatal(err)
				}
				if _, err := projectconfig.Parse(pc, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
