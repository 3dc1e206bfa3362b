package report

import (
	"slices"
	"time"
)

// Status is the verdict about one repo's PyPI project (docs/design.md section 6).
type Status string

// The statuses. Their ids are stable.
const (
	Clean             Status = "clean"
	ExtraMaintainers  Status = "extra-maintainers"
	NotOwner          Status = "openstackci-not-owner"
	OrganizationOwned Status = "organization-owned"
	Pending           Status = "pending"
	Exempt            Status = "exempt"
	NotApplicable     Status = "not-applicable"
	StatusUnverified  Status = "unverified"
)

// Statuses lists every status, worst first.
var Statuses = []Status{NotOwner, OrganizationOwned, ExtraMaintainers, StatusUnverified, Pending, Exempt, Clean, NotApplicable}

// Label is the status as people read it under a policy whose owner is
// owner: NotOwner names that owner ("myorgci-not-owner"), every other
// status reads as its id. An empty owner (a report read back from JSON)
// reads as the id.
func (s Status) Label(owner string) string {
	if s == NotOwner && owner != "" {
		return owner + "-not-owner"
	}
	return string(s)
}

// Fails reports whether s is a violation.
func (s Status) Fails() bool {
	return s == ExtraMaintainers || s == NotOwner || s == OrganizationOwned
}

// Severity ranks findings in reports.
type Severity string

// The severities.
const (
	Critical Severity = "critical" // the name is controlled by others, or by an organization
	High     Severity = "high"     // extra accounts can upload
	Medium   Severity = "medium"   // only known or core accounts can upload: a policy question
	Info     Severity = "info"
)

// Role is one account's role on a PyPI project.
type Role struct {
	Role string `json:"role"`
	User string `json:"user"`
}

// Finding is the verdict about one repo's PyPI project.
type Finding struct {
	Repo        string `json:"repo"`
	Deliverable string `json:"deliverable,omitempty"`
	Team        string `json:"team,omitempty"`
	Package     string `json:"package"`
	// NameSource says what decided the package name: policy, releases,
	// setup.cfg, pyproject.toml, or a guess: releases-tarball-base or
	// basename.
	NameSource string `json:"name_source"`
	// Guessed is set when no file declares the name: Package is the
	// releases' tarball-base or the repo's basename.
	Guessed bool `json:"guessed"`
	// NameUnknown, when set, says why the name the build uses cannot be
	// known (only setup.py could set it, or its file could not be read or
	// is refused): Package is then a guess, and the real name may differ.
	NameUnknown string `json:"name_unknown,omitempty"`
	// AlsoChecked are the other names the repo could publish under (a
	// guess that differs from the declared name), looked up for
	// information: they never change Status.
	AlsoChecked   []AlsoChecked `json:"also_checked,omitempty"`
	Status        Status        `json:"status"`
	Severity      Severity      `json:"severity"`
	Roles         []Role        `json:"roles"`
	Organization  string        `json:"organization,omitempty"`
	ExtraAccounts []string      `json:"extra_accounts"`
	// Accounts say who each extra account is (issue 15), in
	// ExtraAccounts' order; absent when identities were not looked up.
	Accounts    []Account `json:"accounts,omitempty"`
	Message     string    `json:"message"`
	Remediation string    `json:"remediation,omitempty"`
	File        string    `json:"file,omitempty"`
	Line        int       `json:"line,omitempty"`
	// Events are the kinds of the events that led to this finding.
	Events []string `json:"events,omitempty"`
	// OwnerKind is team, sig or tc (audit).
	OwnerKind string `json:"owner_kind,omitempty"`
	// Retired is set for repos of legacy.yaml (audit).
	Retired bool `json:"retired,omitempty"`
	// Change is new or unchanged against the audit's baseline.
	Change string `json:"change,omitempty"`
	// CarriedFrom, set by an incremental audit, is when PyPI was last
	// asked about Package: nothing in PyPI's journal since then could have
	// changed its answer, which was judged again today.
	CarriedFrom *time.Time `json:"carried_from,omitempty"`
}

// Account is one extra account with its identity: known (the policy
// names it), core (a core reviewer, PTL or liaison of the repo's team),
// contributor (another OpenDev Gerrit account), unknown (nothing matched:
// the stranger) or unverified (Gerrit or PyPI could not be asked).
type Account struct {
	User     string `json:"user"`
	Role     string `json:"role"`
	Identity string `json:"identity"`
	// Evidence says what matched, or what could not be asked.
	Evidence string `json:"evidence"`
	// Weak is set when only a display name matched: anyone can set one.
	Weak bool `json:"weak,omitempty"`
}

// AlsoChecked is one more name looked up for a finding's repo, and what PyPI
// says about it, judged as if it were the package's name.
type AlsoChecked struct {
	Name    string `json:"name"`
	Source  string `json:"source"`
	Guessed bool   `json:"guessed"`
	// Status is the verdict the name would get if it were the package's:
	// a failing one is a warning in words, never the finding's status.
	Status Status `json:"status"`
	// Accounts are the roles PyPI lists on the name (empty when the name
	// is free or could not be asked about).
	Accounts     []Role `json:"accounts"`
	Organization string `json:"organization,omitempty"`
	// Error says why PyPI could not be asked (status unverified).
	Error string `json:"error,omitempty"`
}

// Summary counts findings by status.
type Summary struct {
	Events   int            `json:"events"`
	Findings int            `json:"findings"`
	ByStatus map[Status]int `json:"by_status"`
}

// Rank orders statuses, worst first, as Statuses lists them.
func (s Status) Rank() int {
	for i, x := range Statuses {
		if x == s {
			return i
		}
	}
	return len(Statuses)
}

// rank orders severities, worst first.
func (s Severity) rank() int {
	switch s {
	case Critical:
		return 0
	case High:
		return 1
	case Medium:
		return 2
	}
	return 3
}

// Rank orders findings, worst first: by severity, then by status.
func (f Finding) Rank() int { return f.Severity.rank()*(len(Statuses)+1) + f.Status.Rank() }

// SortedBySeverity returns a copy of fs, worst first (Rank), keeping the
// order of findings that tie.
func SortedBySeverity(fs []Finding) []Finding {
	out := append([]Finding(nil), fs...)
	slices.SortStableFunc(out, func(a, b Finding) int { return a.Rank() - b.Rank() })
	return out
}
