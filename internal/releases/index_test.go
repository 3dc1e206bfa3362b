package releases_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/releases"
)

func TestIndex(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{
		"deliverables/antelope/nova.yaml": []byte(novaYAML),
		"deliverables/_independent/nova.yaml": []byte(`releases:
- version: v12.0.0
  projects: [{repo: openstack/nova, hash: a}]
- version: "27.0"
  projects: [{repo: openstack/nova, hash: b}]
`),
		"deliverables/README.rst":    []byte("not yaml: ["),
		"data/series_status.yaml":    []byte("- name: antelope\n"),
		"deliverables/zed/oslo.yaml": []byte("releases:\n- version: zed-last\n  projects: [{repo: openstack/oslo, hash: c}]\n"),
	}
	ix, err := releases.NewIndex(files)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Files != 3 || ix.Entries != 6 || len(ix.Skipped) != 2 {
		t.Fatalf("%d files, %d entries, skipped %+v", ix.Files, ix.Entries, ix.Skipped)
	}
	nova := ix.Deliverable("nova")
	if low, ok := nova.Lowest(); !ok || low.Raw != "v12.0.0" || low.Series != "_independent" {
		t.Errorf("lowest: %+v", low)
	}
	if got := nova.Find("27.0.0"); len(got) != 2 { // 27.0.0 in antelope, 27.0 in _independent
		t.Errorf("27.0.0: %+v", got)
	}
	var all []string
	for _, r := range nova.All() {
		all = append(all, r.Raw)
	}
	if strings.Join(all, " ") != "v12.0.0 27.0.0.0rc1 27.0" {
		t.Errorf("All: %v", all)
	}
	if nova.Find("28.0.0") != nil || nova.Find("antelope-eol") != nil || ix.Deliverable("oslo").Find("zed-last") != nil {
		t.Error("found what was never recorded")
	}
	if got := ix.Repo("openstack/python-novaclient").Find("27.0.0"); len(got) != 1 || got[0].Pos.Line != 17 {
		t.Errorf("novaclient: %+v", got)
	}
	if _, ok := ix.Deliverable("nothing").Lowest(); ok {
		t.Error("an unknown deliverable has a lowest version")
	}
	files["deliverables/zed/bad.yaml"] = []byte("releases:\n- version: 1.0\n  projects: []\n")
	if _, err := releases.NewIndex(files); err == nil || !strings.Contains(err.Error(), "deliverables/zed/bad.yaml:2") {
		t.Errorf("a bad file: %v", err)
	}
}

func TestLoadIndex(t *testing.T) {
	t.Parallel()
	if _, err := releases.LoadIndex(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no deliverables/ folder") {
		t.Errorf("an empty folder: %v", err)
	}
	root := t.TempDir()
	for p, data := range map[string]string{"deliverables/zed/nova.yaml": novaYAML, "deliverables/zed/notes.txt": "x", "deliverables/x.yaml": "["} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "deliverables/zed/nova.yaml"), filepath.Join(root, "deliverables/zed/link.yaml")); err != nil {
		t.Fatal(err)
	}
	ix, err := releases.LoadIndex(root)
	if err != nil || ix.Files != 1 || ix.Entries != 3 || ix.Deliverable("nova").Find("27.0.0") == nil {
		t.Errorf("LoadIndex: %+v, %v", ix, err)
	}
}
