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

func TestChangedListsOnlyWhatDiffers(t *testing.T) {
	t.Parallel()
	r := fixture.NewRepo(t)
	base := r.Commit("base", map[string][]byte{"deliverables/a/x.yaml": []byte("x"), "deliverables/a/gone.yaml": []byte("g"),
		"deliverables/a/same.yaml": []byte("s"), "other/y.yaml": []byte("y")})
	head := r.Commit("head", map[string][]byte{"deliverables/a/x.yaml": []byte("x2"), "deliverables/a/gone.yaml": nil,
		"deliverables/b/new.yaml": []byte("n"), "other/y.yaml": []byte("y2")})
	g := &source.Git{Dir: r.Dir}
	got, err := g.Changed(context.Background(), base, head, "deliverables")
	want := []string{"deliverables/a/gone.yaml", "deliverables/a/x.yaml", "deliverables/b/new.yaml"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Changed: %q, %v; want %q", got, err, want)
	}
	if _, err := g.Changed(context.Background(), base, head, "../x"); err == nil {
		t.Error("a folder outside the repository was accepted")
	}
}

func TestChangedRefusesALink(t *testing.T) {
	t.Parallel()
	r := fixture.NewRepo(t)
	base := r.Commit("base", map[string][]byte{"deliverables/a/x.yaml": []byte("x")})
	if err := os.Symlink("x.yaml", filepath.Join(r.Dir, "deliverables/a/l.yaml")); err != nil {
		t.Fatal(err)
	}
	head := r.Commit("link", nil)
	var nr *source.NotRegularError
	_, err := (&source.Git{Dir: r.Dir}).Changed(context.Background(), base, head, "deliverables")
	if !errors.As(err, &nr) || nr.Path != "deliverables/a/l.yaml" || nr.What != "a symlink" {
		t.Errorf("a link: %v, want a NotRegularError naming it", err)
	}
}
