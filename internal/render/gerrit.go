package render

import (
	"fmt"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// maxGerritMessage bounds the review's message: Gerrit shows change
// messages whole on the change page, and long reports belong in the
// check's own output.
const maxGerritMessage = 12 << 10

// GerritMessage is the message of the hook's review: the verdict, then
// every finding, worst first, as many as fit in 12 KiB, then how many more
// and how to see them. It is plain text in lines that start with
// pypiguard's own words, so that no name or message can start a list, a
// quote or a heading in Gerrit's formatting. The inline comments are
// InlineComments.
func GerritMessage(r *report.Report) string {
	var b strings.Builder
	b.WriteString(gerritHeadline(r))
	fs := report.SortedBySeverity(r.Findings)
	for i, f := range fs {
		block := "\n\n" + gerritBlock(f, r.Owner)
		if b.Len()+len(block) > maxGerritMessage {
			fmt.Fprintf(&b, "\n\n... and %d more: run pypiguard check on this change to see them all.", len(fs)-i)
			break
		}
		b.WriteString(block)
	}
	return b.String()
}

func gerritHeadline(r *report.Report) string {
	counts := gerritCounts(r)
	switch {
	case r.Verdict == report.Fail:
		return "pypiguard: FAIL (" + counts + ")\n\nSomeone besides the policy's owner can upload a PyPI package this change adds, moves, revives or starts publishing; see each package's fix below."
	case r.Verdict == report.Unverified:
		return "pypiguard: UNVERIFIED (" + counts + ")\n\nPyPI could not be asked about every package, so there is no vote: nothing is claimed about those packages. A recheck or a new patch set runs pypiguard again."
	case len(r.Findings) == 0:
		return "pypiguard: PASS (nothing to check): the change adds, moves, revives or starts publishing nothing PyPI cares about."
	}
	return "pypiguard: PASS (" + counts + ")"
}

// gerritCounts is "1 organization-owned, 2 clean", in the order of
// report.Statuses.
func gerritCounts(r *report.Report) string {
	n := map[report.Status]int{}
	for _, f := range r.Findings {
		n[f.Status]++
	}
	var parts []string
	for _, s := range report.Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s.Label(r.Owner)))
		}
	}
	return strings.Join(parts, ", ")
}

// gerritBlock is one finding in the message. Its field lines (Name, Who,
// Why, Fix, Note) are the inline comment's, from the same helpers.
func gerritBlock(f report.Finding, policyOwner string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s (%s)\n", gerritMark(f.Status), plain(nameLabel(f)), f.Status.Label(policyOwner), f.Severity)
	b.WriteString("Repo " + plain(f.Repo))
	if f.File != "" {
		fmt.Fprintf(&b, ", %s line %d", plain(f.File), f.Line)
		if len(f.Events) > 0 {
			b.WriteString(" (" + plain(strings.Join(f.Events, ", ")) + ")")
		}
	}
	if n := nameDoubt(f); n != "" {
		b.WriteString(".\nName: " + plain(n))
	}
	for _, l := range accountLinesWithin(f.Accounts) {
		b.WriteString(".\nWho: " + plain(l))
	}
	b.WriteString(".\nWhy: " + plain(f.Message))
	if f.Remediation != "" {
		b.WriteString("\nFix: " + plain(f.Remediation))
	}
	for _, l := range alsoLines(f) {
		b.WriteString("\nNote: " + plain(l))
	}
	return b.String()
}

// gerritMark is the word in brackets before a finding in the message.
func gerritMark(s report.Status) string {
	switch {
	case s.Fails():
		return "FAIL"
	case s == report.StatusUnverified:
		return "UNVERIFIED"
	}
	return "ok"
}
