package yamlfile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Styles that make a scalar something other than plain.
const notPlain = yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle

// tagger rewrites each node's Tag to the one PyYAML's SafeLoader gives it,
// so that every reader above (IsNull, String, Pairs) sees what OpenStack's
// tools see, and refuses what pypiguard does not read the way PyYAML does.
type tagger struct {
	file  string
	src   []byte
	lines []int // byte offset of each line's start, built on first use
	// The last position found: nodes come in document order, so the next
	// one is usually found by walking on from here, not from its line's
	// start (which is quadratic on a long flow line).
	lastLine, lastCol, lastOff int
	// anchors seen so far: PyYAML's composer refuses an anchor defined
	// twice ("found duplicate anchor"), where yaml.v3 lets the later win.
	anchors map[string]bool
}

// resolveTags walks every node once, and replaces each alias by the node it
// stands for, so that no reader meets an alias.
func resolveTags(file string, src []byte, doc *yaml.Node) error {
	t := &tagger{file: file, src: src}
	return t.walk(doc)
}

func (t *tagger) walk(n *yaml.Node) error {
	switch n.Kind {
	case yaml.AliasNode:
		return nil
	case yaml.DocumentNode:
	default:
		if err := t.anchor(n); err != nil {
			return err
		}
		if err := t.tag(n); err != nil {
			return err
		}
	}
	for i, c := range n.Content {
		if c.Kind == yaml.AliasNode {
			// PyYAML follows aliases; so does every reader above, since
			// the alias is replaced by the node it stands for (walked
			// where its anchor is, which comes first). What that adds is
			// bounded by checkShape.
			target := Deref(c)
			if target == nil || target.Kind == yaml.AliasNode {
				return Errorf(t.file, c, "alias *%s leads nowhere", c.Value)
			}
			// A copy that sits where the alias does, so that a problem
			// with it is reported at the line that uses it.
			used := *target
			used.Line, used.Column, used.Anchor = c.Line, c.Column, ""
			n.Content[i] = &used
			continue
		}
		if err := t.walk(c); err != nil {
			return err
		}
	}
	if n.Kind == yaml.MappingNode {
		return t.hashableKeys(n)
	}
	return nil
}

func (t *tagger) anchor(n *yaml.Node) error {
	if n.Anchor == "" {
		return nil
	}
	if t.anchors[n.Anchor] {
		return Errorf(t.file, n, "the anchor &%s is defined twice, which PyYAML's safe_load refuses; rename one", n.Anchor)
	}
	if t.anchors == nil {
		t.anchors = map[string]bool{}
	}
	t.anchors[n.Anchor] = true
	return nil
}

// hashableKeys refuses a list or mapping used as a key: safe_load builds
// a dict and raises "found unhashable key" (constructor.py
// construct_mapping).
func (t *tagger) hashableKeys(n *yaml.Node) error {
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind != yaml.ScalarNode {
			return Errorf(t.file, k, "%s is used as a key, which PyYAML's safe_load refuses (unhashable key); use a plain value", kindName(k.Kind))
		}
	}
	return nil
}

func (t *tagger) tag(n *yaml.Node) error {
	explicit := n.Style&yaml.TaggedStyle != 0
	if !explicit && n.Kind == yaml.ScalarNode && t.hiddenTag(n) {
		// yaml.v3 drops the non-specific tag "!" (and "!<!>"), but PyYAML
		// then resolves even a quoted scalar implicitly: ! "2024" is the
		// int 2024 to it (lib/yaml/parser.py parse_node: implicit =
		// (True, False) when tag == '!').
		return Errorf(t.file, n, "the non-specific tag '!' makes PyYAML read %s as %s; remove the '!'", describe(n), friendly(pyTag(n)))
	}
	if explicit && n.Tag == ZuulEncrypted && ZuulConfig(t.file) {
		return t.encrypted(n)
	}
	if n.Kind == yaml.ScalarNode {
		return t.scalar(n, explicit)
	}
	want := "!!map"
	if n.Kind == yaml.SequenceNode {
		want = "!!seq"
	}
	if explicit && n.Tag != want {
		return Errorf(t.file, n, "the tag %s on %s is not read by pypiguard (PyYAML builds %s from it, or refuses it); remove the tag", n.Tag, kindName(n.Kind), friendly(n.Tag))
	}
	n.Tag = want
	return nil
}

// pyTag is the tag PyYAML gives scalar n when its tag is the non-specific
// "!".
func pyTag(n *yaml.Node) string { return implicitTag(n.Value) }

func (t *tagger) scalar(n *yaml.Node, explicit bool) error {
	if !explicit {
		n.Tag = "!!str"
		if n.Style&notPlain == 0 {
			n.Tag = implicitTag(n.Value)
		}
		if !constructs(n.Tag, n.Value) {
			return Errorf(t.file, n, "%s looks like %s to PyYAML, which then fails to build it and refuses the file; quote it", describe(n), friendly(n.Tag))
		}
		return t.checkResolved(n)
	}
	switch n.Tag {
	case "!!str", "!!null":
		return nil // PyYAML: any scalar becomes a string, or None
	case "!!bool", "!!int", "!!float", "!!timestamp":
		if !matchesImplicit(n.Tag, n.Value) || !constructs(n.Tag, n.Value) {
			return Errorf(t.file, n, "%s %s is not a value PyYAML reads the same way as pypiguard; remove the tag or write %s plainly", n.Tag, describe(n), friendly(n.Tag))
		}
		return nil
	case "!!merge":
		return Errorf(t.file, n, "YAML merge keys (<<) are not supported here; write the entries out")
	}
	return Errorf(t.file, n, "the tag %s is not one pypiguard reads (PyYAML's safe_load refuses it or builds %s from it); remove the tag", n.Tag, friendly(n.Tag))
}

// checkResolved refuses the plain scalars PyYAML resolves to a tag its
// SafeLoader has no constructor for, or that pypiguard does not follow.
func (t *tagger) checkResolved(n *yaml.Node) error {
	switch n.Tag {
	case "!!merge":
		return Errorf(t.file, n, "YAML merge keys (<<) are not supported here; write the entries out")
	case "!!value":
		return Errorf(t.file, n, "a lone '=' is a YAML 1.1 value key that PyYAML's safe_load cannot read; quote it")
	}
	return nil
}

// hiddenTag reports whether the source has a tag at n's position that
// yaml.v3 did not record: the non-specific "!". Node positions point at a
// node's properties (anchor and tag) when it has any.
func (t *tagger) hiddenTag(n *yaml.Node) bool {
	i := t.offset(n.Line, n.Column)
	if i < 0 || i >= len(t.src) {
		return false
	}
	if t.src[i] == '&' { // an anchor first: skip its name and the blanks
		for i < len(t.src) && !isBlank(t.src[i]) {
			i++
		}
		for i < len(t.src) && isBlank(t.src[i]) {
			i++
		}
	}
	return i < len(t.src) && t.src[i] == '!'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// offset is the byte offset of the 1-based line and rune column, counting
// line breaks as YAML does (LF, CR, CRLF, NEL, LS, PS), and skipping a
// byte order mark, which the reader does not count.
func (t *tagger) offset(line, col int) int {
	if t.lines == nil {
		t.lines = lineStarts(t.src)
	}
	if line < 1 || line > len(t.lines) || col < 1 {
		return -1
	}
	i, c := t.lines[line-1], 1
	if i == 0 && len(t.src) >= 3 && string(t.src[:3]) == "\ufeff" {
		i = 3
	}
	if line == t.lastLine && col >= t.lastCol {
		i, c = t.lastOff, t.lastCol
	}
	for ; c < col && i < len(t.src); c++ {
		_, size := utf8.DecodeRune(t.src[i:])
		i += size
	}
	t.lastLine, t.lastCol, t.lastOff = line, col, i
	return i
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		i += size
		switch r {
		case '\r':
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case '\n', '\u0085', '\u2028', '\u2029':
		default:
			continue
		}
		starts = append(starts, i)
	}
	return starts
}

// friendly names a tag for a person, with its article.
func friendly(tag string) string {
	switch tag {
	case "!!str":
		return "a string"
	case "!!null":
		return "a null"
	case "!!bool":
		return "a boolean"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!timestamp":
		return "a date"
	case "!!map":
		return "a mapping"
	case "!!seq":
		return "a list"
	}
	return fmt.Sprintf("a value of tag %s", tag)
}

// ZuulEncrypted is the tag of a Zuul secret's encrypted value, the one tag
// Zuul's loader adds to PyYAML's SafeLoader (zuul/configloader.py:
// EncryptedPKCS1_OAEP, a yaml.YAMLObject of yaml.SafeLoader, which
// ZuulSafeLoader extends). Its from_yaml base64-decodes the scalar, or
// each scalar of a sequence (a secret longer than one RSA block).
const ZuulEncrypted = "!encrypted/pkcs1-oaep"

// ZuulConfig reports whether file is read by Zuul's loader rather than by
// safe_load: project-config's zuul.d/ files.
func ZuulConfig(file string) bool { return strings.HasPrefix(file, "zuul.d/") }

// encrypted accepts a Zuul secret's value as Zuul's loader builds it: a
// scalar, or a sequence of scalars; anything else makes from_yaml fail
// (x.value of a non-scalar is not text), and Zuul refuses the file.
func (t *tagger) encrypted(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		return nil
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return Errorf(t.file, c, "an item of a %s value is %s; Zuul reads only text there, one base64 chunk an item", ZuulEncrypted, kindName(c.Kind))
			}
		}
		return nil
	}
	return Errorf(t.file, n, "%s on %s: Zuul reads a text or a list of texts there; write the encrypted value as `zuul-client encrypt` prints it", ZuulEncrypted, kindName(n.Kind))
}
