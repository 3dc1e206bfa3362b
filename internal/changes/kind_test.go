package changes

import (
	"strings"
	"testing"
)

func TestParseAndProjectKind(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"governance": "governance", "project-config": "project-config", "releases": "releases", "": "unknown"} {
		k, err := ParseKind(in)
		if err != nil || k.String() != want || k.Given != (in != "") {
			t.Errorf("ParseKind(%q) = %v (given %v), %v; want %s", in, k, k.Given, err, want)
		}
	}
	if _, err := ParseKind("Governance"); err == nil {
		t.Error("ParseKind took Governance")
	}
	for in, want := range map[string]string{"openstack/releases": "releases", "opendev.org/openstack/project-config": "project-config", "openstack/governance": "governance"} {
		if k, err := ProjectKind(in); err != nil || k.String() != want || !k.Given {
			t.Errorf("ProjectKind(%q) = %v, %v; want %s", in, k, err, want)
		}
	}
	for _, in := range []string{"x/governance", "openstack/nova", "governance", "opendev.org/x/releases", ""} {
		if k, err := ProjectKind(in); err == nil {
			t.Errorf("ProjectKind(%q) = %v, want an error", in, k)
		}
	}
}

// TestSelect: a named kind keeps its own files only, and warns about the
// others the change touches (not about those it leaves alone).
func TestSelect(t *testing.T) {
	t.Parallel()
	c := &Change{
		Base: Files{"reference/projects.yaml": []byte("a"), "zuul.d/old.yaml": []byte("o")},
		Head: Files{"reference/projects.yaml": []byte("b"), "gerrit/projects.yaml": []byte("p"), "zuul.d/x/y.yaml": []byte("z"),
			"zuul.d/old.yaml": []byte("o"), "deliverables/2025.1/nova.yaml": []byte("d")},
		Touched: map[string]bool{"reference/projects.yaml": true, "gerrit/projects.yaml": true, "zuul.d/x/y.yaml": true, "deliverables/2025.1/nova.yaml": true},
	}
	k, _ := ParseKind("governance")
	got, ws := Select(c, k)
	if len(got.Head) != 1 || len(got.Base) != 1 || len(got.Touched) != 1 || got.Head["reference/projects.yaml"] == nil {
		t.Errorf("kept %v / %v / %v", got.Base, got.Head, got.Touched)
	}
	var warned []string
	for _, w := range ws {
		warned = append(warned, w.File)
	}
	if strings.Join(warned, " ") != "deliverables/2025.1/nova.yaml gerrit/projects.yaml zuul.d/x/y.yaml" {
		t.Errorf("warned about %q", warned)
	}
	k, _ = ParseKind("releases")
	if got, _ := Select(c, k); len(got.Head) != 1 || got.Head["deliverables/2025.1/nova.yaml"] == nil {
		t.Errorf("releases kept %v", got.Head)
	}
	if got, ws := Select(c, RepoKind{}); got != c || ws != nil {
		t.Error("no kind must keep the change as it is")
	}
}
