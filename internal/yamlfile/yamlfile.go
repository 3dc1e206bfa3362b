// Package yamlfile reads the YAML files pypiguard is given (governance,
// project-config, releases, the policy) into yaml.v3 node trees, safely:
// a size limit, no alias expansion, and errors that name the file and the
// 1-based line so that a reviewer can jump straight to the problem.
//
// Decoding into yaml.Node rather than Go values keeps every line number and
// lets the callers tolerate the quirks real history has (a key written twice
// is a hard error for yaml.v3's value decoder, but only a warning for us).
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Pos is where a YAML node sits: file and 1-based line.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Warning is a quirk of a file that was tolerated.
type Warning struct {
	Pos     Pos
	Message string
}

func (w Warning) String() string { return w.Pos.String() + ": " + w.Message }

// MaxSize is the largest YAML file pypiguard reads. The largest real input,
// project-config's gerrit/projects.yaml, is under 400 KB.
const MaxSize = 16 << 20

// Error is a problem with a YAML file, at a 1-based line (0 when the whole
// file is concerned).
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// BadInput says that a file pypiguard reads is refused: exit 2, fixed by the user (docs/design.md section 8).
func (e *Error) BadInput() bool { return true }

// Errorf returns an *Error at the line of node n.
func Errorf(file string, n *yaml.Node, format string, args ...any) *Error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

var lineInMsg = regexp.MustCompile(`^yaml: line (\d+): `)

// Parse parses data as one YAML document, as PyYAML's safe_load reads it,
// and returns its top node, or nil when the document is empty (an absent
// file reads as empty). Every node's Tag is PyYAML's (see resolveTags);
// what pypiguard cannot read the way PyYAML does is refused with the line.
func Parse(file string, data []byte) (*yaml.Node, error) {
	if err := checkBytes(file, data); err != nil {
		return nil, err
	}
	if est := EstimateNodes(data); est > MaxNodes {
		return nil, &Error{File: file, Msg: fmt.Sprintf("may hold up to %d YAML nodes, over the %d pypiguard reads at once (the largest real file holds about 20,000); is this really a %s?", est, MaxNodes, file)}
	}
	return parse(file, data)
}

func checkBytes(file string, data []byte) error {
	if len(data) > MaxSize {
		return &Error{File: file, Msg: fmt.Sprintf("is %d bytes, over the %d MiB pypiguard reads; is this really a %s?", len(data), MaxSize>>20, file)}
	}
	if !utf8.Valid(data) {
		return &Error{File: file, Line: badUTF8Line(data), Msg: "is not valid UTF-8; save the file as UTF-8"}
	}
	return nil
}

func parse(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, wrapYAMLError(file, err)
	}
	// PyYAML's safe_load wants exactly one document ("expected a single
	// document in the stream"); yaml.v3 would silently read the first.
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{File: file, Line: next.Line, Msg: "holds a second YAML document (after ---), which PyYAML's safe_load refuses; remove it"}
	case !errors.Is(err, io.EOF):
		return nil, wrapYAMLError(file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	if err := checkShape(file, &doc); err != nil {
		return nil, err
	}
	if err := resolveTags(file, data, &doc); err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

func wrapYAMLError(file string, err error) error {
	msg := err.Error()
	line := 0
	if m := lineInMsg.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else if after, ok := bytes.CutPrefix([]byte(msg), []byte("yaml: ")); ok {
		msg = string(after)
	}
	return &Error{File: file, Line: line, Msg: "invalid YAML: " + msg}
}

func badUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// Pair is one key and value of a YAML mapping.
type Pair struct {
	Key   string
	KeyN  *yaml.Node
	Value *yaml.Node
}

// Duplicate records a key written twice in one mapping.
type Duplicate struct {
	Key         string
	First, Last int // lines
}

// Pairs returns the entries of mapping node n in file order, keeping only
// the last of a key written twice (what PyYAML, and so every other tool
// reading these files, does) and reporting the duplicate. Keys must be
// strings as PyYAML resolves them: "2024" and 2024 are two keys to PyYAML
// (a string and an int), so a key that is not a string is refused rather
// than read as the string it looks like.
func Pairs(file string, n *yaml.Node, what string) ([]Pair, []Duplicate, error) {
	if err := Expect(file, n, yaml.MappingNode, what); err != nil {
		return nil, nil, err
	}
	n = Deref(n)
	pairs := make([]Pair, 0, len(n.Content)/2)
	var seen map[string]int
	var dups []Duplicate
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, v := n.Content[i], n.Content[i+1]
		k, err := key(file, kn, what)
		if err != nil {
			return nil, nil, err
		}
		if seen == nil {
			seen = make(map[string]int, len(n.Content)/2)
		}
		if j, ok := seen[k]; ok {
			dups = append(dups, Duplicate{Key: k, First: pairs[j].KeyN.Line, Last: kn.Line})
			pairs[j] = Pair{Key: k, KeyN: kn, Value: v}
			continue
		}
		seen[k] = len(pairs)
		pairs = append(pairs, Pair{Key: k, KeyN: kn, Value: v})
	}
	return pairs, dups, nil
}

func key(file string, kn *yaml.Node, what string) (string, error) {
	k := Deref(kn)
	if k == nil || k.Kind != yaml.ScalarNode {
		return "", Errorf(file, kn, "%s: a key must be a plain value", what)
	}
	if k.Tag != "!!str" {
		return "", Errorf(file, kn, "%s: key %s is %s to PyYAML, not a name; quote it (\"%s\") if it is a name", what, describe(k), friendly(k.Tag), k.Value)
	}
	return k.Value, nil
}

// Deref returns the node an alias stands for (PyYAML follows aliases; the
// expansion is bounded when the file is parsed), or n itself.
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < MaxDepth; i++ {
		n = n.Alias
	}
	return n
}

// Expect checks that n, or what it aliases, has the wanted kind.
func Expect(file string, n *yaml.Node, kind yaml.Kind, what string) error {
	if n == nil {
		return &Error{File: file, Msg: what + ": missing"}
	}
	if t := Deref(n); t == nil || t.Kind != kind {
		if t == nil || t.Kind == yaml.AliasNode {
			return Errorf(file, n, "%s: alias *%s leads nowhere", what, n.Value)
		}
		return Errorf(file, n, "%s: expected %s, found %s", what, kindName(kind), describe(t))
	}
	return nil
}

// IsNull reports whether n is absent or null as PyYAML reads it (~, null,
// an empty value, or !!null on anything).
func IsNull(n *yaml.Node) bool {
	n = Deref(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// String returns the value of scalar node n, which must be a string as
// PyYAML reads it: "yes", 2024 or 1.0 unquoted are not.
func String(file string, n *yaml.Node, what string) (string, error) {
	if err := Expect(file, n, yaml.ScalarNode, what); err != nil {
		return "", err
	}
	t := Deref(n)
	if t.Tag != "!!str" {
		return "", Errorf(file, n, "%s: %s is %s to PyYAML, not a string; quote it", what, describe(t), friendly(t.Tag))
	}
	return t.Value, nil
}

// Truthy reports whether n is true as Python tests the value PyYAML builds
// from it (if value: ...): null, false, 0, 0.0, "" and empty collections
// are false; everything else, "no" in quotes included, is true.
func Truthy(n *yaml.Node) bool {
	n = Deref(n)
	switch {
	case n == nil:
		return false
	case n.Kind != yaml.ScalarNode:
		return len(n.Content) > 0
	}
	switch n.Tag {
	case "!!null":
		return false
	case "!!bool":
		return boolValue(n.Value)
	case "!!int", "!!float":
		return !zeroNumber(n.Value)
	case "!!str":
		return n.Value != ""
	}
	return true
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping (key: value)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "a YAML node"
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return fmt.Sprintf("%q", v)
	}
	return kindName(n.Kind)
}
