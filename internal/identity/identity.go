// Package identity tells who an extra PyPI account is (issue 15): a person
// the policy names (known), a core reviewer, PTL or liaison of the repo's
// team (core), another OpenDev Gerrit account (contributor), nobody found
// (unknown: the stranger), or a question that could not be answered
// (unverified). Each answer carries the evidence that decided it.
//
// It is pure: the caller collects the answers of Gerrit and PyPI (package
// whois does) and hands them over; nothing here does I/O or keeps time.
package identity

import (
	"opendev.org/openstack/pypiguard/internal/policy"
)

// Kind is an identity.
type Kind string

// The identities, from the least worrying to the most; their ids are
// stable (they appear in JSON).
const (
	Known       Kind = "known"
	Core        Kind = "core"
	Contributor Kind = "contributor"
	Unverified  Kind = "unverified"
	Unknown     Kind = "unknown"
)

// Result is the identity of one account and what decided it.
type Result struct {
	User     string
	Identity Kind
	// Evidence says what matched (or what could not be asked), e.g.
	// "Gerrit user jdoe (ironic-core), same username".
	Evidence string
	// Weak is set when only a display name matched: anyone can give their
	// PyPI account any display name.
	Weak bool
}

// GerritAccount is an account as Gerrit's REST API shows it (AccountInfo
// with DETAILS).
type GerritAccount struct {
	ID       int
	Username string // "" when the account has none or the caller may not see it
	Name     string // full name
	Email    string
	Inactive bool // AccountInfo's inactive
}

// Group is a core group of the team, with its members (recursive), or the
// reason they could not be read.
type Group struct {
	Name    string
	Members []GerritAccount
	Err     error
}

// Person is the team's PTL or one of its liaisons, as projects.yaml names
// them (ptl: and liaisons: {release, security, tact-sig, events, ...}).
type Person struct {
	Role  string // e.g. "PTL", "release liaison"
	Name  string
	IRC   string
	Email string
}

// Query is the answer to an account query (GET /accounts/?q=...), or why
// there is none.
type Query struct {
	Accounts []GerritAccount
	Err      error
}

// Groups are an account's groups as the caller may see them (GET
// /accounts/{id}/groups/): anonymously, only groups visible to all. They can
// prove a membership, never its absence.
type Groups struct {
	Names []string
	Err   error
}

// Input is everything known about one extra account.
type Input struct {
	User string // the PyPI username
	// DisplayName is the name on the PyPI user page, "" when the user set
	// none; PageErr is set when the page could not be read (then
	// DisplayName says nothing).
	DisplayName string
	PageErr     error
	// Known is the policy's accounts: entry for User, or nil.
	Known *policy.Account
	Team  string
	// Groups are the team's core groups for the repo; CoreErr is set when
	// they could not be found (an ACL file missing or unreadable).
	Groups  []Group
	CoreErr error
	Leaders []Person
	// ByUsername answers q=username:<User>; ByName answers
	// q=name:"<DisplayName>" (zero when there is no display name).
	ByUsername Query
	ByName     Query
	// Visible are the groups of the accounts found, by account id, when
	// asked (the anonymous way to prove membership).
	Visible map[int]Groups
}
