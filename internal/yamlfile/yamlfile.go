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
	"fmt"
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

// Errorf returns an *Error at the line of node n.
func Errorf(file string, n *yaml.Node, format string, args ...any) *Error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

var lineInMsg = regexp.MustCompile(`^yaml: line (\d+): `)

// Parse parses data as one YAML document and returns its top node, or nil
// when the document is empty (an absent file reads as empty).
func Parse(file string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: file, Msg: fmt.Sprintf("is %d bytes, over the %d MiB pypiguard reads; is this really a %s?", len(data), MaxSize>>20, file)}
	}
	if !utf8.Valid(data) {
		return nil, &Error{File: file, Line: badUTF8Line(data), Msg: "is not valid UTF-8; save the file as UTF-8"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, wrapYAMLError(file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	if err := checkShape(file, &doc); err != nil {
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
// reading these files, does) and reporting the duplicate.
func Pairs(file string, n *yaml.Node, what string) ([]Pair, []Duplicate, error) {
	if err := Expect(file, n, yaml.MappingNode, what); err != nil {
		return nil, nil, err
	}
	pairs := make([]Pair, 0, len(n.Content)/2)
	var seen map[string]int
	var dups []Duplicate
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, nil, Errorf(file, k, "%s: a key must be a plain value", what)
		}
		if k.Value == "<<" && k.Tag == "!!merge" {
			return nil, nil, Errorf(file, k, "%s: YAML merge keys (<<) are not supported here; write the entries out", what)
		}
		if seen == nil {
			seen = make(map[string]int, len(n.Content)/2)
		}
		if j, ok := seen[k.Value]; ok {
			dups = append(dups, Duplicate{Key: k.Value, First: pairs[j].KeyN.Line, Last: k.Line})
			pairs[j] = Pair{Key: k.Value, KeyN: k, Value: v}
			continue
		}
		seen[k.Value] = len(pairs)
		pairs = append(pairs, Pair{Key: k.Value, KeyN: k, Value: v})
	}
	return pairs, dups, nil
}

// Expect checks that n has the wanted kind. Aliases are refused rather than
// followed: none of the files pypiguard reads needs one where it looks, and
// following them is how "billion laughs" documents explode.
func Expect(file string, n *yaml.Node, kind yaml.Kind, what string) error {
	if n == nil {
		return &Error{File: file, Msg: what + ": missing"}
	}
	if n.Kind == yaml.AliasNode {
		return Errorf(file, n, "%s: YAML aliases (*%s) are not supported here; write the value out", what, n.Value)
	}
	if n.Kind != kind {
		return Errorf(file, n, "%s: expected %s, found %s", what, kindName(kind), describe(n))
	}
	return nil
}

// IsNull reports whether n is absent or an explicit null.
func IsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// String returns the value of scalar node n.
func String(file string, n *yaml.Node, what string) (string, error) {
	if err := Expect(file, n, yaml.ScalarNode, what); err != nil {
		return "", err
	}
	return n.Value, nil
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
