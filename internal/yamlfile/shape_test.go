package yamlfile

import (
	"fmt"
	"strings"
	"testing"
)

func TestShape(t *testing.T) {
	t.Parallel()
	var bomb strings.Builder
	bomb.WriteString("team:\n  mission:\n    - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&bomb, "    - &%c [%s]\n", c, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", "))
		prev = string(c)
	}
	var deep strings.Builder
	for i := range 100 {
		fmt.Fprintf(&deep, "%sk%d:\n", strings.Repeat(" ", i), i)
	}
	cases := []struct {
		name, yaml, want string
	}{
		{"alias bomb in a key nobody reads", bomb.String(), "an alias bomb?"},
		{"100 levels of mappings", deep.String(), "nested deeper than 64 levels"},
		{"modest anchors, as project-config has", "- x: &f [a, b, c]\n- y: *f\n- z: *f\n", ""},
		{"an alias to itself", "a: &a [*a]\n", "an alias to itself?"},
	}
	for _, tc := range cases {
		_, err := Parse("f.yaml", []byte(tc.yaml))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
