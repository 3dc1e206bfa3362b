package names

import (
	"fmt"
	"strings"
)

// Both builders read values with ConfigParser's BasicInterpolation (neither
// uses RawConfigParser or raw=True), and both read every value of every
// section: pbr through parser.items(section), setuptools through
// parser.get(section, opt). So a bad '%' anywhere fails the build, and a name
// may be built from %(other)s options. This is CPython 3.11's
// BasicInterpolation._interpolate_some.

// maxInterpolationDepth is configparser's MAX_INTERPOLATION_DEPTH.
const maxInterpolationDepth = 10

// maxExpansion bounds the work of expanding all the values of a file: the
// bytes written plus refCost per reference followed. Python has no bound (a
// few lines of nested references can take it minutes or exhaust memory, and
// the build with it); a real setup.cfg is a few KB with no reference.
const (
	maxExpansion = 4 << 20
	refCost      = 64
)

// interpolator expands the values of a file, section by section (sec).
type interpolator struct {
	sec, defaults *cfgSection
	xform         func(string) string
	spent         int // bytes written and references followed, times refCost
}

// lookup finds a reference in the section, then in [DEFAULT] (configparser's
// ChainMap of the section and the defaults).
func (in *interpolator) lookup(key string) (string, bool) {
	if o, ok := in.sec.get(key); ok {
		return o.value(), true
	}
	if o, ok := in.defaults.get(key); ok {
		return o.value(), true
	}
	return "", false
}

// expand returns option's value with its references replaced.
func (in *interpolator) expand(option, value string) (string, error) {
	var b strings.Builder
	err := in.some(option, &b, value, 1)
	return b.String(), err
}

func (in *interpolator) some(option string, b *strings.Builder, rest string, depth int) error {
	if depth > maxInterpolationDepth {
		return fmt.Errorf("option %q of [%s]: %%(...)s references nest deeper than %d (InterpolationDepthError: the build fails)", clip(option), clip(in.sec.name), maxInterpolationDepth)
	}
	for rest != "" {
		p := strings.IndexByte(rest, '%')
		if p < 0 {
			return in.emit(option, b, rest)
		}
		if err := in.emit(option, b, rest[:p]); err != nil {
			return err
		}
		rest = rest[p:]
		switch {
		case strings.HasPrefix(rest, "%%"):
			if err := in.emit(option, b, "%"); err != nil {
				return err
			}
			rest = rest[2:]
		case strings.HasPrefix(rest, "%("):
			name, after, ok := keyRef(rest)
			if !ok {
				return fmt.Errorf("option %q of [%s]: bad interpolation variable reference %q; write %%%% for a literal %% (InterpolationSyntaxError: the build fails)", clip(option), clip(in.sec.name), clip(rest))
			}
			rest = after
			in.spent += refCost
			v, found := in.lookup(in.xform(name))
			if !found {
				return fmt.Errorf("option %q of [%s] refers to %%(%s)s, which is not set there nor in [DEFAULT] (InterpolationMissingOptionError: the build fails)", clip(option), clip(in.sec.name), clip(in.xform(name)))
			}
			if strings.Contains(v, "%") {
				if err := in.some(option, b, v, depth+1); err != nil {
					return err
				}
			} else if err := in.emit(option, b, v); err != nil {
				return err
			}
		default:
			return fmt.Errorf("option %q of [%s]: '%%' must be followed by '%%' or '(', found %q; write %%%% for a literal %% (InterpolationSyntaxError: the build fails)", clip(option), clip(in.sec.name), clip(rest))
		}
	}
	return nil
}

// keyRef matches _KEYCRE, %\(([^)]+)\)s, at the start of rest.
func keyRef(rest string) (name, after string, ok bool) {
	end := strings.IndexByte(rest, ')')
	if end < 3 || !strings.HasPrefix(rest[end+1:], "s") {
		return "", "", false
	}
	return rest[2:end], rest[end+2:], true
}

func (in *interpolator) emit(option string, b *strings.Builder, s string) error {
	in.spent += len(s)
	if in.spent > maxExpansion {
		return fmt.Errorf("option %q of [%s]: its %%(...)s references expand past pypiguard's bound (%d bytes, %d a reference); refusing it", clip(option), clip(in.sec.name), maxExpansion, refCost)
	}
	b.WriteString(s)
	return nil
}
