package main

import (
	"path/filepath"
	"reflect"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestHookComparesWithTheTargetBranch: a merge patch set whose first parent
// is a commit from elsewhere (here a branch that added a dirty deliverable)
// and whose second parent is master's tip. Compared with its first parent,
// the merge changes nothing that matters; compared with its merge base with
// master, as Zuul compares it, it adds the deliverable. Both ways of reading
// (REST, and the bare repository) vote -1.
func TestHookComparesWithTheTargetBranch(t *testing.T) {
	t.Parallel()
	for _, readFromGit := range []bool{false, true} {
		t.Run(map[bool]string{false: "rest", true: "read-from-git"}[readFromGit], func(t *testing.T) {
			t.Parallel()
			s := newGerritScene(t, fakegerrit.Options{})
			dir := s.repo.Dir
			// master moves on: a SIG file is added.
			fixture.Git(t, dir, "checkout", "-q", "-B", "master", s.base)
			tip := s.repo.Commit("tip", map[string][]byte{"reference/sigs-repos.yaml": []byte("Packaging:\n  - repo: openstack/pymod2pkg\n")})
			// The merge: first parent the dirty commit, second master's tip.
			fixture.Git(t, dir, "checkout", "-q", "--detach", s.dirty)
			fixture.Git(t, dir, "merge", "-q", "--no-ff", "--no-edit", "-m", "merge master", tip)
			merge := fixture.Git(t, dir, "rev-parse", "HEAD")
			n := s.gerrit.AddChange("openstack/governance", "master", merge)
			gitDir, extra := dir, ""
			if readFromGit {
				gitDir, extra = filepath.Join(t.TempDir(), "governance.git"), "read-from-git: true\n"
				fixture.Git(t, dir, "clone", "-q", "--mirror", dir, gitDir)
			}
			h := newHookSite(t, s, extra)
			res := runHook(t, h.env(gitDir), pluginArgs(s.triplet(n), "openstack/governance", "master", merge, "1")...)
			rs := s.gerrit.Reviews()
			if res.Code != 0 || len(rs) != 1 || !reflect.DeepEqual(rs[0].Input.Labels, map[string]int{"Verified": -1}) {
				t.Fatalf("exit %d, reviews %+v\n%s\n%s", res.Code, rs, res.Stdout, res.Stderr)
			}
		})
	}
}
