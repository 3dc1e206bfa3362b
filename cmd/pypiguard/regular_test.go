package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestOnlyRegularFiles: a change that turns a governed file into something
// git cat-file would misread (a symlink is read as its target's name; a
// symlinked directory hides the file, which would read as absent and so
// empty the governance) is refused and named; a base that already holds
// one reads it as absent.
func TestOnlyRegularFiles(t *testing.T) {
	t.Parallel()
	const pf = "reference/projects.yaml"
	cases := []struct {
		name  string
		apply func(t *testing.T, dir string)
		want  string
	}{
		{"reference/ replaced by a symlink", func(t *testing.T, dir string) {
			fixture.Git(t, dir, "mv", "reference", "elsewhere")
			must(t, os.Symlink("elsewhere", filepath.Join(dir, "reference")))
		}, "reference/projects.yaml is reachable only through reference, which is a symlink"},
		{"projects.yaml replaced by a symlink", func(t *testing.T, dir string) {
			fixture.Git(t, dir, "mv", pf, "reference/other.yaml")
			must(t, os.Symlink("other.yaml", filepath.Join(dir, pf)))
		}, "reference/projects.yaml is a symlink"},
		{"projects.yaml replaced by a directory", func(t *testing.T, dir string) {
			fixture.Git(t, dir, "rm", "-q", pf)
			must(t, os.MkdirAll(filepath.Join(dir, pf), 0o755))
			must(t, os.WriteFile(filepath.Join(dir, pf, "x.yaml"), []byte("a: b\n"), 0o644))
		}, "reference/projects.yaml is a directory"},
		{"projects.yaml replaced by a submodule", func(t *testing.T, dir string) {
			head := fixture.Git(t, dir, "rev-parse", "HEAD")
			fixture.Git(t, dir, "rm", "-q", "--cached", pf)
			fixture.Git(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+head+","+pf)
			must(t, os.Remove(filepath.Join(dir, pf)))
		}, "reference/projects.yaml is a submodule"},
	}
	stage := func(dir string) {
		if _, err := os.Lstat(filepath.Join(dir, pf)); err == nil || !os.IsNotExist(err) {
			fixture.Git(t, dir, "add", "-A")
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := fixture.NewRepo(t)
			r.Commit("base", map[string][]byte{pf: []byte(checkBase), "reference/legacy.yaml": []byte("---\n")})
			tc.apply(t, r.Dir)
			stage(r.Dir)
			fixture.Git(t, r.Dir, "commit", "-q", "-m", "head")
			// Over Gerrit's REST API, from the modes its file list gives.
			head := fixture.Git(t, r.Dir, "rev-parse", "HEAD")
			g := fakegerrit.New(fakegerrit.Options{})
			defer g.Close()
			g.AddProject("openstack/governance", r.Dir)
			n := g.AddChange("openstack/governance", "master", head)
			res := fixture.Run(t, t.TempDir(), nil, "check", "--gerrit-url", g.URL, "--change", strconv.Itoa(n), "--revision", head,
				"--pypi-url", "http://127.0.0.1:9", "--gerrit-retries", "0", "--identity=false")
			if res.Code != 2 || !strings.Contains(res.Stderr, tc.want) {
				t.Errorf("check --gerrit-url: exit %d, want 2 with %q:\n%.800s", res.Code, tc.want, res.Stderr)
			}
			for _, cmd := range []string{"diff", "check"} {
				res := fixture.Run(t, r.Dir, nil, cmd, "--pypi-url", "http://127.0.0.1:9")
				if cmd == "diff" {
					res = fixture.Run(t, r.Dir, nil, cmd)
				}
				if res.Code != 2 || !strings.Contains(res.Stderr, tc.want) {
					t.Errorf("%s: exit %d, want 2 with %q:\n%.800s", cmd, res.Code, tc.want, res.Stderr)
				}
			}
			// The next change, on top of the one merged anyway, leaves the
			// irregular file unread rather than refusing.
			must(t, os.WriteFile(filepath.Join(r.Dir, "notes.txt"), []byte("next\n"), 0o644))
			fixture.Git(t, r.Dir, "add", "notes.txt")
			fixture.Git(t, r.Dir, "commit", "-q", "-m", "next")
			if res := fixture.Run(t, r.Dir, nil, "diff"); strings.Contains(res.Stderr, "regular file") {
				t.Errorf("a change on top of an irregular base is refused: %s", res.Stderr)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
