package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// tree is a repo whose zuul.d/ holds a file, an executable, a file in a
// subfolder, a link to a file and a link to a folder; only the three
// regular files are listed.
func tree(t *testing.T) *fixture.Repo {
	t.Helper()
	r := fixture.NewRepo(t)
	r.Commit("files", map[string][]byte{"zuul.d/a.yaml": []byte("a"), "zuul.d/sub/b.yaml": []byte("b"), "zuul.d/x.sh": []byte("x"),
		"other/c.yaml": []byte("c"), "zuul.dx": []byte("no")})
	if err := os.Chmod(filepath.Join(r.Dir, "zuul.d/x.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{"zuul.d/l.yaml": "a.yaml", "zuul.d/d": "../other"} {
		if err := os.Symlink(to, filepath.Join(r.Dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	r.Commit("links", nil)
	return r
}

var wantListed = []string{"zuul.d/a.yaml", "zuul.d/sub/b.yaml", "zuul.d/x.sh"}

func TestListFilesRegularOnly(t *testing.T) {
	t.Parallel()
	r := tree(t)
	g := &source.Git{Dir: r.Dir}
	got, err := g.ListFiles(context.Background(), "HEAD", "zuul.d")
	if err != nil || !slices.Equal(got, wantListed) {
		t.Errorf("ListFiles: %q, %v; want %q", got, err, wantListed)
	}
	if got, err := g.ListFiles(context.Background(), "HEAD", "absent.d"); err != nil || len(got) != 0 {
		t.Errorf("absent folder: %q, %v", got, err)
	}
	var re *source.RevisionError
	if _, err := g.ListFiles(context.Background(), "nope", "zuul.d"); !errors.As(err, &re) {
		t.Errorf("unknown revision: %v, want a RevisionError", err)
	}
	for _, bad := range []string{"/etc", "../x", "."} {
		if _, err := g.ListFiles(context.Background(), "HEAD", bad); err == nil {
			t.Errorf("folder %q accepted", bad)
		}
	}
}

func TestListDirRegularOnly(t *testing.T) {
	t.Parallel()
	r := tree(t)
	got, err := source.ListDir(r.Dir, "zuul.d")
	if err != nil || !slices.Equal(got, wantListed) {
		t.Errorf("ListDir: %q, %v; want %q", got, err, wantListed)
	}
	// zuul.d itself a link: not followed.
	linked := t.TempDir()
	if err := os.Symlink(filepath.Join(r.Dir, "zuul.d"), filepath.Join(linked, "zuul.d")); err != nil {
		t.Fatal(err)
	}
	if got, err := source.ListDir(linked, "zuul.d"); err != nil || len(got) != 0 {
		t.Errorf("through a linked zuul.d: %q, %v", got, err)
	}
	if got, err := source.ListDir(t.TempDir(), "zuul.d"); err != nil || len(got) != 0 {
		t.Errorf("absent: %q, %v", got, err)
	}
}
