package acl

import (
	"fmt"
	"strings"
)

// entry is one variable of a git-config file.
type entry struct {
	section    string // lower case: section names are case-insensitive
	subsection string // as written: subsection names are case-sensitive
	name       string // as written: Gerrit tells "label-" from "Label-" (Permission.isLabel)
	value      string
	line       int
}

// SyntaxError is a line that git (and JGit, which Gerrit uses) would refuse.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d: %s (git-config syntax; Gerrit would refuse the file: fix it in project-config)", e.File, e.Line, e.Msg)
}

// BadInput says that an ACL file is refused: exit 2, fixed by the user (docs/design.md section 8).
func (e *SyntaxError) BadInput() bool { return true }

// scanner reads a git-config file as git's config.c (git_parse_source,
// get_base_var, get_extended_base_var, get_value, parse_value) and its
// documentation (Documentation/config.txt, "Syntax") say:
//   - '#' and ';' start comments outside quoted values;
//   - section names are case-insensitive, made of letters, digits, '-' and
//     '.'; a quoted subsection keeps its case, and a backslash in it keeps
//     the next character; the deprecated [section.sub] lower-cases sub;
//   - variable names start with a letter, hold letters, digits and '-', and
//     are case-insensitive; "name" alone means true;
//   - values lose leading and trailing blanks; a blank outside quotes counts
//     as one space; '"' toggles quoting; \n \t \b \" \\ are escapes and any
//     other escape is an error; a backslash at the end of a line continues
//     the value on the next.
//
// JGit (org.eclipse.jgit.lib.Config) reads the same files the same way
// except that it keeps a tab inside a value as a tab; no ACL relies on that.
type scanner struct {
	file    string
	src     string
	pos     int
	line    int
	nl      bool // the last character read was a newline
	section string
	sub     string
	out     []entry
}

// eof stands for the end of input, as git's get_next_char returns '\n'
// there with cs->eof set.
const eof = -1

// next returns the next character. A newline belongs to the line it ends:
// the count moves on when the character after it is read.
func (s *scanner) next() int {
	if s.nl {
		s.line++
		s.nl = false
	}
	if s.pos >= len(s.src) {
		return eof
	}
	c := s.src[s.pos]
	s.pos++
	if c == '\r' && s.pos < len(s.src) && s.src[s.pos] == '\n' {
		s.pos++
		c = '\n'
	}
	s.nl = c == '\n'
	return int(c)
}

func (s *scanner) errorf(format string, args ...any) error {
	return &SyntaxError{File: s.file, Line: s.line, Msg: fmt.Sprintf(format, args...)}
}

// parseConfig reads every variable of a git-config file, in order.
func parseConfig(file string, data []byte) ([]entry, error) {
	src := strings.TrimPrefix(string(data), "\xef\xbb\xbf") // git skips a UTF-8 BOM
	if strings.IndexByte(src, 0) >= 0 {
		return nil, &SyntaxError{File: file, Line: 1 + strings.Count(src[:strings.IndexByte(src, 0)], "\n"), Msg: "NUL byte"}
	}
	s := &scanner{file: file, src: src, line: 1}
	return s.out, s.run()
}

func (s *scanner) run() error {
	comment := false
	for {
		c := s.next()
		switch {
		case c == eof:
			return nil
		case c == '\n':
			comment = false
		case comment, isSpace(c):
		case c == '#' || c == ';':
			comment = true
		case c == '[':
			if err := s.header(); err != nil {
				return err
			}
		case isAlpha(c):
			if err := s.variable(c); err != nil {
				return err
			}
		default:
			return s.errorf("unexpected %q", rune(c))
		}
	}
}

func isSpace(c int) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
func isAlpha(c int) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isKeyChar(c int) bool {
	return isAlpha(c) || c >= '0' && c <= '9' || c == '-'
}

// header reads a section header after its '['.
func (s *scanner) header() error {
	var name strings.Builder
	for {
		c := s.next()
		switch {
		case c == ']':
			return s.setSection(name.String(), "", false)
		case c == ' ' || c == '\t':
			return s.subsection(name.String())
		case isKeyChar(c) || c == '.':
			name.WriteByte(byte(lower(c)))
		default:
			return s.errorf("bad section header")
		}
	}
}

func lower(c int) int {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// subsection reads `"name"]` after a section name and a blank.
func (s *scanner) subsection(section string) error {
	c := s.next()
	for c == ' ' || c == '\t' {
		c = s.next()
	}
	if c != '"' {
		return s.errorf("bad section header: the subsection must be quoted")
	}
	var sub strings.Builder
	for {
		c = s.next()
		if c == '\\' {
			c = s.next()
		} else if c == '"' {
			break
		}
		if c == '\n' || c == eof {
			return s.errorf("bad section header: unterminated subsection")
		}
		sub.WriteByte(byte(c))
	}
	if s.next() != ']' {
		return s.errorf("bad section header: ']' must follow the subsection")
	}
	return s.setSection(section, sub.String(), true)
}

func (s *scanner) setSection(name, sub string, quoted bool) error {
	if !quoted {
		// The deprecated [section.subsection] form: lower-cased (it was
		// already, with the rest of the header).
		if i := strings.IndexByte(name, '.'); i >= 0 {
			name, sub = name[:i], name[i+1:]
		}
	}
	if name == "" {
		return s.errorf("bad section header: empty section name")
	}
	s.section, s.sub = name, sub
	return nil
}

// variable reads "name [= value]" whose first character is c.
func (s *scanner) variable(c int) error {
	line := s.line
	var name strings.Builder
	name.WriteByte(byte(c))
	for c = s.next(); isKeyChar(c); c = s.next() {
		name.WriteByte(byte(c))
	}
	for c == ' ' || c == '\t' {
		c = s.next()
	}
	value := "true" // "name" alone is the boolean true
	switch c {
	case '\n', eof:
	case '=':
		v, err := s.value()
		if err != nil {
			return err
		}
		value = v
	default:
		return s.errorf("bad variable %q: '=' or the end of the line must follow the name", name.String()+string(rune(c)))
	}
	s.out = append(s.out, entry{section: s.section, subsection: s.sub, name: name.String(), value: value, line: line})
	return nil
}

// value reads a value after '=' up to the end of its (last) line.
func (s *scanner) value() (string, error) {
	var b strings.Builder
	quote, comment, space := false, false, 0
	line := s.line
	for {
		c := s.next()
		switch {
		case c == '\n' || c == eof:
			if quote {
				return "", &SyntaxError{File: s.file, Line: line, Msg: "unterminated quote"}
			}
			return b.String(), nil
		case comment:
		case isSpace(c) && !quote:
			if b.Len() > 0 {
				space++
			}
		case (c == '#' || c == ';') && !quote:
			comment = true
		default:
			s.flush(&b, &space)
			if err := s.valueChar(&b, c, &quote); err != nil {
				return "", err
			}
		}
	}
}

func (s *scanner) flush(b *strings.Builder, space *int) {
	for ; *space > 0; *space-- {
		b.WriteByte(' ')
	}
}

// valueChar adds c (not a blank or comment outside quotes) to the value.
func (s *scanner) valueChar(b *strings.Builder, c int, quote *bool) error {
	switch c {
	case '"':
		*quote = !*quote
	case '\\':
		switch e := s.next(); e {
		case '\n':
		case 't':
			b.WriteByte('\t')
		case 'b':
			b.WriteByte('\b')
		case 'n':
			b.WriteByte('\n')
		case '\\', '"':
			b.WriteByte(byte(e))
		default:
			return s.errorf("bad escape \\%c in a value", rune(e))
		}
	default:
		b.WriteByte(byte(c))
	}
	return nil
}
