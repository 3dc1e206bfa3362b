package render

import (
	"fmt"
	"slices"

	"opendev.org/openstack/pypiguard/internal/report"
)

// Who each extra account is (issue 15), in the words every renderer, the
// Zuul comment and the Gerrit review use: the stranger first, so that the
// fire is put out before the policy is argued.

// maxAccountsText bounds the accounts' lines in one comment, in bytes:
// Gerrit refuses an inline comment over change.commentSizeLimit (16 KiB by
// default), and the rest of the comment (message, fix, names) is bounded
// to a few KiB by its own fields. The report lists every account.
const maxAccountsText = 6 << 10

// concern orders identities, the most worrying first. An identity this
// version does not know (a newer report's) counts as unknown.
func concern(identity string) int {
	switch identity {
	case "unknown":
		return 0
	case "unverified":
		return 1
	case "contributor":
		return 2
	case "core":
		return 3
	case "known":
		return 4
	}
	return 0
}

// accountsByConcern returns a copy of as, strangers first, then unverified,
// contributors, cores (display-name matches before proven ones) and the
// accounts the policy names; ties keep their order.
func accountsByConcern(as []report.Account) []report.Account {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b report.Account) int {
		if c := concern(a.Identity) - concern(b.Identity); c != 0 {
			return c
		}
		return weakFirst(a) - weakFirst(b)
	})
	return out
}

func weakFirst(a report.Account) int {
	if a.Weak {
		return 0
	}
	return 1
}

// identityLabel is "core" or, when only a display name matched, "core
// (weak evidence: display name only)".
func identityLabel(a report.Account) string {
	if a.Weak {
		return a.Identity + " (weak evidence: display name only)"
	}
	return a.Identity
}

// accountLine is one account with its identity and evidence:
// "jdoe (Owner): core — Gerrit user jdoe (ironic-core), same username".
func accountLine(a report.Account) string {
	who := a.User
	if a.Role != "" {
		who += " (" + a.Role + ")"
	}
	return who + ": " + identityLabel(a) + " — " + a.Evidence
}

// accountLines are a finding's accounts, strangers first.
func accountLines(as []report.Account) []string {
	out := make([]string, 0, len(as))
	for _, a := range accountsByConcern(as) {
		out = append(out, accountLine(a))
	}
	return out
}

// accountLinesWithin are AccountLines of at most maxAccountsText bytes in
// all, the last saying how many more the report lists: for comments,
// which Gerrit bounds.
func accountLinesWithin(as []report.Account) []string {
	lines := accountLines(as)
	n := 0
	for i, l := range lines {
		if n+len(l) > maxAccountsText {
			return append(lines[:i:i], fmt.Sprintf("... and %s: see the report", countOf(len(lines)-i, "more account", "more accounts")))
		}
		n += len(l)
	}
	return lines
}
