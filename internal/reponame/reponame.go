// Package reponame checks and splits Gerrit repository names ("org/name").
// Names end up in URLs, Gerrit comments and HTML, so every reader checks them
// before anything else sees them.
package reponame

import (
	"regexp"
	"strings"
)

var valid = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// Valid reports whether s is an "org/name" repository name: two parts of
// letters, digits, '.', '_' and '-', each starting with a letter or digit.
func Valid(s string) bool { return valid.MatchString(s) }

var validPath = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$`)

// ValidProject reports whether s is a Gerrit or Zuul project name pypiguard
// accepts: parts as in Valid, any number of them ("org/name", but also Zuul's
// canonical "gerrit.googlesource.com/plugins/x"), at most 200 characters.
func ValidProject(s string) bool { return len(s) <= 200 && validPath.MatchString(s) }

// Base returns the part after the namespace: "nova" for "openstack/nova".
func Base(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Namespace returns the part before the name: "openstack" for
// "openstack/nova", "" when there is none.
func Namespace(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return ""
}
