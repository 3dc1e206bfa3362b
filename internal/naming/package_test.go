package naming

import "testing"

func TestValidPackage(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"a", "Z9", "oslo.config", "XStatic-smart-table", "openstack_requirements", "keystoneauth1"} {
		if !ValidPackage(s) {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range []string{"", "-a", "a-", "a.", "../x", "a/b", "a%2Fb", "a b", "a\nb", "x)]}'", "<b>", string(make([]byte, 201))} {
		if ValidPackage(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Oslo.Config":                "oslo-config",
		"oslo_config":                "oslo-config",
		"XStatic-JQuery.TableSorter": "xstatic-jquery-tablesorter",
		"a__-..b":                    "a-b",
		"Tempest":                    "tempest",
		"openstack_requirements":     "openstack-requirements",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Oslo.Config", "a__b", "-", "x.Y_z-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		if ValidPackage(s) && !ValidPackage(n) {
			t.Errorf("valid %q normalised to invalid %q", s, n)
		}
	})
}
