package pep440_test

import (
	"testing"

	"opendev.org/openstack/pypiguard/internal/pep440"
)

// FuzzParse: any string parses or is refused without a crash; a version
// equals itself; the normalised form of an ASCII version reads back as the
// same version and writes the same; Compare and Key agree.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.0", "v1!2.0rc1.post2.dev3+abc.1", "1.0-1", "yoga-eol", "1.0+\u212a", "", "1..0"} {
		f.Add(s, "1.0.0")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, errA := pep440.Parse(a)
		vb, errB := pep440.Parse(b)
		if errA == nil {
			if pep440.Compare(va, va) != 0 || !va.Equal(va) {
				t.Fatalf("%q is not equal to itself", a)
			}
			if ascii(a) {
				again, err := pep440.Parse(va.String())
				if err != nil || again.String() != va.String() || !again.Equal(va) {
					t.Fatalf("%q: normalised %q reads back as %q, %v", a, va, again, err)
				}
			}
		}
		if errA != nil || errB != nil {
			return
		}
		ab, ba := pep440.Compare(va, vb), pep440.Compare(vb, va)
		if ab != -ba {
			t.Fatalf("Compare(%q, %q) = %d but Compare(%q, %q) = %d", a, b, ab, b, a, ba)
		}
		if (ab == 0) != (va.Key() == vb.Key()) {
			t.Fatalf("%q and %q: Compare %d, keys %q and %q", a, b, ab, va.Key(), vb.Key())
		}
	})
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
