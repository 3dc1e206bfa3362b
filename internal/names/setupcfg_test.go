package names

import (
	"strings"
	"testing"
)

func TestSetupCfgName(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		want       string
		line       int
		err        string // substring of the refusal; "" when read
	}{
		{"plain", "[metadata]\nname = nova\n", "nova", 2, ""},
		{"Name is the name", "[metadata]\nsummary = s\nName: Nova\n", "Nova", 3, ""},
		{"DEFAULT inherited", "[DEFAULT]\nname = d\n[metadata]\nversion = 1\n", "d", 2, ""},
		{"pbr's empty name lets setuptools' DEFAULT NAME in", "[DEFAULT]\nNAME = d\n[metadata]\nname =\n", "d", 2, ""},
		{"continued: the value keeps its first, empty line", "[metadata]\nname =\n  nova\n", "\nnova", 2, ""},
		{"interpolated", "[metadata]\nb = nova\nname = %(b)s-x%%\n", "nova-x%", 3, ""},
		{"no inline comment", "[metadata]\nname = a # b\n", "a # b", 2, ""},
		{"other section", "[Metadata]\nname = a\n", "", 0, ""},
		{"name and Name", "[metadata]\nname = a\nName = b\n", "", 0, `line 3: option "name" of [metadata] is written twice, first on line 2`},
		{"builders disagree", "[DEFAULT]\nName = d\n[metadata]\nname = m\n", "", 0, `line 2: pbr reads [metadata] name as "m" (line 4) but setuptools alone reads "d"`},
		{"duplicate section", "[metadata]\n[x]\n[metadata]\n", "", 0, "line 3: section [metadata] is written twice, first on line 1"},
		{"bare percent elsewhere", "[metadata]\nname = a\n[x]\ny = 5%\n", "", 0, "line 4: option \"y\" of [x]: '%' must be followed"},
		{"missing reference", "[metadata]\nname = %(b)s\n", "", 0, "line 2: option \"name\" of [metadata] refers to %(b)s"},
		{"bad line", "[metadata]\nname\n", "", 0, "line 2: \"name\" is neither"},
		{"no header", "name = x\n", "", 0, "line 1: \"name = x\" comes before any [section] header"},
		{"BOM", "\ufeff[metadata]\nname = x\n", "", 0, "line 1:"},
		{"bad UTF-8", "[metadata]\nname = \xff\n", "", 0, "line 2: is not valid UTF-8"},
	}
	for _, c := range cases {
		name, line, err := setupCfgName([]byte(c.text))
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: got %q, %v; want an error with %q", c.name, name, err, c.err)
		case c.err == "" && (err != nil || name != c.want || line != c.line):
			t.Errorf("%s: got %q line %d, %v; want %q line %d", c.name, name, line, err, c.want, c.line)
		}
	}
}

// TestInterpolationBounded: ten levels of forty references each would be
// 40^10 expansions; the reader refuses instead of hanging.
func TestInterpolationBounded(t *testing.T) {
	t.Parallel()
	text := "[metadata]\na0 = %%\n"
	for i := 1; i <= 10; i++ {
		text += "a" + string(rune('a'+i)) + " = " + strings.Repeat("%(a"+prev(i)+")s", 40) + "\n"
	}
	_, _, err := setupCfgName([]byte(text))
	if err == nil || !strings.Contains(err.Error(), "expand past pypiguard's bound") {
		t.Errorf("got %v", err)
	}
}

func prev(i int) string {
	if i == 1 {
		return "0"
	}
	return string(rune('a' + i - 1))
}

func TestSplitLines(t *testing.T) {
	t.Parallel()
	got := splitLines([]byte("a\r\nb\rc\n\nd"))
	if strings.Join(got, "|") != "a|b|c||d" {
		t.Errorf("got %q", got)
	}
}

func TestToml10(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"a = \"\\e\"\n":                   "line 1: the escape \\e",
		"a = \"\"\"\n\\\n\\x41\"\"\"\n":   "line 3: the escape \\x",
		"a = {\nb = 1}\n":                 "line 1: a newline inside an inline table",
		"a = {b = 1, }\n":                 "line 1: a trailing comma",
		"\n\na = 07:32\n":                 "line 3: a time without seconds",
		"a = 1979-05-27T07:32:00-07:00\n": "",
		"a = '\\e'\n":                     "",
		"a = [\n1,\n]\n":                  "",
		"\ufeffa = 1\n":                   "line 1: starts with a byte order mark",
	}
	for text, want := range cases {
		err := toml10([]byte(text))
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: got %v, want %q", text, err, want)
		}
	}
}
