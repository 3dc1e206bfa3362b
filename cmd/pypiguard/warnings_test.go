package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestWarningsOnTouchedLines: the real files carry old quirks (a key
// written twice in legacy.yaml, deliverables without repos); the text a
// reviewer reads shows only the warnings on lines the change adds or
// modifies, the JSON all of them, marked.
func TestWarningsOnTouchedLines(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	files := map[string][]byte{}
	for _, f := range []string{"projects.yaml", "legacy.yaml", "sigs-repos.yaml", "technical-committee-repos.yaml"} {
		b, err := os.ReadFile(filepath.Join(data, "governance", "reference", f))
		if err != nil {
			t.Fatal(err)
		}
		files["reference/"+f] = b
	}
	r := fixture.NewRepo(t)
	r.Commit("base", files)
	projects := string(files["reference/projects.yaml"])
	i := strings.Index(projects, "  deliverables:\n") + len("  deliverables:\n")
	head := projects[:i] + "    brand-new:\n      repos: []\n" + projects[i:]
	r.Commit("head", map[string][]byte{"reference/projects.yaml": []byte(head)})
	line := strings.Count(head[:i], "\n") + 1

	text := fixture.Run(t, r.Dir, nil, "diff")
	if text.Code != 0 || !strings.Contains(text.Stdout, "deliverable brand-new has no repos") ||
		!strings.Contains(text.Stdout, "more warning on lines this change does not touch") ||
		strings.Contains(text.Stdout, "is written twice") {
		t.Fatalf("exit %d, text:\n%s\n%s", text.Code, text.Stdout, text.Stderr)
	}
	js := fixture.Run(t, r.Dir, nil, "diff", "--format", "json")
	var out struct {
		Warnings []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Message string `json:"message"`
			Touched bool   `json:"touched"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(js.Stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, js.Stdout)
	}
	touched, untouched := 0, 0
	for _, w := range out.Warnings {
		if w.Touched {
			touched++
			if w.Line != line || !strings.Contains(w.Message, "brand-new") {
				t.Errorf("touched warning %+v, want reference/projects.yaml:%d", w, line)
			}
		} else {
			untouched++
		}
	}
	if touched != 1 || untouched < 1 {
		t.Errorf("%d touched and %d untouched warnings in the JSON", touched, untouched)
	}
}
