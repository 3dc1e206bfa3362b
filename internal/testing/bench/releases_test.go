package bench

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// realReleaseRequest finds the newest real release request of the
// releases bundle that tags one repo with a version, and returns its
// deliverable file at parent and at head, and the PyPI name its file gives.
func realReleaseRequest(b *testing.B) (base, head map[string][]byte, name string) {
	git := fixture.ReleasesGit(b)
	for _, sha := range strings.Fields(fixture.Git(b, git, "log", "--no-merges", "-n", "200", "--format=%H", "--", "deliverables/")) {
		paths := strings.Fields(fixture.Git(b, git, "diff-tree", "-r", "--no-commit-id", "--name-only", sha+"^", sha, "--", "deliverables/"))
		if len(paths) != 1 {
			continue
		}
		base, head = fixture.GitTree(b, git, sha+"^", paths...), fixture.GitTree(b, git, sha, paths...)
		bd, _, errB := releases.ParseFiles(base, nil)
		hd, _, errH := releases.ParseFiles(head, nil)
		if errB != nil || errH != nil || len(bd) != 1 {
			continue
		}
		r := changes.Diff(changes.Snapshot{Releases: bd}, changes.Snapshot{Releases: hd}, changes.Options{})
		if len(r.Events) != 1 || r.Events[0].Kind != changes.NewRelease || len(r.Events[0].Release.Projects) != 1 {
			continue
		}
		p := r.Events[0].Release.Projects[0]
		name = p.PyPIName
		if name == "" {
			name = p.TarballBase
		}
		if name == "" {
			name = naming.RepoBase(p.Repo)
		}
		b.Logf("release request %s: %s %s of %s (%s)", sha[:10], paths[0], r.Events[0].Release.Version, p.Repo, name)
		return base, head, name
	}
	b.Fatal("no single-repo release request among the newest 200 commits")
	return nil, nil, ""
}

// BenchmarkReleaseRequest is the check job on one real release request
// (check --kind releases) against a fake PyPI at Latency: one JSON answer.
func BenchmarkReleaseRequest(b *testing.B) {
	base, head, name := realReleaseRequest(b)
	repo := governanceRepo(b, base, head)
	pypi := fakepypi.New(fakepypi.CleanWorld([]string{name}, nil), fakepypi.Options{Latency: Latency})
	defer pypi.Close()
	args := []string{"check", "--kind", "releases", "--repo", repo, "--pypi-url", pypi.URL, "--log-level", "error"}
	loop(b, pypi, repo, 0, args, nil)
}
