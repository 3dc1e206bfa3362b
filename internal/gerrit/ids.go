package gerrit

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"opendev.org/openstack/pypiguard/internal/naming"
)

var (
	changeNumber = regexp.MustCompile(`^[1-9][0-9]{0,9}$`)
	changeKey    = regexp.MustCompile(`^I[0-9a-f]{40}$`)
	commitSHA    = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)
)

// ChangeID returns the change id s as it goes into a path, each part escaped
// exactly once: "912345", "openstack%2Fgovernance~912345", or the triplet
// "openstack%2Fgovernance~master~I8473...". s may come escaped (the hooks
// plugin passes ChangeInfo.id, already escaped) or not (people type
// slashes): each part is unescaped, checked and escaped again, so that it is
// never escaped twice. go-gerrit puts ids into paths as they are.
func ChangeID(s string) (string, error) {
	parts := strings.Split(s, "~")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil || strings.Contains(u, "%") {
			return "", changeIDError(s, "a part is not escaped once (%2F for '/')")
		}
		parts[i] = u
	}
	if err := checkChangeID(parts); err != nil {
		return "", changeIDError(s, err.Error())
	}
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "~"), nil
}

func checkChangeID(parts []string) error {
	last := parts[len(parts)-1]
	switch len(parts) {
	case 1:
		if changeKey.MatchString(last) {
			return fmt.Errorf("a Change-Id alone may match several changes; write project~number")
		}
		return checkNumber(last)
	case 2:
		return firstErr(checkProject(parts[0]), checkNumber(last))
	case 3:
		parts[1] = strings.TrimPrefix(parts[1], "refs/heads/")
		if !changeKey.MatchString(last) {
			return fmt.Errorf("%q is not a Change-Id (I and 40 hex digits)", last)
		}
		return firstErr(checkProject(parts[0]), checkBranch(parts[1]))
	}
	return fmt.Errorf("too many '~'")
}

func checkNumber(s string) error {
	if !changeNumber.MatchString(s) {
		return fmt.Errorf("%q is not a change number", s)
	}
	return nil
}

func checkProject(s string) error {
	if !naming.ValidProject(s) {
		return fmt.Errorf("%q is not a project name", s)
	}
	return nil
}

// checkBranch accepts what git accepts as a branch name, roughly: enough to
// keep spaces, controls and path tricks out of URLs.
func checkBranch(s string) error {
	bad := s == "" || len(s) > 255 || strings.Contains(s, "..") || strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") ||
		strings.ContainsFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || !unicode.IsPrint(r) || strings.ContainsRune(`~^:?*[\`, r)
		})
	if bad {
		return fmt.Errorf("%q is not a branch name", s)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func changeIDError(s, why string) error {
	return fmt.Errorf("change %q: %s; write a change number (912345), project~number (openstack/governance~912345) or project~branch~Change-Id", s, why)
}

// Revision checks that s is a full commit SHA and returns it in lower case.
// Only a commit names one patch set for good: "current" or a patch-set
// number could give a newer patch set the verdict meant for this one.
func Revision(s string) (string, error) {
	low := strings.ToLower(s)
	if !commitSHA.MatchString(low) {
		return "", fmt.Errorf("revision %q: want the full commit SHA of the patch set (40 hex digits), not \"current\" or a patch-set number, which a new patch set could change under pypiguard", s)
	}
	return low, nil
}

// changeRev checks change and revision and returns them in path form.
func changeRev(change, revision string) (id, rev string, err error) {
	if id, err = ChangeID(change); err != nil {
		return "", "", err
	}
	if rev, err = Revision(revision); err != nil {
		return "", "", err
	}
	return id, rev, nil
}
