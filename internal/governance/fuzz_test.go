package governance_test

import (
	"testing"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/naming"
)

// FuzzParse feeds arbitrary bytes to every governance file: no crash, and
// whatever loads holds only names that are safe to put in URLs and comments.
// The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte("nova:\n  deliverables:\n    nova:\n      repos:\n        - openstack/nova\n"), 0)
	f.Add([]byte("Old:\n  deliverables: []\n"), 1)
	f.Add([]byte("Packaging:\n  - repo: openstack/pymod2pkg\n"), 2)
	f.Add([]byte("a: &a [x]\nb: *a\n"), 0)
	f.Fuzz(func(t *testing.T, data []byte, which int) {
		file := governance.Files[uint(which)%uint(len(governance.Files))]
		g, err := governance.Parse(map[string][]byte{file: data}, nil)
		if err != nil {
			return
		}
		for _, team := range append(g.Teams, g.Legacy...) {
			for _, d := range team.Deliverables {
				for _, r := range d.Repos {
					if !naming.ValidRepo(r.Name) || r.Pos.Line <= 0 {
						t.Fatalf("loaded an unsafe repo %q at line %d", r.Name, r.Pos.Line)
					}
				}
			}
		}
	})
}
