package yamlfile_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// composeScript prints, for every input, the node tree PyYAML's SafeLoader
// composes (each node's resolved tag and scalar value, mapping entries in
// order, duplicates kept, aliases expanded), or the error that makes
// safe_load refuse the text. Files are opened as OpenStack's tools open
// them: text mode, UTF-8.
const composeScript = `
import sys, os, json, yaml
P = 'tag:yaml.org,2002:'
def short(tag):
    return '!!' + tag[len(P):] if tag.startswith(P) else tag
def enc(n, budget):
    budget[0] -= 1
    if budget[0] < 0:
        raise RuntimeError('too big to compare')
    if isinstance(n, yaml.ScalarNode):
        return [short(n.tag), n.value]
    if isinstance(n, yaml.SequenceNode):
        return [short(n.tag), [enc(c, budget) for c in n.value]]
    return [short(n.tag), [[enc(k, budget), enc(v, budget)] for k, v in n.value]]
out = {}
d = sys.argv[1]
for name in os.listdir(d):
    r = {}
    try:
        with open(os.path.join(d, name), encoding='utf-8') as f:
            text = f.read()
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        yaml.safe_load(text)
        r['tree'] = None if node is None else enc(node, [300000])
    except Exception as e:
        r['err'] = type(e).__name__ + ': ' + str(e)[:300]
    out[name] = r
print(json.dumps(out))
`

type composed struct {
	Tree json.RawMessage `json:"tree"`
	Err  string          `json:"err"`
}

// encode is composeScript's enc for a node pypiguard parsed.
func encode(n *yaml.Node) any {
	n = yamlfile.Deref(n)
	switch n.Kind {
	case yaml.ScalarNode:
		return []any{n.Tag, n.Value}
	case yaml.SequenceNode:
		items := []any{}
		for _, c := range n.Content {
			items = append(items, encode(c))
		}
		return []any{n.Tag, items}
	}
	pairs := []any{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, []any{encode(n.Content[i]), encode(n.Content[i+1])})
	}
	return []any{n.Tag, pairs}
}

// TestMatchesPyYAML is the differential test of the reader: every input
// PyYAML's safe_load loads must be read by pypiguard to the same tags and
// values, node for node, or refused with an error; every input safe_load
// refuses, pypiguard refuses too. Inputs: tricky scalars
// in every position, tags, directives, documents, the fuzz corpora and the
// real files.
func TestMatchesPyYAML(t *testing.T) {
	t.Parallel()
	inputs := corpus(t)
	answers := fixture.RunPython(t, composeScript, inputs)
	var agree, refused, pyRefused int
	refusedBy := map[string]int{}
	for i, in := range inputs {
		var py composed
		if err := json.Unmarshal(answers[i], &py); err != nil {
			t.Fatal(err)
		}
		n, err := yamlfile.Parse("f.yaml", in)
		if py.Err != "" {
			// safe_load refuses it: so must pypiguard, or it would judge a
			// file OpenStack's tools cannot read.
			pyRefused++
			if err == nil && !badDate(py.Err) {
				t.Errorf("input %d is refused by PyYAML (%s), yet pypiguard reads it:\n%s", i, py.Err, in)
			}
			continue
		}
		if err != nil {
			refused++
			refusedBy[category(err)]++
			continue
		}
		var want any
		if err := json.Unmarshal(py.Tree, &want); err != nil {
			t.Fatal(err)
		}
		var got any = nil
		if n != nil {
			b, _ := json.Marshal(encode(n))
			_ = json.Unmarshal(b, &got)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("input %d reads differently from PyYAML:\n%s\npypiguard: %v\nPyYAML:    %v", i, in, got, want)
			continue
		}
		agree++
	}
	t.Logf("%d inputs: %d read as PyYAML reads them, %d refused by pypiguard %v, %d refused by PyYAML", len(inputs), agree, refused, refusedBy, pyRefused)
	if agree < len(inputs)/2 {
		t.Errorf("only %d of %d inputs read: the corpus or the reader is broken", agree, len(inputs))
	}
}

// badDate reports whether safe_load refused a date it could not build
// (month 13, February 30): the one refusal pypiguard does not copy (see
// yamlfile's constructs).
func badDate(pyErr string) bool {
	for _, m := range []string{"month must be in", "day is out of range", "year 0 is out of range", "must be in 0..", "offset must be a timedelta"} {
		if strings.Contains(pyErr, m) {
			return true
		}
	}
	return false
}

func category(err error) string {
	msg := err.Error()
	for _, c := range []string{"non-specific tag", "merge keys", "lone '='", "is not one pypiguard reads", "is not read by pypiguard", "PyYAML reads the same way", "second YAML document", "invalid YAML", "UTF-8", "alias"} {
		if strings.Contains(msg, c) {
			return c
		}
	}
	return msg
}

// trickyScalars are scalars whose meaning differs between YAML 1.1
// (PyYAML) and 1.2 (yaml.v3), or that carry tags.
var trickyScalars = []string{
	"2024", `"2024"`, "'2024'", "yes", "Yes", "YES", "y", "Y", "n", "no", "NO", "on", "On", "off", "OFF",
	"true", "True", "TRUE", "false", "~", "null", "Null", "NULL", "nULL", `""`, "0o17", "017", "0x1F", "0X1F",
	"0b101", "1_000", "1__0", "_1", "1:20", "1:20.5", "190:20:30", "1:60", ".inf", "-.Inf", "+.INF", ".NaN",
	"1.0", "1.", ".5", "1e5", "1.0e+5", "1.0E-5", "1e+5", "+1", "-0", "00", "09", "0_7", "0.", "._", "1_0.0_1",
	"2024-01-01", "2024-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2024-01-01 10:00:00",
	"=", "<<", "openstack/nova", `"openstack/nova"`, "nova:x", "a#b", "-x", "?x", "é", "a b", "0x", "0b", "1:2:3",
	"!!str 2024", "!!str yes", "!!int 12", `!!int "12"`, "!!int 0o12", "!!int 1_0", "! 2024", `! "2024"`,
	"! yes", "!<!> 5", "!!null x", "!!null ''", "!!bool yes", `!!bool "yes"`, "!!bool y", "!!float 1",
	"!!float 1.5", "!!merge x", "!foo x", "!!binary aGVsbG8=", "!!timestamp 2024-01-01", "!!timestamp x",
	"!<tag:yaml.org,2002:str> 5", "!<tag:yaml.org,2002:int> 5", "!!python/name:os.system x", "&a x", "&a ! 5",
	"&a !!str 5", "!!str &a 5",
}

func corpus(t *testing.T) [][]byte {
	var docs []string
	for _, s := range trickyScalars {
		docs = append(docs,
			s+": v\n", "k: "+s+"\n", "- "+s+"\n", "{"+s+": v}\n", "["+s+"]\n", "k: ["+s+", x]\n",
			"? "+s+"\n: v\n", "a:\n  "+s+": {repos: ["+s+"]}\n")
	}
	for _, a := range []string{"2024", `"2024"`, "yes", "true", "1", "1.0", "0x1", "~", "null", `""`, "a", `"a"`, "!!str a", "!!null a"} {
		for _, b := range []string{"2024", `'2024'`, "on", "True", "01", "1", "a", "!!str a", `"null"`} {
			docs = append(docs, a+": 1\n"+b+": 2\n")
		}
	}
	docs = append(docs,
		"a: 1\n---\nb: 2\n", "a: 1\n...\n", "a: 1\n...\n---\nb: 2\n", "--- a\n", "--- |\n  x\n", "a: 1\n---\n",
		"%TAG !e! tag:yaml.org,2002:\n---\na: !e!str 5\nb: !e!int 7\n", "%TAG !! tag:example.com,2000:\n---\na: !!str 5\n",
		"%YAML 1.1\n---\na: yes\n", "%YAML 1.2\n---\na: yes\n", "\ufeffa: yes\n", "a: 1\r\nb: ! 2\r\n", "a: 1\rb: 2\r",
		"a: &x [1, 2]\nb: *x\n", "a: &x {c: d}\n<<: *x\n", "a: 'it''s'\nb: \"\\x41\\u00e9\"\n", "a: >\n  x\n  y\n\n  z\nb: |-\n  q\n",
		"a: x\n  y\n", "a: \"x\n  y\"\n", "a: 'x\n\n  y'\n", "k: !!map {a: 1}\n", "k: !!seq [1]\n", "k: !!str [1]\n",
		"k: !!set {a, b}\n", "k: !!omap [a: 1]\n", "? [a]\n: 1\n", "? {a: 1}\n: 1\n", "a: \u0085b\n", "a: b\u2028c\n",
		"", "# only a comment\n", "---\n", "...\n", "- - - a\n", "a:\n- b\n- c\n", "{a, b, c}\n", "[a: b, c]\n",
		// Values PyYAML's resolver accepts but its constructor fails on,
		// an anchor defined twice, a list or mapping as a key: safe_load
		// refuses each (the dates are exempt: see badDate).
		"k: 0b_\n", "k: -0x__\n", "k: !!int 0x_\n", "k: 0b_1\n", "k: 2024-13-01\n", "k: 2023-02-29\n", "k: 2024-02-29\n",
		"k: 0000-01-01\n", "k: !!timestamp 2024-02-30\n", "k: 2024-01-01 24:00:00\n", "k: 2024-01-01 23:59:60\n",
		"k: 2024-01-01 10:00:00 +24\n", "k: 2024-01-01 10:00:00 -23:60\n", "k: 2024-01-01 10:00:00 +23:59\n",
		"a: &x 1\nb: &x 2\nc: *x\n", "a: &x [&x 1]\n", "? {a: 1}\n: 1\n", "k: {? [a] : 1}\n", "a: &x [1]\n? *x\n: 2\n")
	inputs := make([][]byte, 0, len(docs)+64)
	for _, d := range docs {
		inputs = append(inputs, []byte(d))
	}
	inputs = append(inputs, fuzzCorpus(t)...)
	inputs = append(inputs, realFiles(t)...)
	return inputs
}

// fuzzCorpus is every []byte input in the fuzz corpora of the packages
// that read YAML.
func fuzzCorpus(t *testing.T) [][]byte {
	root := fixture.ModuleRoot(t)
	var out [][]byte
	for _, pkg := range []string{"governance", "projectconfig", "changes", "policy", "yamlfile"} {
		files, _ := filepath.Glob(filepath.Join(root, "internal", pkg, "testdata", "fuzz", "*", "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(data), "\n") {
				if q, ok := strings.CutPrefix(line, "[]byte("); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
						out = append(out, []byte(s))
					}
				}
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d fuzz corpus entries", len(out))
	}
	return out
}

func realFiles(t *testing.T) [][]byte {
	data := fixture.SharedData(t)
	var out [][]byte
	for _, f := range []string{
		"governance/reference/projects.yaml", "governance/reference/legacy.yaml", "governance/reference/sigs-repos.yaml",
		"governance/reference/technical-committee-repos.yaml", "project-config/gerrit/projects.yaml",
		"project-config/zuul.d/projects.yaml", "project-config/zuul.d/jobs.yaml",
	} {
		b, err := os.ReadFile(filepath.Join(data, f))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestRealFilesAreNotRefused(t *testing.T) {
	t.Parallel()
	for i, in := range realFiles(t) {
		if _, err := yamlfile.Parse(fmt.Sprint("real-", i), in); err != nil {
			t.Errorf("a real file is refused: %v", err)
		}
	}
}

// truthScript prints bool() of the value safe_load builds for key k of each
// input, or null when safe_load refuses the input.
const truthScript = `
import sys, os, json, yaml
out = {}
for name in os.listdir(sys.argv[1]):
    try:
        with open(os.path.join(sys.argv[1], name), encoding='utf-8') as f:
            out[name] = bool(yaml.safe_load(f)['k'])
    except Exception:
        out[name] = None
print(json.dumps(out))
`

// TestTruthyAsPython holds Truthy to Python's truth test of what safe_load
// builds (if value: ...), over every tricky scalar and a few collections.
func TestTruthyAsPython(t *testing.T) {
	t.Parallel()
	values := append(slices.Clone(trickyScalars), "0", "-0", "+0", "0.0", "-0.0", "0:0", "0:0.0", "0b0", "0x0", "0x_0", "00", "0.",
		"1e-400", "0.0e+5", "''", "[]", "{}", "[0]", "{a: 0}", "!!float 0", "!!int 0", "!!bool no", "!!null yes", "!!str")
	inputs := make([][]byte, len(values))
	for i, v := range values {
		inputs[i] = []byte("k: " + v + "\n")
	}
	answers := fixture.RunPython(t, truthScript, inputs)
	compared := 0
	for i, in := range inputs {
		var want *bool
		if err := json.Unmarshal(answers[i], &want); err != nil {
			t.Fatal(err)
		}
		n, err := yamlfile.Parse("f.yaml", in)
		if want == nil || err != nil {
			continue
		}
		compared++
		if got := yamlfile.Truthy(n.Content[1]); got != *want {
			t.Errorf("%q: Truthy %v, Python %v", in, got, *want)
		}
	}
	if compared < len(values)/2 {
		t.Errorf("only %d of %d values compared", compared, len(values))
	}
}
