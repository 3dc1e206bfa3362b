package names_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/names"
)

// releasesTree writes a releases checkout shaped like the real one: 10
// series of 300 deliverables, one in ten naming its package.
func releasesTree(b *testing.B) string {
	root := b.TempDir()
	series := []string{"_independent", "2026.2", "2026.1", "2025.2", "2025.1", "2024.2", "2024.1", "2023.2", "2023.1", "zed"}
	status := ""
	for _, s := range series[1:] {
		status += "- name: " + s + "\n  status: maintained\n"
	}
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("data/series_status.yaml", status)
	for _, s := range series {
		for d := range 300 {
			text := fmt.Sprintf("---\nlaunchpad: d%d\nteam: t\nreleases:\n  - version: 1.0.0\n    projects:\n      - repo: openstack/d%d\n        hash: 0123456789abcdef\n", d, d)
			if d%10 == 0 {
				text += fmt.Sprintf("repository-settings:\n  openstack/d%d:\n    pypi-name: pkg-d%d\n", d, d)
			}
			write(fmt.Sprintf("deliverables/%s/d%d.yaml", s, d), text)
		}
	}
	return root
}

// BenchmarkResolveReleases resolves every deliverable's repo through the
// releases checkout with one Resolver, as an audit does.
func BenchmarkResolveReleases(b *testing.B) {
	root := releasesTree(b)
	b.ReportAllocs()
	for b.Loop() {
		r := &names.Resolver{Releases: root}
		for d := range 300 {
			if _, err := r.Resolve(context.Background(), fmt.Sprintf("openstack/d%d", d), fmt.Sprintf("d%d", d)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
