package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxField bounds one field of a comment or of the Gerrit message (a
// message, a fix, a name), in runes, so that one huge field cannot eat the
// whole of Gerrit's size limit.
const maxField = 2000

// fieldCut ends a field plain cut short.
const fieldCut = "... (cut short: the full report has all of it)"

// plain makes s one line of printable text, at most maxField runes and
// then fieldCut: line breaks, tabs and control characters become single
// spaces, so that text from files or PyPI cannot start a line of its own
// in a comment or a message, where Gerrit would format it (a quote, a
// list, a heading).
func plain(s string) string {
	out := strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }), " ")
	if utf8.RuneCountInString(out) <= maxField {
		return out
	}
	return string([]rune(out)[:maxField]) + fieldCut
}
