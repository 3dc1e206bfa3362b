package naming

// Gerrit's repository names ("org/name"): checked and split.

import "strings"

// ValidRepo reports whether s is an "org/name" repository name: two parts of
// letters, digits, '.', '_' and '-', each starting with a letter or digit
// and at most 100 characters.
func ValidRepo(s string) bool {
	org, name, ok := strings.Cut(s, "/")
	return ok && RepoPart(org, 100) && RepoPart(name, 100)
}

// ValidProject reports whether s is a Gerrit or Zuul project name pypiguard
// accepts: parts as in ValidRepo, any number of them ("org/name", but also Zuul's
// canonical "gerrit.googlesource.com/plugins/x"), at most 200 characters.
func ValidProject(s string) bool {
	if len(s) > 200 {
		return false
	}
	for part := range strings.SplitSeq(s, "/") {
		if !RepoPart(part, 200) {
			return false
		}
	}
	return true
}

// SafeText reports whether s can be shown in a warning as it is: 1 to max
// bytes of printable ASCII without spaces, quotes or markup characters.
// Names outside the governed namespaces only need this much to be skipped.
func SafeText(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\"'`<>&\\[](){}*|#!%$", c) >= 0 {
			return false
		}
	}
	return true
}

// RepoPart reports whether s is 1 to max letters, digits, '.', '_' and '-',
// starting with a letter or digit. It is hand-written: the governance
// reader checks thousands of names and a regexp was a sixth of its time.
func RepoPart(s string, max int) bool {
	if len(s) == 0 || len(s) > max || !alnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !alnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// RepoBase returns the part after the namespace: "nova" for "openstack/nova".
func RepoBase(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// RepoNamespace returns the part before the name: "openstack" for
// "openstack/nova", "" when there is none.
func RepoNamespace(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return ""
}
