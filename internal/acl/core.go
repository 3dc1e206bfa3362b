package acl

import (
	"fmt"
	"slices"
	"strings"
)

// codeReview is the permission whose +2 makes a core reviewer.
const codeReview = "label-Code-Review"

// Approve is the Code-Review vote a core group may give (the issue's
// "-2..+2"): a group allowed up to +2 is core, whatever its minimum.
const Approve = 2

// branchRefs are the sections that apply to every branch, most specific
// first: Gerrit asks about "refs/heads/*" as the ref "refs/heads/"
// (PermissionCollection.filter), which only the wildcards refs/heads/* and
// refs/* match, and MostSpecificComparator puts refs/heads/* (Levenshtein
// distance 1 to the ref) before refs/* (distance 6).
var branchRefs = []string{"refs/heads/*", "refs/*"}

// systemGroups are Gerrit's built-in groups: they are everyone (or the
// change's owner), never a team. A grant of +2 to one is not a core group:
// it would make every account "core".
var systemGroups = []string{"Anonymous Users", "Registered Users", "Change Owner", "Project Owners"}

// RegexError is an access section given as a regular expression that
// grants Code-Review: pypiguard does not evaluate Gerrit's ref regular
// expressions (dk.brics automata), so it cannot tell which branches they
// cover. No real OpenStack ACL uses one.
type RegexError struct {
	File, Ref string
	Line      int
}

func (e *RegexError) Error() string {
	return fmt.Sprintf("%s:%d: access section %q is a regular expression granting Code-Review; pypiguard cannot evaluate it, so the core groups are unknown", e.File, e.Line, e.Ref)
}

// BadInput says that an ACL section pypiguard does not read: exit 2, fixed by the user (docs/design.md section 8).
func (e *RegexError) BadInput() bool { return true }

// CoreGroups returns the groups that may vote Code-Review +Approve on every
// branch of the project whose ACL is chain[0], chain[1] being its parent's
// (inheritFrom), and so on; sorted by name. It follows
// PermissionCollection.calculateAllowRules: sections from the most specific
// pattern, the project's own before its parents' for the same pattern;
// one rule per (pattern, group), the first met (a child's -1..+1 for a group
// hides the parent's +2 for it); an exclusive permission stops the walk.
// Blocks then take +2 away as findBlocks does (blocked.go).
func CoreGroups(chain []*File) ([]string, error) {
	for _, f := range chain {
		if err := noRegexGrant(f); err != nil {
			return nil, err
		}
	}
	allowed := allowRules(chain)
	var out []string
	for _, r := range allowed {
		if r.Max >= Approve && !slices.Contains(out, r.Group) && !slices.Contains(systemGroups, r.Group) && !blocked(chain, r.Group) {
			out = append(out, r.Group)
		}
	}
	slices.Sort(out)
	return out, nil
}

// allowRules is calculateAllowRules for label-Code-Review on refs/heads/*.
func allowRules(chain []*File) []Rule {
	type seenKey struct{ ref, group string }
	seen := map[seenKey]bool{}
	var out []Rule
	for _, ref := range branchRefs {
		for _, f := range chain {
			p := codeReviewOn(f, ref)
			if p == nil {
				continue
			}
			for _, r := range p.Rules {
				k := seenKey{ref, r.Group}
				if seen[k] {
					continue
				}
				seen[k] = true
				if r.Action == Allow {
					out = append(out, r)
				}
			}
			if p.Exclusive {
				return out
			}
		}
	}
	return out
}

// codeReviewOn is f's Code-Review permission in the section of ref, or nil.
func codeReviewOn(f *File, ref string) *Permission {
	if s := f.Section(ref); s != nil {
		return s.Permission(codeReview)
	}
	return nil
}

// noRegexGrant refuses a regular-expression section that touches
// Code-Review.
func noRegexGrant(f *File) error {
	for _, s := range f.Sections {
		if strings.HasPrefix(s.Ref, "^") && s.Permission(codeReview) != nil {
			return &RegexError{File: f.Name, Ref: s.Ref, Line: s.Line}
		}
	}
	return nil
}
