package yamlfile

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestReadsAsPyYAML pins the readings that differ between yaml.v3 and
// PyYAML and that a change could use to hide a deliverable.
func TestReadsAsPyYAML(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, yaml, want string // want: an error substring, or "" to read
	}{
		{"an int key beside the same string", "\"2024\": a\n2024: b\n", `f.yaml:2: top: key "2024" is an integer to PyYAML, not a name; quote it ("2024")`},
		{"a bool key", "yes: a\n", "key \"yes\" is a boolean to PyYAML"},
		{"a null key", "~: a\n", "is a null to PyYAML"},
		{"an explicit null tag on a name", "!!null nova: a\n", "is a null to PyYAML"},
		{"an explicit merge tag on a name", "!!merge nova: a\n", "f.yaml:1: YAML merge keys (<<) are not supported here"},
		{"a plain merge key", "<<: {a: b}\n", "merge keys"},
		{"a second document", "a: b\n---\nc: d\n", "f.yaml:2: holds a second YAML document"},
		{"an empty second document", "a: b\n---\n", "holds a second YAML document"},
		{"a document end marker alone", "a: b\n...\n", ""},
		{"the non-specific tag on a quoted name", "! \"2024\": a\n", "f.yaml:1: the non-specific tag '!' makes PyYAML read \"2024\" as an integer"},
		{"%TAG making !e!str a string", "%TAG !e! tag:yaml.org,2002:\n---\n!e!str 2024: a\n", ""},
		{"%TAG redefining !!", "%TAG !! tag:example.com,2000:\n---\n!!str a: b\n", "the tag tag:example.com,2000:str is not one pypiguard reads"},
		{"a local tag", "a: !foo b\n", "the tag !foo is not one pypiguard reads"},
		{"!!int on a word", "a: !!int b\n", "!!int \"b\" is not a value PyYAML reads the same way"},
		{"!!set", "a: !!set {b, c}\n", "the tag !!set on a mapping"},
		{"a lone =", "a: =\n", "a lone '='"},
		{"!!str makes a name of a number", "!!str 2024: a\n", ""},
		{"a quoted number is a name", "'2024': a\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := Parse("f.yaml", []byte(tc.yaml))
			if err == nil {
				_, _, err = Pairs("f.yaml", n, "top")
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestScalarsAsPyYAML(t *testing.T) {
	t.Parallel()
	cases := []struct {
		yaml        string
		tag         string
		null, truth bool
	}{
		{"yes", "!!bool", false, true}, {"Off", "!!bool", false, false}, {"y", "!!str", false, true},
		{"0o17", "!!str", false, true}, {"017", "!!int", false, true}, {"0x0", "!!int", false, false},
		{"1:20", "!!int", false, true}, {"0:00", "!!str", false, true}, {"1:00", "!!int", false, true}, {"1e5", "!!str", false, true},
		{"1.0e+5", "!!float", false, true}, {"0.0", "!!float", false, false}, {".nan", "!!float", false, true},
		{"~", "!!null", true, false}, {"", "!!null", true, false}, {"!!null x", "!!null", true, false},
		{"'no'", "!!str", false, true}, {"''", "!!str", false, false}, {"2024-01-01", "!!timestamp", false, true},
		{"none", "!!str", false, true}, {"[]", "!!seq", false, false}, {"[a]", "!!seq", false, true},
	}
	for _, tc := range cases {
		n, err := Parse("f.yaml", []byte("k: "+tc.yaml+"\n"))
		if err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		v := n.Content[1]
		if v.Tag != tc.tag || IsNull(v) != tc.null || Truthy(v) != tc.truth {
			t.Errorf("%q: tag %s null %v true %v, want %s %v %v", tc.yaml, v.Tag, IsNull(v), Truthy(v), tc.tag, tc.null, tc.truth)
		}
	}
}

func TestStringWantsAString(t *testing.T) {
	t.Parallel()
	n, err := Parse("f.yaml", []byte("a: yes\nb: 'yes'\nc: &x openstack/nova\nd: *x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := String("f.yaml", n.Content[1], "a"); err == nil || !strings.Contains(err.Error(), `f.yaml:1: a: "yes" is a boolean to PyYAML, not a string; quote it`) {
		t.Errorf("a bool read as a string: %v", err)
	}
	if s, err := String("f.yaml", n.Content[3], "b"); s != "yes" || err != nil {
		t.Errorf("b = %q, %v", s, err)
	}
	if s, err := String("f.yaml", n.Content[7], "d"); s != "openstack/nova" || err != nil {
		t.Errorf("an alias is not followed: %q, %v", s, err)
	}
}

// TestNodeBudget: the nodes a file may hold are counted before yaml.v3
// builds them, per file and across the files one run holds.
func TestNodeBudget(t *testing.T) {
	t.Parallel()
	big := []byte("[" + strings.Repeat("a,", MaxNodes/2) + "]")
	if _, err := Parse("big.yaml", big); err == nil || !strings.Contains(err.Error(), "big.yaml: may hold up to") {
		t.Fatalf("a flow list of %d entries was read: %v", MaxNodes/2, err)
	}
	// Commas in a comment count in the estimate but cost nothing to parse.
	third := []byte("a: b\n# " + strings.Repeat(",", MaxNodes/5))
	var m Memo
	for i, f := range []string{"a", "b", "c"} {
		_, err := m.Parse(f, append(third, fmt.Sprintf("\n# %d\n", i)...))
		if i < 2 && err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if i == 2 && (err == nil || !strings.Contains(err.Error(), "c: may hold up to") || !strings.Contains(err.Error(), "split the change")) {
			t.Fatalf("the third large file was read: %v", err)
		}
	}
	if _, err := m.Parse("a", append(third, "\n# 0\n"...)); err != nil {
		t.Fatalf("a file already read costs nothing more: %v", err)
	}
}

// FuzzEstimateNodes: the estimate is an upper bound of the nodes yaml.v3
// builds, whatever the input.
func FuzzEstimateNodes(f *testing.F) {
	for _, s := range []string{"a: b\n", "{a, b, c}", "[a: b, c: d]", "- - - a\n", "? a\n", "{?}", "[? ]", "a:\nb:\n", "!!str &a x", "*a", "a: &x [1]\nb: *x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			return
		}
		if n, est := count(&doc), EstimateNodes(data); n > est {
			t.Fatalf("%q: %d nodes, estimated at most %d", data, n, est)
		}
	})
}

func count(n *yaml.Node) int {
	total := 1
	for _, c := range n.Content {
		total += count(c)
	}
	return total
}
