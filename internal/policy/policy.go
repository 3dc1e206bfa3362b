// Package policy is the rule pypiguard enforces and its verdicts: who must be
// the only collaborator of a PyPI project (DESIGN.md sections 6 and 7), the
// exceptions that allow others for a while, and the words that tell a
// release liaison what is wrong and how to fix it.
//
// Judging is pure: no I/O, and the clock is a parameter.
package policy

import (
	_ "embed"
	"regexp"
	"time"
)

//go:embed openstack.yaml
var openstackYAML []byte

// Policy is a parsed policy file.
type Policy struct {
	// Owner is the account that must be the only collaborator, as Owner.
	Owner string
	// Namespaces are the governed Gerrit namespaces.
	Namespaces []string
	// Publish matches the Zuul templates that publish to PyPI.
	Publish *regexp.Regexp
	// Names maps a repo ("org/name") to its PyPI project name.
	Names      map[string]string
	Exceptions []Exception
	Accounts   []Account // the people behind PyPI accounts (accounts.go)
	Gerrit     Gerrit
	// File is where the policy came from ("(built in)" for the default).
	File string
}

// Exception allows accounts besides the owner on one package until a date.
type Exception struct {
	Package  string
	Accounts []string
	Reason   string
	Link     string
	// Expires is the last day (UTC) the exception is valid.
	Expires time.Time
	Line    int
}

// Covers reports whether the exception names account (case-insensitively,
// as PyPI compares usernames).
func (e *Exception) Covers(account string) bool { return containsFold(e.Accounts, account) }

// ExpiredOn reports whether the exception no longer applies on day today:
// it is valid through its expiry date, and expired from the next day.
func (e *Exception) ExpiredOn(today time.Time) bool {
	y, m, d := today.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(e.Expires)
}

// Gerrit says how to vote through Gerrit's REST API.
type Gerrit struct {
	Label    string
	VoteFail int
	VotePass int
	Tag      string
}

// Default returns the built-in OpenStack policy.
func Default() *Policy {
	p, err := Parse("(built in)", openstackYAML)
	if err != nil {
		panic("the built-in policy is invalid: " + err.Error())
	}
	return p
}
