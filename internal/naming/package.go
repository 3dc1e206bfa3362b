// Package naming is the one home of pypiguard's name rules: PyPI's project
// and user names (validity as warehouse's projects_valid_name constraint,
// PEP 503 normalisation) and Gerrit's repository names ("org/name"). Names
// end up in URLs, Gerrit comments and HTML, so every reader checks them
// here before anything else sees them.
package naming

import "strings"

// MaxPackageLen bounds names; project names are never near this.
const MaxPackageLen = 200

// MaxUserLen is where PyPI's usernames stop (warehouse's
// users_valid_username).
const MaxUserLen = 50

// ValidUser reports whether s could be a PyPI username: a valid name of at
// most MaxUserLen characters.
func ValidUser(s string) bool { return len(s) <= MaxUserLen && ValidPackage(s) }

// ValidPackage reports whether s matches
// (?i)^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$ and is at most MaxPackageLen long.
func ValidPackage(s string) bool {
	if len(s) == 0 || len(s) > MaxPackageLen || !alnum(s[0]) || !alnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; !alnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Normalize returns the PEP 503 form of s: lower case, each run of '-', '_'
// and '.' replaced by one '-'.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	if sep {
		b.WriteByte('-')
	}
	return b.String()
}

// SameUser reports whether two PyPI usernames are the same account: PyPI
// stores them case-insensitively (CITEXT).
func SameUser(a, b string) bool { return strings.EqualFold(a, b) }
