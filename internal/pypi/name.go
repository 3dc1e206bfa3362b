package pypi

import (
	"fmt"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// NameError is a name refused before any request was made.
type NameError struct {
	Name string
	// User is set when the name is a username rather than a project name.
	User bool
}

func (e *NameError) Error() string {
	what, limit := "project name", naming.MaxPackageLen
	if e.User {
		what, limit = "username", naming.MaxUserLen
	}
	return fmt.Sprintf("pypi: %q is not a valid PyPI %s: %s; a valid one has only ASCII letters, digits, '.', '_' and '-', starts and ends with a letter or digit, and is at most %d characters",
		e.Name, what, nameProblem(e.Name, limit), limit)
}

// BadInput says that a name is not one PyPI could hold: exit 2, fixed by the user (docs/design.md section 8).
func (e *NameError) BadInput() bool { return true }

// nameProblem says what is wrong with name, so that the user sees which
// character to fix.
func nameProblem(name string, limit int) string {
	switch {
	case name == "":
		return "it is empty"
	case len(name) > limit:
		return fmt.Sprintf("it is %d characters long", len(name))
	}
	for _, r := range name {
		if !isNameRune(r) {
			return fmt.Sprintf("it contains %q", r)
		}
	}
	return "it starts or ends with '.', '_' or '-'"
}

func isNameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
}

// checkName validates name and returns its normalized form, the only form
// that goes into a URL.
func checkName(name string) (string, error) {
	if !naming.ValidPackage(name) {
		return "", &NameError{Name: name}
	}
	return naming.Normalize(name), nil
}

// checkUser validates a username, which PyPI matches case-insensitively
// without normalizing it.
func checkUser(user string) error {
	if !naming.ValidUser(user) {
		return &NameError{Name: user, User: true}
	}
	return nil
}
