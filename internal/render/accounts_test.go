package render

import (
	"fmt"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
)

// TestAccountsStrangersFirst: the stranger first, then what could not be
// asked, contributors, cores on a display name alone, proven cores, and the
// policy's known accounts.
func TestAccountsStrangersFirst(t *testing.T) {
	as := []report.Account{
		{User: "k", Identity: "known", Evidence: "named in the policy: K"},
		{User: "c", Role: "Owner", Identity: "core", Evidence: "Gerrit user c (ironic-core), same username"},
		{User: "w", Identity: "core", Weak: true, Evidence: "PTL of ironic, same name"},
		{User: "n", Identity: "contributor", Evidence: "e"},
		{User: "v", Identity: "unverified", Evidence: "e"},
		{User: "login.launchpad.net_154", Role: "Maintainer", Identity: "unknown", Evidence: "no Gerrit account"},
	}
	var got []string
	for _, a := range accountsByConcern(as) {
		got = append(got, a.User)
	}
	if strings.Join(got, " ") != "login.launchpad.net_154 v n w c k" {
		t.Errorf("order %v", got)
	}
	lines := accountLines(as)
	if lines[0] != "login.launchpad.net_154 (Maintainer): unknown — no Gerrit account" ||
		lines[4] != "c (Owner): core — Gerrit user c (ironic-core), same username" ||
		lines[3] != "w: core (weak evidence: display name only) — PTL of ironic, same name" {
		t.Errorf("lines:\n%s", strings.Join(lines, "\n"))
	}
}

// TestAccountLinesWithin: a project with hundreds of accounts keeps a
// comment far under Gerrit's 16 KiB, saying how many more the report has.
func TestAccountLinesWithin(t *testing.T) {
	var as []report.Account
	for i := range 300 {
		as = append(as, report.Account{User: fmt.Sprintf("user%03d", i), Role: "Maintainer", Identity: "unknown", Evidence: strings.Repeat("x", 100)})
	}
	lines := accountLinesWithin(as)
	n := len(strings.Join(lines, "\n"))
	if n > 8<<10 || !strings.HasPrefix(lines[len(lines)-1], "... and ") || !strings.HasSuffix(lines[len(lines)-1], "more accounts: see the report") {
		t.Errorf("%d bytes, last line %q", n, lines[len(lines)-1])
	}
	if got := accountLinesWithin(as[:3]); len(got) != 3 {
		t.Errorf("a few accounts cut: %q", got)
	}
}
