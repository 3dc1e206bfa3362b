package zuuljobs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// schema checks one YAML node, as one of Zuul's voluptuous schemas does.
type schema struct {
	// what names what the schema wants, for messages: "a string".
	what  string
	check func(c *checker, n *yaml.Node, path string)
}

// checker collects problems.
type checker struct {
	file string
	errs []problem
}

// problem is one thing Zuul would refuse, where it is. A shape problem is
// a node of the wrong kind (a string for a list); others are about what a
// node of the right kind holds.
type problem struct {
	file       string
	line       int
	path, text string
	shape      bool
}

func (p problem) Error() string { return fmt.Sprintf("%s:%d: %s: %s", p.file, p.line, p.path, p.text) }

func (c *checker) fail(n *yaml.Node, path, format string, args ...any) {
	c.errs = append(c.errs, problem{c.file, n.Line, path, fmt.Sprintf(format, args...), false})
}

// wrongShape reports a node of the wrong kind.
func (c *checker) wrongShape(n *yaml.Node, path, what string) {
	c.errs = append(c.errs, problem{c.file, n.Line, path, fmt.Sprintf("want %s, got %s", what, describe(n)), true})
}

// fits reports whether the node at path had the shape the problems' schema
// wanted: only what it holds is wrong.
func fits(ps []problem, path string) bool {
	for _, p := range ps {
		if p.path == path && p.shape {
			return false
		}
	}
	return true
}

// resolve follows YAML aliases: Zuul's loader sees the anchored value.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func (s schema) run(c *checker, n *yaml.Node, path string) { s.check(c, resolve(n), path) }

// scalar wants a plain scalar of one YAML tag.
func scalar(what, tag string) schema {
	return schema{what, func(c *checker, n *yaml.Node, path string) {
		if n.Kind != yaml.ScalarNode || n.ShortTag() != tag {
			c.wrongShape(n, path, what)
		}
	}}
}

var (
	str     = scalar("a string", "!!str")
	boolean = scalar("a boolean", "!!bool")
	integer = scalar("an integer", "!!int")
	null    = scalar("null", "!!null")
)

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%s %q", n.ShortTag(), n.Value)
}

// enum wants one of some strings.
func enum(values ...string) schema {
	what := "one of " + strings.Join(values, ", ")
	return schema{what, func(c *checker, n *yaml.Node, path string) {
		switch {
		case n.Kind != yaml.ScalarNode:
			c.wrongShape(n, path, what)
		case !slices.Contains(values, n.Value):
			c.fail(n, path, "want %s, got %s", what, describe(n))
		}
	}}
}

// anyOf is voluptuous' Any: the node must fit one of the schemas.
func anyOf(ss ...schema) schema {
	whats := make([]string, len(ss))
	for i, s := range ss {
		whats[i] = s.what
	}
	return named(strings.Join(whats, " or "), ss...)
}

// named is anyOf with a name of its own for messages. When the node fits
// no schema but has the shape one wants, that one's problems are reported:
// they say more than "want X or Y".
func named(what string, ss ...schema) schema {
	return schema{what, func(c *checker, n *yaml.Node, path string) {
		var inside []problem
		for _, s := range ss {
			try := &checker{file: c.file}
			s.run(try, n, path)
			if len(try.errs) == 0 {
				return
			}
			if inside == nil && fits(try.errs, path) {
				inside = try.errs
			}
		}
		if inside != nil {
			// The node fits a branch's shape: say what is wrong inside.
			c.errs = append(c.errs, inside...)
			return
		}
		c.wrongShape(n, path, what)
	}}
}

// listOf wants a list of items.
func listOf(item schema) schema {
	return schema{"a list of " + item.what, func(c *checker, n *yaml.Node, path string) {
		if n.Kind != yaml.SequenceNode {
			c.wrongShape(n, path, "a list of "+item.what)
			return
		}
		for i, x := range n.Content {
			item.run(c, x, fmt.Sprintf("%s[%d]", path, i))
		}
	}}
}

// toList is Zuul's to_list (and override_list): one item, or a list.
func toList(item schema) schema {
	return named(item.what+", or a list of them", listOf(item), item)
}

// field is one key of a mapping schema.
type field struct {
	schema
	required bool
}

func opt(s schema) field { return field{schema: s} }
func req(s schema) field { return field{schema: s, required: true} }

// mapping wants a mapping with known keys; other keys are errors unless
// extra, which checks their values, is given (voluptuous' "str: ..." key).
func mapping(what string, fields map[string]field, extra *schema) schema {
	return schema{what, func(c *checker, n *yaml.Node, path string) {
		if n.Kind != yaml.MappingNode {
			c.wrongShape(n, path, what)
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			c.key(k, v, path, seen, fields, extra)
		}
		for name, f := range fields {
			if f.required && !seen[name] {
				c.fail(n, path, "required key %q is missing", name)
			}
		}
	}}
}

func (c *checker) key(k, v *yaml.Node, path string, seen map[string]bool, fields map[string]field, extra *schema) {
	sub := path + "." + k.Value
	switch {
	case k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str":
		c.fail(k, path, "keys must be strings, got %s", describe(k))
		return
	case seen[k.Value]:
		c.fail(k, path, "key %q appears twice (Zuul refuses duplicate keys)", k.Value)
		return
	}
	seen[k.Value] = true
	if f, ok := fields[k.Value]; ok {
		f.run(c, v, sub)
		return
	}
	if extra == nil {
		c.fail(k, path, "unknown key %q", k.Value)
		return
	}
	extra.run(c, v, sub)
}

// anyMapping is voluptuous' dict: any mapping.
var anyMapping = schema{"a mapping", func(c *checker, n *yaml.Node, path string) {
	if n.Kind != yaml.MappingNode {
		c.wrongShape(n, path, "a mapping")
	}
}}

// ansibleVarName is configloader.ansible_var_name.
var ansibleVarName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*$`)

// varsDict is configloader.ansible_vars_dict: a mapping whose keys are
// Ansible variable names. Zuul also forbids zuul, nodepool and unsafe_vars.
var varsDict = schema{"Ansible variables", func(c *checker, n *yaml.Node, path string) {
	if n.Kind != yaml.MappingNode {
		c.wrongShape(n, path, "a mapping of Ansible variables")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		switch {
		case !ansibleVarName.MatchString(k.Value):
			c.fail(k, path, "%q is not an Ansible variable name", k.Value)
		case k.Value == "zuul" || k.Value == "nodepool" || k.Value == "unsafe_vars":
			c.fail(k, path, "variables named %q are not allowed", k.Value)
		}
	}
}}

// regex is Zuul's ZUUL_REGEX: a string or {regex, negate}. Zuul compiles it
// with RE2; Go's regexp is RE2 too, so what compiles here compiles there.
var regex = anyOf(regexString, mapping("a {regex, negate} mapping", map[string]field{
	"regex":  req(regexString),
	"negate": opt(boolean),
}, nil))

var regexString = schema{"a regular expression", func(c *checker, n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		c.wrongShape(n, path, "a regular expression")
		return
	}
	if _, err := regexp.Compile(n.Value); err != nil {
		c.fail(n, path, "%q does not compile as RE2: %v", n.Value, err)
	}
}}
