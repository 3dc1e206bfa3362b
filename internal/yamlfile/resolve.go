package yamlfile

import (
	"regexp"
	"strings"
)

// PyYAML's implicit resolvers, in the order SafeLoader tries them, with the
// first characters each is registered for. OpenStack's tools read the
// governed files with yaml.safe_load, so a plain scalar means what these
// say: YAML 1.1 (yes/no/on/off are booleans, 017 is octal, 1:20 is
// sexagesimal, 0o17 is a string), not what yaml.v3's YAML 1.2 resolver says.
//
// Source: yaml/pyyaml lib/yaml/resolver.py (Resolver.add_implicit_resolver
// calls and BaseResolver.resolve). The patterns are copied with the re.X
// white space removed; Python's re.match anchors at the start and the
// patterns end in $, which RE2's \z matches here since a plain scalar never
// ends in a line break.
var implicitResolvers = []struct {
	tag    string
	first  string
	maxLen int // longest value the pattern matches, or 0: a cheap way out
	re     *regexp.Regexp
}{
	{"!!bool", "yYnNtTfFoO", 5, regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)},
	{"!!float", "-+0123456789.", 0, regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)},
	{"!!int", "-+0123456789", 0, regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)},
	{"!!merge", "<", 2, regexp.MustCompile(`^(?:<<)$`)},
	{"!!null", "~nN", 4, regexp.MustCompile(`^(?:~|null|Null|NULL)$`)},
	{"!!timestamp", "0123456789", 0, regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)},
	{"!!value", "=", 1, regexp.MustCompile(`^(?:=)$`)},
}

// implicitTag is the tag PyYAML's SafeLoader gives a plain scalar (one
// written without quotes, block indicator or tag).
func implicitTag(value string) string {
	if value == "" {
		return "!!null" // the null resolver is also registered for ''
	}
	for _, r := range implicitResolvers {
		if strings.IndexByte(r.first, value[0]) >= 0 && (r.maxLen == 0 || len(value) <= r.maxLen) && r.re.MatchString(value) {
			return r.tag
		}
	}
	return "!!str"
}

// matchesImplicit reports whether value is one that tag's implicit resolver
// accepts. An explicit !!int, !!float, !!bool or !!timestamp on any other
// value is read by a constructor pypiguard does not copy (int("1 "), a
// ValueError, ...), so such a file is refused instead.
func matchesImplicit(tag, value string) bool {
	for _, r := range implicitResolvers {
		if r.tag == tag {
			return r.re.MatchString(value)
		}
	}
	return false
}
