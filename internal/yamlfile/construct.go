package yamlfile

import "strings"

// constructs reports whether PyYAML's SafeConstructor builds a value from a
// scalar its resolver (or an explicit tag) gave tag: some values the
// resolver's patterns accept make the constructor raise, and safe_load then
// refuses the whole file, so pypiguard must not read it either
// (yaml/pyyaml lib/yaml/constructor.py, construct_yaml_int).
//
// An impossible date (2023-02-29) also makes construct_yaml_timestamp
// raise, but is read here: no reader of a governed file takes a date for a
// value (String refuses it; Truthy takes it as true, as Python takes any
// date it builds), and pypiguard's own policy reads such an expires: to
// report it with the policy's other problems.
func constructs(tag, value string) bool {
	return tag != "!!int" || intDigits(value)
}

// intDigits: construct_yaml_int drops the underscores and a sign, then
// calls int(value[2:], 2) or int(value[2:], 16) on 0b and 0x: "0b_" leaves
// int("", 2), a ValueError. Every other form the resolver accepts keeps a
// digit.
func intDigits(s string) bool {
	s = strings.TrimLeft(strings.ReplaceAll(s, "_", ""), "+-")
	if strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0x") {
		return len(s) > 2
	}
	return true
}
