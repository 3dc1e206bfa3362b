package releases_test

import (
	"bytes"
	"testing"

	"opendev.org/openstack/pypiguard/internal/releases"
)

// FuzzParse: any bytes parse or are refused with the file's name, without a
// crash, and every release and project read points at a line of the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(novaYAML))
	f.Add([]byte("releases:\n- version: 1.0\n  projects: []\n"))
	f.Add([]byte("repository-settings: &a {x: *a}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "deliverables/_independent/x.yaml"
		d, _, err := releases.Parse(file, data, nil)
		if err != nil {
			if !bytes.HasPrefix([]byte(err.Error()), []byte(file)) {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, r := range d.Releases {
			if r.Pos.Line < 1 || r.Pos.Line > lines {
				t.Fatalf("release %q at line %d of %d", r.Version, r.Pos.Line, lines)
			}
			for _, p := range r.Projects {
				if p.Pos.Line < 1 || p.Pos.Line > lines {
					t.Fatalf("project %q at line %d of %d", p.Repo, p.Pos.Line, lines)
				}
			}
		}
	})
}
