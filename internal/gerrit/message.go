package gerrit

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
)

// Bounds on what is posted. Gerrit refuses comments over
// change.commentSizeLimit (16 KiB by default) and change messages are shown
// whole on the change page: long reports belong in the check's output.
const (
	maxMessage = 12 << 10
	maxField   = 2000 // runes of one message, fix or name
)

// message is the review's message: the verdict, then every finding, worst
// first. It is plain text in lines that start with pypiguard's own words,
// so that no name or message can start a list, a quote or a heading in
// Gerrit's formatting.
func message(r *report.Report) string {
	var b strings.Builder
	b.WriteString(headline(r))
	fs := report.SortedBySeverity(r.Findings)
	for i, f := range fs {
		block := "\n\n" + findingBlock(f)
		if b.Len()+len(block) > maxMessage {
			fmt.Fprintf(&b, "\n\n... and %d more: run pypiguard check on this change to see them all.", len(fs)-i)
			break
		}
		b.WriteString(block)
	}
	return b.String()
}

func headline(r *report.Report) string {
	counts := statusCounts(r)
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

func statusCounts(r *report.Report) string {
	n := map[report.Status]int{}
	for _, f := range r.Findings {
		n[f.Status]++
	}
	var parts []string
	for _, s := range report.Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

func findingBlock(f report.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s (%s)\n", mark(f.Status), plain(name(f)), f.Status, f.Severity)
	b.WriteString("Repo " + plain(f.Repo))
	if f.File != "" {
		fmt.Fprintf(&b, ", %s line %d", plain(f.File), f.Line)
		if len(f.Events) > 0 {
			b.WriteString(" (" + plain(strings.Join(f.Events, ", ")) + ")")
		}
	}
	if n := render.NameDoubt(f); n != "" {
		b.WriteString(".\nName: " + plain(n))
	}
	for _, l := range render.AccountLinesWithin(f.Accounts) {
		b.WriteString(".\nWho: " + plain(l))
	}
	b.WriteString(".\nWhy: " + plain(f.Message))
	if f.Remediation != "" {
		b.WriteString("\nFix: " + plain(f.Remediation))
	}
	for _, l := range render.AlsoLines(f) {
		b.WriteString("\nNote: " + plain(l))
	}
	return b.String()
}

// commentText is the inline comment about a failing finding.
func commentText(f report.Finding) string {
	s := fmt.Sprintf("pypiguard: %s: %s (%s)\n\n%s", plain(name(f)), f.Status, f.Severity, plain(f.Message))
	for i, l := range render.AccountLinesWithin(f.Accounts) {
		if i == 0 {
			s += "\n"
		}
		s += "\nWho: " + plain(l)
	}
	if n := render.NameDoubt(f); n != "" {
		s += "\n\nName: " + plain(n)
	}
	if f.Remediation != "" {
		s += "\n\nFix: " + plain(f.Remediation)
	}
	for _, l := range render.AlsoLines(f) {
		s += "\n\nNote: " + plain(l)
	}
	return s
}

func mark(s report.Status) string {
	switch {
	case s.Fails():
		return "FAIL"
	case s == report.StatusUnverified:
		return "UNVERIFIED"
	}
	return "ok"
}

func name(f report.Finding) string { return render.NameLabel(f) }

// plain makes s one line of printable text, at most maxField runes: line
// breaks, tabs and control characters become single spaces, so that text
// from files or PyPI cannot start a line of its own in the message.
func plain(s string) string {
	out := strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }), " ")
	if utf8.RuneCountInString(out) <= maxField {
		return out
	}
	return string([]rune(out)[:maxField]) + "..."
}
