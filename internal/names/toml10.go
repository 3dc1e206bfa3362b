package names

import (
	"bytes"
	"fmt"
)

// BurntSushi/toml reads TOML 1.1; Python's tomllib, which setuptools uses on
// Python 3.11 and later (and pip's vendored tomli before 2.3), reads TOML
// 1.0 and refuses what 1.1 added. A file only one of them reads is one the
// build may refuse, so toml10 refuses the additions first:
//
//   - a byte order mark (BurntSushi skips it, tomllib does not);
//   - the escapes \e and \xHH in basic strings;
//   - newlines and a trailing comma inside an inline table;
//   - a time without seconds (07:32 instead of 07:32:00).
//
// It scans tokens only as far as needed to tell strings and comments from
// the rest; anything else wrong is left to the TOML decoder.
func toml10(data []byte) error {
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		return &cfgError{Line: 1, Msg: "starts with a byte order mark, which TOML 1.0 readers (Python's tomllib) refuse; save it as UTF-8 without BOM"}
	}
	s := &tomlScan{data: data, line: 1}
	for s.i < len(s.data) {
		if err := s.step(); err != nil {
			return err
		}
	}
	return nil
}

type tomlScan struct {
	data    []byte
	i, line int
	stack   []byte // '[' for an array, '{' for an inline table
	inValue bool   // after a top-level '=', until the end of the line
}

func (s *tomlScan) errorf(format string, args ...any) error {
	return &cfgError{Line: s.line, Msg: fmt.Sprintf(format, args...) + " (TOML 1.1; Python's tomllib reads TOML 1.0 and refuses it)"}
}

func (s *tomlScan) top() byte {
	if len(s.stack) == 0 {
		return 0
	}
	return s.stack[len(s.stack)-1]
}

func (s *tomlScan) step() error {
	c := s.data[s.i]
	switch {
	case c == '#':
		for s.i < len(s.data) && s.data[s.i] != '\n' {
			s.i++
		}
		return nil
	case c == '"' || c == '\'':
		return s.str(c)
	case c == '\n':
		if s.top() == '{' {
			return s.errorf("a newline inside an inline table { ... }")
		}
		if len(s.stack) == 0 {
			s.inValue = false
		}
		s.line++
	case c == '=' && len(s.stack) == 0:
		s.inValue = true
	case c == '[' && (s.inValue || len(s.stack) > 0):
		s.stack = append(s.stack, '[')
	case c == '{':
		s.stack = append(s.stack, '{')
	case (c == ']' && s.top() == '[') || (c == '}' && s.top() == '{'):
		s.stack = s.stack[:len(s.stack)-1]
	case c == ',' && s.top() == '{':
		j := s.i + 1
		for j < len(s.data) && (s.data[j] == ' ' || s.data[j] == '\t') {
			j++
		}
		if j < len(s.data) && s.data[j] == '}' {
			return s.errorf("a trailing comma in an inline table")
		}
	case isDigit(c):
		return s.time()
	}
	s.i++
	return nil
}

// time refuses HH:MM not followed by :SS. Outside strings and comments,
// two digits and a colon start a time (no bare key holds a ':'); an offset
// (+07:00, -07:00) follows a sign and needs no seconds.
func (s *tomlScan) time() error {
	d, i := s.data, s.i
	if i+5 <= len(d) && isDigit(d[i+1]) && d[i+2] == ':' && isDigit(d[i+3]) && isDigit(d[i+4]) &&
		(i == 0 || !(isDigit(d[i-1]) || d[i-1] == '+' || d[i-1] == '-' || d[i-1] == ':')) &&
		(i+5 == len(d) || d[i+5] != ':') {
		return s.errorf("a time without seconds")
	}
	for s.i < len(d) && isDigit(d[s.i]) {
		s.i++
	}
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// str skips a string starting at s.i, checking a basic string's escapes.
func (s *tomlScan) str(q byte) error {
	delim := []byte{q}
	if bytes.HasPrefix(s.data[s.i:], []byte{q, q, q}) {
		delim = []byte{q, q, q}
	}
	s.i += len(delim)
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\\' && q == '"' && s.i+1 < len(s.data):
			if e := s.data[s.i+1]; e == 'e' || e == 'x' {
				return s.errorf("the escape \\%c", e)
			} else if e == '\n' {
				s.line++
			}
			s.i += 2
			continue
		case c == '\n':
			s.line++
		case bytes.HasPrefix(s.data[s.i:], delim):
			s.i += len(delim)
			// A multi-line string may end with one or two more quotes.
			for k := 0; len(delim) == 3 && k < 2 && s.i < len(s.data) && s.data[s.i] == q; k++ {
				s.i++
			}
			return nil
		}
		s.i++
	}
	return nil
}
