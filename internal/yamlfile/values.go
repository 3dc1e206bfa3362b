package yamlfile

import (
	"strconv"
	"strings"
)

// boolValue is the bool PyYAML builds from a !!bool scalar
// (SafeConstructor.bool_values: yes, true, on are true).
func boolValue(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "true", "on":
		return true
	}
	return false
}

// zeroNumber reports whether the int or float PyYAML builds from s is zero
// (SafeConstructor.construct_yaml_int / construct_yaml_float: underscores
// dropped, a sign, 0b/0x/0 prefixes, base-60 parts, .inf and .nan).
func zeroNumber(s string) bool {
	s = strings.ReplaceAll(s, "_", "")
	s = strings.TrimLeft(s, "+-")
	low := strings.ToLower(s)
	switch {
	case low == ".inf" || low == ".nan":
		return false
	case strings.HasPrefix(low, "0b"), strings.HasPrefix(low, "0x"):
		s = s[2:]
	case strings.ContainsAny(s, ".eE") && !strings.Contains(s, ":"):
		f, _ := strconv.ParseFloat(s, 64) // 1e-400 is 0.0 to Python too
		return f == 0
	}
	return strings.Trim(s, "0:.") == ""
}

// MaxNodes bounds the YAML nodes pypiguard builds at once: in one file, and
// across every file one run holds (a Memo). A yaml.v3 node costs about 200
// bytes, so this keeps the worst input well under 256 MB; the largest real
// revision holds about 60,000 (project-config's gerrit/projects.yaml and
// zuul.d together).
const MaxNodes = 400_000

// EstimateNodes is an upper bound on the nodes a document of data can hold,
// counted before yaml.v3 builds them (after, it is too late: a 16 MiB flow
// list is 8 million nodes and 1.6 GB). Every node but the first needs one of
// these bytes before it: a flow separator or opener, a block indicator, a
// key indicator or a line break; a flow mapping entry written without a
// value ({a, b}) is two nodes, hence the factor 2.
func EstimateNodes(data []byte) int {
	n := 0
	for _, c := range data {
		if nodeMark[c] {
			n++
		}
	}
	return 2*n + 2
}

var nodeMark = func() (t [256]bool) {
	// 0x85, 0xA8 and 0xA9 end NEL, LS and PS (line breaks to YAML); as
	// continuation bytes of other characters they only over-count.
	for _, c := range []byte(",[{:-?\n\r\x85\xa8\xa9") {
		t[c] = true
	}
	return t
}()
