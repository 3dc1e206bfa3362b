// Package pep440 reads version strings as PyPI and pip read them: PEP 440
// as implemented by packaging.version.Version, the reader warehouse and pip
// use. It says which strings are versions, normalises them (v1.0.0 is
// 1.0.0, 1.0-1 is 1.0.post1, 1.0ALPHA is 1.0a0) and orders them (1.0 equals
// 1.0.0; 1.0.dev0 < 1.0a0 < 1.0 < 1.0.post0 < 1.0+local).
//
// The reference is pypa/packaging src/packaging/version.py (VERSION_PATTERN,
// _parse_letter_version, _parse_local_version, _cmpkey); a differential test
// holds this package to Debian's python3-packaging over a generated corpus
// and every version openstack/releases records. Python's own quirks are kept
// where they change an answer: re.IGNORECASE matches the Kelvin sign, the
// long s and the dotted and dotless i as ASCII letters, str.lower() leaves
// some of them as they are, \s is Unicode white space, and int() refuses a
// string of more than 4300 digits.
package pep440

import (
	"fmt"
	"regexp"
	"strings"
)

// Version is a parsed PEP 440 version. The zero Version is not a valid one:
// get one from Parse.
type Version struct {
	epoch   string   // decimal digits without leading zeros
	release []string // likewise, every component as written
	pre     *segment // nil when absent
	post    *segment
	dev     *segment
	local   []localPart // nil when absent
}

// segment is a pre-, post- or dev-release: a letter (as packaging spells it
// after normalising) and a number.
type segment struct {
	letter string
	num    string
}

// localPart is one dot-separated part of a local version label: a number
// (all digits) or a lower-cased word.
type localPart struct {
	num  string // set for numbers
	word string // set for words
}

// The pattern is packaging's VERSION_PATTERN, compiled there with
// re.VERBOSE | re.IGNORECASE and wrapped in ^\s* ... \s*$ (the white space
// is trimmed before matching here). Go's (?i) folds k to the Kelvin sign and
// s to the long s as Python does, but not i to İ (U+0130) and ı (U+0131),
// which Python's sre also takes for i: they are spelled out where an i can
// match (preview, and the local label's letters).
var versionRE = regexp.MustCompile(`^(?i:v?` +
	`(?:(?:(?P<epoch>[0-9]+)!)?` +
	`(?P<release>[0-9]+(?:\.[0-9]+)*)` +
	`(?P<pre>[-_\.]?(?P<pre_l>a|b|c|rc|alpha|beta|pre|prev[iİı]ew)[-_\.]?(?P<pre_n>[0-9]+)?)?` +
	`(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_\.]?(?P<post_l>post|rev|r)[-_\.]?(?P<post_n2>[0-9]+)?))?` +
	`(?P<dev>[-_\.]?(?P<dev_l>dev)[-_\.]?(?P<dev_n>[0-9]+)?)?)` +
	`(?:\+(?P<local>[a-z0-9İı]+(?:[-_\.][a-z0-9İı]+)*))?)$`)

var group = func() map[string]int {
	m := map[string]int{}
	for i, name := range versionRE.SubexpNames() {
		if name != "" {
			m[name] = i
		}
	}
	return m
}()

// maxDigits is CPython's default limit on the digits int() converts
// (sys.int_info.default_max_str_digits, Python 3.11+): packaging's
// Version raises ValueError past it, so such a string is no version.
const maxDigits = 4300

// InvalidError says that a string is not a PEP 440 version.
type InvalidError struct {
	Version string
	Reason  string
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%q is not a PEP 440 version: %s", e.Version, e.Reason)
}

// Parse reads s as packaging.version.Version(s) does, or returns an
// *InvalidError.
func Parse(s string) (Version, error) {
	m := versionRE.FindStringSubmatch(strings.TrimFunc(s, isPySpace))
	if m == nil {
		return Version{}, &InvalidError{Version: s, Reason: "it does not match PEP 440's version scheme (N[.N]...[{a|b|rc}N][.postN][.devN][+local])"}
	}
	g := func(name string) string { return m[group[name]] }
	v := Version{epoch: "0"}
	nums := []*string{}
	if e := g("epoch"); e != "" {
		v.epoch = e
	}
	nums = append(nums, &v.epoch)
	v.release = strings.Split(g("release"), ".")
	for i := range v.release {
		nums = append(nums, &v.release[i])
	}
	v.pre = letterSegment(g("pre_l"), g("pre_n"))
	postN := g("post_n1")
	if postN == "" {
		postN = g("post_n2")
	}
	v.post = letterSegment(g("post_l"), postN)
	v.dev = letterSegment(g("dev_l"), g("dev_n"))
	for _, seg := range []*segment{v.pre, v.post, v.dev} {
		if seg != nil {
			nums = append(nums, &seg.num)
		}
	}
	if l := g("local"); l != "" {
		v.local = parseLocal(l)
		for i := range v.local {
			if v.local[i].num != "" {
				nums = append(nums, &v.local[i].num)
			}
		}
	}
	for _, n := range nums {
		if len(*n) > maxDigits {
			return Version{}, &InvalidError{Version: s, Reason: fmt.Sprintf("a number of %d digits is over the %d Python's int() reads", len(*n), maxDigits)}
		}
		*n = trimZeros(*n)
	}
	return v, nil
}

// letterSegment is packaging's _parse_letter_version: a missing number is 0,
// letters are lower-cased and spelled one way, and a number without a letter
// is the implicit post-release of 1.0-1.
func letterSegment(letter, num string) *segment {
	if letter == "" && num == "" {
		return nil
	}
	if num == "" {
		num = "0"
	}
	if letter == "" {
		return &segment{letter: "post", num: num}
	}
	letter = pyLower(letter)
	switch letter {
	case "alpha":
		letter = "a"
	case "beta":
		letter = "b"
	case "c", "pre", "preview":
		letter = "rc"
	case "rev", "r":
		letter = "post"
	}
	return &segment{letter: letter, num: num}
}

// parseLocal is packaging's _parse_local_version: split on . _ -, numbers
// (str.isdigit: ASCII digits here) become ints, words are lower-cased.
func parseLocal(l string) []localPart {
	parts := strings.FieldsFunc(l, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	out := make([]localPart, len(parts))
	for i, p := range parts {
		if strings.Trim(p, "0123456789") == "" {
			out[i] = localPart{num: p}
		} else {
			out[i] = localPart{word: pyLower(p)}
		}
	}
	return out
}

func trimZeros(n string) string {
	n = strings.TrimLeft(n, "0")
	if n == "" {
		return "0"
	}
	return n
}

// pyLower is Python's str.lower() on the letters the pattern can match:
// ASCII, the Kelvin sign (to k) and İ (to i and a combining dot above, the
// full lower-case mapping); ı and ſ stay as they are.
func pyLower(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == '\u212a':
			b.WriteByte('k')
		case r == '\u0130':
			b.WriteString("i\u0307")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPySpace is Python's \s on str (str.isspace): Go's unicode.IsSpace plus
// the four information separators U+001C to U+001F.
func isPySpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// Valid reports whether s is a PEP 440 version.
func Valid(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// Normalize returns s as packaging's str(Version(s)) writes it.
func Normalize(s string) (string, error) {
	v, err := Parse(s)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// String is the normalised form, packaging's Version.__str__.
func (v Version) String() string {
	var b strings.Builder
	if v.epoch != "0" && v.epoch != "" {
		b.WriteString(v.epoch + "!")
	}
	b.WriteString(strings.Join(v.release, "."))
	if v.pre != nil {
		b.WriteString(v.pre.letter + v.pre.num)
	}
	if v.post != nil {
		b.WriteString(".post" + v.post.num)
	}
	if v.dev != nil {
		b.WriteString(".dev" + v.dev.num)
	}
	if v.local != nil {
		b.WriteByte('+')
		for i, p := range v.local {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(p.num + p.word)
		}
	}
	return b.String()
}

// IsPrerelease reports whether v is a pre- or development release.
func (v Version) IsPrerelease() bool { return v.pre != nil || v.dev != nil }

// Public is v without its local label.
func (v Version) Public() Version {
	v.local = nil
	return v
}
