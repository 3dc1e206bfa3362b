package pep440

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	cases := map[string]string{ // input -> normalised ("" = not a version)
		"1.0.0":                          "1.0.0",
		"v1.0.0":                         "1.0.0",
		"V1.0":                           "1.0",
		" 1.0\n":                         "1.0",
		"\u30001.0\x1c":                  "1.0",
		"01.002":                         "1.2",
		"1!2.0":                          "1!2.0",
		"0!2.0":                          "2.0",
		"1.0a":                           "1.0a0",
		"1.0.ALPHA.2":                    "1.0a2",
		"1.0-beta-3":                     "1.0b3",
		"1.0c1":                          "1.0rc1",
		"1.0pre":                         "1.0rc0",
		"1.0_preview_4":                  "1.0rc4",
		"1.0-1":                          "1.0.post1",
		"1.0-0":                          "1.0.post0",
		"1.0rev":                         "1.0.post0",
		"1.0.r2":                         "1.0.post2",
		"1.0-post-3":                     "1.0.post3",
		"1.0DEV":                         "1.0.dev0",
		"1.0_dev.5":                      "1.0.dev5",
		"1.0rc1.post2.dev3":              "1.0rc1.post2.dev3",
		"1.0+ABC.007-x_1":                "1.0+abc.7.x.1",
		"1.0+\u212a":                     "1.0+k",
		"1.0+\u0130":                     "1.0+i\u0307",
		"1.0.po\u017ft1":                 "1.0.post1",
		"1.0prev\u0131ew1":               "1.0prev\u0131ew1",
		"1.0.0-eom":                      "",
		"stable-eol":                     "",
		"yoga-last":                      "",
		"2023.1-eol":                     "",
		"":                               "",
		"1.0+":                           "",
		"1.0-":                           "",
		"1..0":                           "",
		"1.0\u200b":                      "",
		"1.0--1":                         "",
		"1.0+a..b":                       "",
		"1." + strings.Repeat("0", 4300): "1.0",
		"1." + strings.Repeat("0", 4301): "",
	}
	for in, want := range cases {
		got, err := Normalize(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
		if Valid(in) != (want != "") {
			t.Errorf("Valid(%q) = %v", in, !Valid(in))
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	// Ascending, as packaging sorts them; "=" joins equal versions.
	order := []string{
		"0.9", "1.0.dev0", "1.0a0.dev0", "1.0a0", "1.0a1", "1.0b0", "1.0rc0",
		"1.0 = 1.0.0 = v1.0 = 0!1.0", "1.0+abc", "1.0+abc.1", "1.0+abd", "1.0+0", "1.0+1", "1.0+01.a = 1.0+1.a",
		"1.0.post0.dev0", "1.0.post0", "1.0.post1", "1.0.1", "1.1.dev0", "1.10", "2", "99999999999999999999999",
		"1!0.1",
	}
	var flat [][]Version
	for _, group := range order {
		var vs []Version
		for _, s := range strings.Split(group, " = ") {
			v, err := Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			vs = append(vs, v)
		}
		flat = append(flat, vs)
	}
	for i, gi := range flat {
		for j, gj := range flat {
			for _, a := range gi {
				for _, b := range gj {
					if got, want := Compare(a, b), cmpInt(i, j); got != want {
						t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
					}
					if (a.Key() == b.Key()) != (i == j) {
						t.Errorf("Key(%s)=%q, Key(%s)=%q", a, a.Key(), b, b.Key())
					}
				}
			}
		}
	}
}

func cmpInt(a, b int) int {
	return slices.Compare([]int{a}, []int{b})
}

func TestPrerelease(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"1.0": false, "1.0rc1": true, "1.0.dev1": true, "1.0.post1": false} {
		v, _ := Parse(s)
		if v.IsPrerelease() != want {
			t.Errorf("%s: IsPrerelease = %v", s, !want)
		}
	}
	v, _ := Parse("1.0+local")
	if v.Public().String() != "1.0" {
		t.Errorf("Public = %s", v.Public())
	}
}
