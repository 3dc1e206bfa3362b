package identity

import (
	"fmt"
	"strings"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// match is one piece of evidence for an identity.
type match struct {
	kind     Kind
	weak     bool
	evidence string
}

// Classify decides who in.User is (issue 15, item 1). The order: the
// policy's word first; then proof through the username (strong) before
// proof through the display name alone (weak), core before contributor.
// A username that is a Gerrit account beats a display name that is a core's
// name: anyone may take a core's name as display name. "Not a core" needs
// every core group read; "unknown" needs the account queries and the user
// page answered. What lacks its answer is unverified, never unknown.
func Classify(in Input) Result {
	if in.Known != nil {
		return Result{User: in.User, Identity: Known, Evidence: knownEvidence(in)}
	}
	strong := in.SameUsername()
	named := sameName(in)
	for _, m := range [][]match{
		strongCore(in, strong), contributors(in, strong, false),
		weakCore(in, named), contributors(in, named, true),
	} {
		if len(m) > 0 {
			return result(in.User, m[0])
		}
	}
	return nothingMatched(in)
}

func result(user string, m match) Result {
	return Result{User: user, Identity: m.kind, Evidence: m.evidence, Weak: m.weak}
}

func knownEvidence(in Input) string {
	k := in.Known
	e := "named in the policy: " + k.Name
	if k.Gerrit != "" {
		e += ", Gerrit " + k.Gerrit
	}
	if k.Note != "" {
		e += " (" + k.Note + ")"
	}
	return e
}

// SameUsername returns the Gerrit accounts of the username query whose
// username is in.User. Usernames are compared without regard to case, as
// PyPI and Gerrit's username: operator do.
func (in Input) SameUsername() []GerritAccount {
	var out []GerritAccount
	for _, a := range in.ByUsername.Accounts {
		if a.Username != "" && naming.SameUser(a.Username, in.User) {
			out = append(out, a)
		}
	}
	return out
}

// sameName returns the accounts of the name query whose full name is the
// display name (Gerrit's name: matches prefixes of name parts, so the
// caller compares whole names).
func sameName(in Input) []GerritAccount {
	if in.DisplayName == "" {
		return nil
	}
	var out []GerritAccount
	for _, a := range in.ByName.Accounts {
		if sameText(a.Name, in.DisplayName) {
			out = append(out, a)
		}
	}
	return out
}

// sameText compares names as people write them: without regard to case
// or to runs of blanks.
func sameText(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a != "" && strings.EqualFold(a, b)
}

// strongCore: a core group member with the username, an account with the
// username whose visible groups hold a core group, or whose Gerrit name or
// email is the PTL's or a liaison's.
func strongCore(in Input, accounts []GerritAccount) []match {
	var out []match
	for _, g := range in.Groups {
		for _, a := range g.Members {
			if a.Username != "" && strings.EqualFold(a.Username, in.User) {
				out = append(out, match{Core, false, fmt.Sprintf("Gerrit user %s (%s), same username", a.Username, g.Name)})
			}
		}
	}
	for _, a := range accounts {
		if g := visibleCore(in, a); g != "" {
			out = append(out, match{Core, false, fmt.Sprintf("Gerrit user %s, same username, member of %s", a.Username, g)})
		}
		for _, p := range in.Leaders {
			if sameText(a.Name, p.Name) || a.Email != "" && strings.EqualFold(a.Email, p.Email) {
				out = append(out, match{Core, false, fmt.Sprintf("Gerrit user %s (%s), same username, is %s of %s", a.Username, a.Name, p.Role, in.Team)})
			}
		}
	}
	return out
}

// visibleCore returns a core group among a's visible groups, or "".
func visibleCore(in Input, a GerritAccount) string {
	for _, name := range in.Visible[a.ID].Names {
		for _, g := range in.Groups {
			if g.Name == name {
				return name
			}
		}
	}
	return ""
}

// weakCore: the display name is a core member's full name, a core account's
// found by name, or the PTL's or a liaison's name; or the username is the
// IRC nick of the PTL or a liaison.
func weakCore(in Input, accounts []GerritAccount) []match {
	var out []match
	shown := fmt.Sprintf("same name %q (display name only)", in.DisplayName)
	for _, g := range in.Groups {
		for _, a := range g.Members {
			if in.DisplayName != "" && sameText(a.Name, in.DisplayName) {
				out = append(out, match{Core, true, fmt.Sprintf("Gerrit user %s (%s), %s", orID(a), g.Name, shown)})
			}
		}
	}
	for _, a := range accounts {
		if g := visibleCore(in, a); g != "" {
			out = append(out, match{Core, true, fmt.Sprintf("Gerrit user %s (%s), %s", orID(a), g, shown)})
		}
	}
	for _, p := range in.Leaders {
		switch {
		case in.DisplayName != "" && sameText(p.Name, in.DisplayName):
			out = append(out, match{Core, true, fmt.Sprintf("%s of %s, %s", p.Role, in.Team, shown)})
		case p.IRC != "" && strings.EqualFold(p.IRC, in.User):
			out = append(out, match{Core, true, fmt.Sprintf("%s of %s (%s), whose IRC nick is this username", p.Role, in.Team, p.Name)})
		}
	}
	return out
}

// contributors: Gerrit accounts that matched, which are no core of the
// team when every core group was read; otherwise unverified.
func contributors(in Input, accounts []GerritAccount, weak bool) []match {
	if len(accounts) == 0 {
		return nil
	}
	a := accounts[0]
	how := "same username"
	if weak {
		how = fmt.Sprintf("same name %q (display name only)", in.DisplayName)
	}
	if reason := coreUnknown(in); reason != "" {
		return []match{{Unverified, weak, fmt.Sprintf("Gerrit user %s, %s; whether it is a core of %s is unknown: %s", orID(a), how, in.Team, reason)}}
	}
	return []match{{Contributor, weak, fmt.Sprintf("Gerrit user %s, %s; not in %s", orID(a), how, groupNames(in))}}
}

func orID(a GerritAccount) string {
	if a.Username != "" {
		return a.Username
	}
	return fmt.Sprintf("#%d", a.ID)
}

// coreUnknown says why membership of the core groups is unproven, or "".
func coreUnknown(in Input) string {
	if in.CoreErr != nil {
		return "its core groups could not be found: " + in.CoreErr.Error()
	}
	for _, g := range in.Groups {
		if g.Err != nil {
			return "the members of " + g.Name + " could not be read: " + g.Err.Error()
		}
	}
	return ""
}

func groupNames(in Input) string {
	if in.Team == "" {
		return "any team's core group (no governed repo maps to the package)"
	}
	if len(in.Groups) == 0 {
		return "any core group of " + in.Team + " (it has none)"
	}
	names := make([]string, len(in.Groups))
	for i, g := range in.Groups {
		names[i] = g.Name
	}
	return strings.Join(names, ", ")
}

// nothingMatched is unknown when every question was answered, unverified
// otherwise.
func nothingMatched(in Input) Result {
	var failed []string
	if in.PageErr != nil {
		failed = append(failed, "the PyPI user page: "+in.PageErr.Error())
	}
	if in.ByUsername.Err != nil {
		failed = append(failed, "the Gerrit account query by username: "+in.ByUsername.Err.Error())
	}
	if in.DisplayName != "" && in.ByName.Err != nil {
		failed = append(failed, "the Gerrit account query by name: "+in.ByName.Err.Error())
	}
	if len(failed) > 0 {
		return Result{User: in.User, Identity: Unverified, Evidence: "could not ask " + strings.Join(failed, "; ")}
	}
	e := "no Gerrit account with username " + in.User
	if in.DisplayName != "" {
		e += fmt.Sprintf(" or name %q", in.DisplayName)
	} else {
		e += " (no display name on PyPI)"
	}
	if in.Team != "" {
		e += "; not the PTL or a liaison of " + in.Team
	}
	return Result{User: in.User, Identity: Unknown, Evidence: e}
}
