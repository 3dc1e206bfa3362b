// Package policy is the rule pypiguard enforces and its verdicts: who must be
// the only collaborator of a PyPI project (docs/design.md sections 6 and 7), the
// exceptions that allow others for a while, and the words that tell a
// release liaison what is wrong and how to fix it.
//
// Judging is pure: no I/O, and the clock is a parameter.
package policy

import (
	_ "embed"
	"regexp"
	"time"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
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
	// PublishJobs are Zuul jobs that upload to PyPI besides those
	// project-config shows holding the PyPI secret (jobs defined in other
	// repos, such as openstack-zuul-jobs, whose parents pypiguard cannot read).
	PublishJobs []string
	// Names maps a repo ("org/name") to its PyPI project name.
	Names      map[string]string
	Exceptions []Exception
	Accounts   []Account // the people behind PyPI accounts (accounts.go)
	Gerrit     Gerrit
	// History are per-package cut-offs below which PyPI's versions predate
	// the release pipeline (history.go, issue 19).
	History []History `json:",omitempty"`
	// LateFile is late-file-days: how long after a release's first file
	// another file may come (0: DefaultLateFile).
	LateFile time.Duration `json:",omitempty"`
	// File is where the policy came from ("(built in)" for the default).
	File string
	// Extends is the policy File extends: "(built in)", or "none".
	Extends string
}

// Exception allows accounts besides the owner on one package until a date.
type Exception struct {
	Package  string
	Accounts []string
	Reason   string
	Link     string
	// Expires is the last day (UTC) the exception is valid.
	Expires time.Time
	// Handover marks a name handed over by a recorded decision (the
	// os-net-config resolution): its accounts are allowed even when the
	// owner is absent or only a Maintainer. Without it, an exception covers
	// accounts only beside the owner as Owner.
	Handover bool
	Line     int
}

// appliesBeside reports whether the exception may cover accounts on a
// package where the owner holds ownerRole ("" when absent).
func (e *Exception) appliesBeside(ownerRole string) bool {
	return ownerRole == "Owner" || e.Handover
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

// PublishRule is what makes a repo publish to PyPI under this policy.
func (p *Policy) PublishRule() projectconfig.Rule {
	return projectconfig.Rule{Templates: p.Publish, Jobs: p.PublishJobs}
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
