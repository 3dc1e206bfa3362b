package names

import (
	"strings"
	"unicode"
)

// Python's str methods, as configparser uses them. Go's unicode.IsSpace and
// strings.ToLower differ from CPython's str.isspace and str.lower on a few
// code points, and a reader that strips or folds differently from the build
// can be walked around.

// pyIsSpace is CPython's str.isspace (Py_UNICODE_ISSPACE): bidirectional
// class WS, B or S, or category Zs. It is also what re's \s and \S match in a
// str pattern (configparser's NONSPACECRE).
func pyIsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0,
		0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// pyStrip is str.strip() with no argument.
func pyStrip(s string) string { return strings.TrimFunc(s, pyIsSpace) }

// pyRstrip is str.rstrip() with no argument.
func pyRstrip(s string) string { return strings.TrimRightFunc(s, pyIsSpace) }

// pyIndent is the index, in code points, of the first character that is not
// whitespace: configparser's NONSPACECRE.search(line).start(), which compares
// indentation in characters, not bytes.
func pyIndent(s string) int {
	n := 0
	for _, r := range s {
		if !pyIsSpace(r) {
			return n
		}
		n++
	}
	return n
}

// pyLower is str.lower(), configparser's default optionxform: Unicode's full
// lowercase mapping, where U+0130 becomes two code points and a capital sigma
// ending a word becomes the final sigma (CPython's lower_ucs4 and
// handle_capital_sigma). Go's simple mapping agrees with CPython 3.11's on
// every other code point (TestPyLowerAllCodePoints).
func pyLower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == 0x130:
			b.WriteString("i\u0307")
		case r == 0x3a3:
			b.WriteRune(sigma(rs, i))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// sigma lowercases the capital sigma at rs[i]: final (U+03C2) when a cased
// letter comes before it and none after it, skipping case-ignorable ones
// (Unicode's Final_Sigma condition, as CPython implements it).
func sigma(rs []rune, i int) rune {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	before := j >= 0 && cased(rs[j])
	k := i + 1
	for k < len(rs) && caseIgnorable(rs[k]) {
		k++
	}
	after := k < len(rs) && cased(rs[k])
	if before && !after {
		return 0x3c2
	}
	return 0x3c3
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// caseIgnorable is Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk and the
// Word_Break classes MidLetter, MidNumLet and Single_Quote.
func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
