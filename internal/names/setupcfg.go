package names

import (
	"fmt"
	"strings"
)

// setup.cfg's [metadata] name, as the build reads it. OpenStack repos build
// with pbr on setuptools, and both read setup.cfg, differently:
//
//   - pbr (openstack/pbr pbr/setupcfg.py, pbr() and setup_cfg_to_args) runs
//     from Distribution.finalize_options, inside Distribution.__init__. It
//     reads with a plain ConfigParser() (option names lowercased), takes
//     parser.items(section) of every section (values interpolated, [DEFAULT]
//     merged under the section's own) and sets metadata.name from
//     config['metadata']['name'] when it is not empty.
//   - setuptools (pypa/setuptools setuptools/dist.py _parse_config_files,
//     called by parse_config_files after __init__) reads with
//     parser.optionxform = str, so "Name" and "name" are two options, calls
//     parser.get for every option of every section (section options first,
//     then [DEFAULT]'s), and maps each key through _enforce_underscore and
//     _enforce_option_lowercase: in [metadata], "Name" and "NAME" become
//     "name" (with a deprecation warning), and the last one wins.
//     setuptools/config/setupcfg.py ConfigHandler.__setitem__ then skips a
//     field already set: pbr's name stands when pbr set one.
//
// So "Name = x" is the name for both. A file either reader refuses fails the
// build, and is refused here; a file the two read as different names
// (pbr's lowercasing merges what setuptools keeps apart) is refused too,
// since which one the build uses depends on whether setup.py calls pbr,
// which pypiguard does not run.

// metadataSection is case-sensitive, like every configparser section name.
const metadataSection = "metadata"

// cfgName is a builder's reading of [metadata] name.
type cfgName struct {
	name string
	line int // of the option that gave it; 0 when none
}

// setupCfgName returns the name the build gives data, and the line it comes
// from; "" when setup.cfg names nothing.
func setupCfgName(data []byte) (string, int, error) {
	if len(data) == 0 {
		return "", 0, nil
	}
	pbr, err := readPbr(data)
	if err != nil {
		return "", 0, err
	}
	st, err := readSetuptools(data)
	if err != nil {
		return "", 0, err
	}
	switch {
	case pbr.name == "":
		return st.name, st.line, nil
	case st.name != pbr.name:
		return "", 0, &cfgError{Line: st.line, Msg: fmt.Sprintf(
			"pbr reads [metadata] name as %q (line %d) but setuptools alone reads %q: write the name once, as \"name = ...\"",
			clip(pbr.name), pbr.line, clip(st.name))}
	}
	return pbr.name, pbr.line, nil
}

// readPbr is pbr's reading: ConfigParser() and items() of every section.
// pbr maps '-' to '_' in keys; no other key becomes "name".
func readPbr(data []byte) (cfgName, error) {
	return readName(data, pyLower, itemsOf, func(key string) bool { return key == "name" })
}

// readName reads every option of every section as one builder does: its
// optionxform, its listing of a section's options (each interpolated, so
// that an error anywhere fails the build), and its test of which key in
// [metadata] is the name (the last one read wins).
func readName(data []byte, xform func(string) string, list func(sec, defaults *cfgSection) []*cfgOption, isName func(string) bool) (cfgName, error) {
	f, err := parseCfg(data, xform)
	if err != nil {
		return cfgName{}, err
	}
	in := &interpolator{defaults: f.defaults, xform: xform}
	var got cfgName
	for _, sec := range f.sections {
		in.sec = sec
		for _, o := range list(sec, f.defaults) {
			v, err := in.expand(o.key, o.value())
			if err != nil {
				return cfgName{}, &cfgError{Line: o.line, Msg: err.Error()}
			}
			if sec.name == metadataSection && isName(o.key) {
				got = cfgName{name: v, line: o.line}
			}
		}
	}
	return got, nil
}

// itemsOf is RawConfigParser.items(section): [DEFAULT]'s options merged
// under the section's, defaults' keys first.
func itemsOf(sec, defaults *cfgSection) []*cfgOption {
	out := make([]*cfgOption, 0, len(defaults.opts)+len(sec.opts))
	for _, o := range defaults.opts {
		if own, ok := sec.get(o.key); ok {
			o = own
		}
		out = append(out, o)
	}
	for _, o := range sec.opts {
		if _, ok := defaults.get(o.key); !ok {
			out = append(out, o)
		}
	}
	return out
}

// readSetuptools is setuptools' reading: optionxform = str, options() and
// get() of every section, keys normalised in [metadata].
func readSetuptools(data []byte) (cfgName, error) {
	return readName(data, func(s string) string { return s }, optionsOf, func(key string) bool {
		return pyLower(strings.ReplaceAll(key, "-", "_")) == "name"
	})
}

// optionsOf is RawConfigParser.options(section) with the option each key
// reads: the section's own first, then [DEFAULT]'s it does not have.
func optionsOf(sec, defaults *cfgSection) []*cfgOption {
	out := append([]*cfgOption(nil), sec.opts...)
	for _, o := range defaults.opts {
		if _, ok := sec.get(o.key); !ok {
			out = append(out, o)
		}
	}
	return out
}
