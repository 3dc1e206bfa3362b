package names

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A configparser-compatible reader of setup.cfg: CPython 3.11's
// Lib/configparser.py RawConfigParser._read with the defaults every builder
// of a setup.cfg uses (pbr's pbr/setupcfg.py setup_cfg_to_args and
// setuptools' setuptools/dist.py _parse_config_files both call a plain
// ConfigParser()):
//
//   - delimiters '=' and ':', the first one on the line splits it;
//   - full-line comments only, starting with '#' or ';' after whitespace
//     (inline_comment_prefixes=None);
//   - a line indented deeper than its option's line continues the value;
//     empty lines inside a value are kept (empty_lines_in_values=True) and
//     trailing ones dropped;
//   - section names are case-sensitive, [DEFAULT] is inherited by every
//     section and may appear more than once;
//   - strict=True: a section, or an option of a section, written twice is an
//     error, and so is a line that is neither;
//   - option names go through the reader's optionxform.
//
// Lines are split as Python's text mode does (universal newlines: \n, \r\n
// and a lone \r) and decoded as strict UTF-8 (both builders open the file
// with encoding='utf-8': a byte order mark is not skipped).

// cfgOption is one option of a section, as read.
type cfgOption struct {
	key    string
	lines  []string
	line   int // 1-based
	joined *string
}

// value joins the lines as configparser's _join_multiline_values does, once:
// interpolation may ask for it many times.
func (o *cfgOption) value() string {
	if o.joined == nil {
		v := pyRstrip(strings.Join(o.lines, "\n"))
		o.joined = &v
	}
	return *o.joined
}

// cfgSection holds options in file order.
type cfgSection struct {
	name  string
	line  int
	opts  []*cfgOption
	index map[string]int
}

func newSection(name string, line int) *cfgSection {
	return &cfgSection{name: name, line: line, index: map[string]int{}}
}

func (s *cfgSection) get(key string) (*cfgOption, bool) {
	i, ok := s.index[key]
	if !ok {
		return nil, false
	}
	return s.opts[i], true
}

// cfgFile is a parsed setup.cfg.
type cfgFile struct {
	defaults *cfgSection
	sections []*cfgSection // without DEFAULT, in file order
	byName   map[string]*cfgSection
}

// cfgError is a line configparser refuses.
type cfgError struct {
	Line int
	Msg  string
}

func (e *cfgError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// cfgDefault is configparser's default_section.
const cfgDefault = "DEFAULT"

// cfgReader holds the state of configparser's _read loop.
type cfgReader struct {
	f      *cfgFile
	xform  func(string) string
	cur    *cfgSection
	opt    *cfgOption // configparser's optname, nil when None or ''
	indent int        // configparser's indent_level
}

// parseCfg reads data as ConfigParser(strict=True) with the given
// optionxform. Python collects some errors and raises them at the end of the
// file; any error is a refusal, so the first one is returned.
func parseCfg(data []byte, xform func(string) string) (*cfgFile, error) {
	r := &cfgReader{
		f:     &cfgFile{defaults: newSection(cfgDefault, 0), byName: map[string]*cfgSection{}},
		xform: xform,
	}
	for n, line := range splitLines(data) {
		if !utf8.ValidString(line) {
			return nil, &cfgError{Line: n + 1, Msg: "is not valid UTF-8 (Python's utf-8 codec refuses it); save the file as UTF-8"}
		}
		if err := r.line(n+1, line); err != nil {
			return nil, err
		}
	}
	return r.f, nil
}

// splitLines splits as Python's universal newlines do; the terminators are
// dropped (configparser strips them with the rest of the whitespace).
func splitLines(data []byte) []string {
	var lines []string
	start := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			lines = append(lines, string(data[start:i]))
			start = i + 1
		case '\r':
			lines = append(lines, string(data[start:i]))
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	if start < len(data) {
		lines = append(lines, string(data[start:]))
	}
	return lines
}

func (r *cfgReader) line(n int, line string) error {
	value := pyStrip(line)
	if strings.HasPrefix(value, "#") || strings.HasPrefix(value, ";") {
		return nil // a comment: neither ends a value nor joins it
	}
	if value == "" {
		if r.cur != nil && r.opt != nil {
			r.opt.lines = append(r.opt.lines, "")
		}
		return nil
	}
	indent := pyIndent(line)
	if r.cur != nil && r.opt != nil && indent > r.indent {
		r.opt.lines = append(r.opt.lines, value)
		return nil
	}
	r.indent = indent
	if header, ok := sectionHeader(value); ok {
		return r.section(n, header)
	}
	if r.cur == nil {
		return &cfgError{Line: n, Msg: fmt.Sprintf("%q comes before any [section] header (MissingSectionHeaderError)", clip(value))}
	}
	return r.option(n, value)
}

// sectionHeader matches configparser's SECTCRE, \[(?P<header>.+)\], from the
// start of the stripped line: the greedy .+ runs to the last ']', and
// anything after it is ignored.
func sectionHeader(value string) (string, bool) {
	if value[0] != '[' {
		return "", false
	}
	j := strings.LastIndexByte(value, ']')
	if j < 2 {
		return "", false
	}
	return value[1:j], true
}

func (r *cfgReader) section(n int, name string) error {
	r.opt = nil
	switch {
	case r.f.byName[name] != nil:
		return &cfgError{Line: n, Msg: fmt.Sprintf("section [%s] is written twice, first on line %d (DuplicateSectionError: the build fails)", clip(name), r.f.byName[name].line)}
	case name == cfgDefault:
		r.cur = r.f.defaults
	default:
		r.cur = newSection(name, n)
		r.f.byName[name] = r.cur
		r.f.sections = append(r.f.sections, r.cur)
	}
	return nil
}

// option matches configparser's OPTCRE, (?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$:
// the first '=' or ':' splits the line.
func (r *cfgReader) option(n int, value string) error {
	i := strings.IndexAny(value, "=:")
	if i < 0 {
		return &cfgError{Line: n, Msg: fmt.Sprintf("%q is neither a [section], an option (key = value) nor a comment (ParsingError)", clip(value))}
	}
	key := pyRstrip(value[:i])
	if key == "" {
		return &cfgError{Line: n, Msg: fmt.Sprintf("%q has no option name before %q (ParsingError)", clip(value), value[i])}
	}
	key = r.xform(key)
	if prev, ok := r.cur.get(key); ok {
		return &cfgError{Line: n, Msg: fmt.Sprintf("option %q of [%s] is written twice, first on line %d (DuplicateOptionError: the build fails)", clip(key), clip(r.cur.name), prev.line)}
	}
	r.opt = &cfgOption{key: key, lines: []string{pyStrip(value[i+1:])}, line: n}
	r.cur.index[key] = len(r.cur.opts)
	r.cur.opts = append(r.cur.opts, r.opt)
	return nil
}

// clip shortens hostile input quoted in an error.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
