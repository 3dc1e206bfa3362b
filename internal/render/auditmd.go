package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// writeMarkdownAudit writes an audit: the fixes first, then one section per
// team (teams with violations first), the reverse audit, the exceptions
// that need attention and what changed since the last run.
func writeMarkdownAudit(w io.Writer, r *report.Report) {
	writeMarkdownFixes(w, r.Findings, r.Owner)
	for _, t := range byTeam(r.Findings) {
		fmt.Fprintf(w, "## %s\n\n", md(t.name))
		fmt.Fprintln(w, "| Package | Repo | Status | Severity | Listed on PyPI |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for _, f := range t.findings {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", md(nameLabel(f)), md(repoNote(f)), md(statusNote(f, r.Owner)), md(string(f.Severity)), md(listedCell(f)))
		}
		if t.notApplicable > 0 {
			fmt.Fprintf(w, "\n%d more repos do not publish to PyPI.\n", t.notApplicable)
		}
		fmt.Fprintln(w)
	}
	writeMarkdownAlso(w, r.Findings)
	writeReleasesMarkdown(w, r)
	writeMarkdownReverse(w, r)
	writeMarkdownExceptions(w, r.Exceptions)
	writeMarkdownHistory(w, r.History, r.Owner)
	if line := auditRunLine(r); line != "" {
		fmt.Fprintf(w, "%s\n", mdProse(line))
	}
}

// team is one owner's findings, worst first.
type team struct {
	name          string
	findings      []report.Finding
	notApplicable int
	worst         int
}

// byTeam groups findings by owner, leaving out the not-applicable ones
// (counted): teams with the worst findings first, then by name.
func byTeam(fs []report.Finding) []team {
	idx := map[string]int{}
	var teams []team
	for _, f := range report.SortedBySeverity(fs) {
		name := teamTitle(f)
		i, ok := idx[name]
		if !ok {
			i = len(teams)
			idx[name] = i
			teams = append(teams, team{name: name, worst: f.Rank()})
		}
		if f.Status == report.NotApplicable {
			teams[i].notApplicable++
			continue
		}
		teams[i].findings = append(teams[i].findings, f)
		teams[i].worst = min(teams[i].worst, f.Rank())
	}
	teams = slices.DeleteFunc(teams, func(t team) bool { return len(t.findings) == 0 })
	slices.SortStableFunc(teams, func(a, b team) int {
		if a.worst != b.worst {
			return a.worst - b.worst
		}
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	return teams
}

// teamTitle names a finding's owner for a section title.
func teamTitle(f report.Finding) string {
	switch {
	case f.Team == "":
		return "Other repos"
	case f.OwnerKind == "sig":
		return f.Team + " SIG"
	}
	return f.Team
}

func repoNote(f report.Finding) string {
	if f.Retired {
		return f.Repo + " (retired)"
	}
	return f.Repo
}

func statusNote(f report.Finding, policyOwner string) string {
	if f.Change != "" {
		return f.Status.Label(policyOwner) + " (" + f.Change + ")" + carriedNote(f.CarriedFrom)
	}
	return f.Status.Label(policyOwner) + carriedNote(f.CarriedFrom)
}

func writeMarkdownReverse(w io.Writer, r *report.Report) {
	rev := r.Reverse
	if rev == nil {
		return
	}
	fmt.Fprintf(w, "## Reverse audit\n\n")
	if rev.Error != "" {
		fmt.Fprintf(w, "PyPI could not list %s's projects: %s\n\n", md(rev.Owner), md(rev.Error))
		return
	}
	fmt.Fprintf(w, "%s.\n\n", md(reverseLine(rev)))
	if len(r.Orphans) == 0 {
		return
	}
	fmt.Fprintln(w, "| Package | Role | Status | Listed on PyPI | Note |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, o := range r.Orphans {
		note := orphanRepo(o)
		if note == "" {
			note = "no repo known"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", md(o.Package), md(o.OwnerRole), md(o.Status.Label(r.Owner)),
			md(listed(o.Roles, o.Organization)), md(note))
	}
	fmt.Fprintln(w)
	for _, o := range r.Orphans {
		for _, l := range accountLines(o.Accounts) {
			fmt.Fprintf(w, "- %s: %s\n", md(o.Package), md(l))
		}
	}
	if hasOrphanAccounts(r.Orphans) {
		fmt.Fprintln(w)
	}
}

func hasOrphanAccounts(os []report.Orphan) bool {
	for _, o := range os {
		if len(o.Accounts) > 0 {
			return true
		}
	}
	return false
}

func writeMarkdownExceptions(w io.Writer, es []report.ExceptionState) {
	if len(es) == 0 {
		return
	}
	fmt.Fprintf(w, "## Exceptions needing attention\n\n")
	fmt.Fprintln(w, "| Package | Accounts | State | Expires | Reason |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, e := range es {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", md(e.Package), md(strings.Join(e.Accounts, ", ")), md(e.State), md(e.Expires), mdProse(e.Reason))
	}
	fmt.Fprintln(w)
}

func writeMarkdownHistory(w io.Writer, h *report.History, policyOwner string) {
	if h == nil {
		return
	}
	fmt.Fprintf(w, "## Since the last run\n\n")
	fmt.Fprintf(w, "Compared with the report of %s: %d new, %d unchanged and %d resolved violations.\n\n", md(h.Baseline), h.New, h.Unchanged, len(h.Resolved))
	for _, f := range h.Resolved {
		fmt.Fprintf(w, "- Resolved: %s (%s), was %s\n", md(f.Package), md(f.Repo), md(f.Status.Label(policyOwner)))
	}
	for _, c := range h.Accounts {
		fmt.Fprintf(w, "- Accounts on %s: %s\n", md(c.Package), md(accountChange(c)))
	}
	if len(h.Resolved)+len(h.Accounts) > 0 {
		fmt.Fprintln(w)
	}
}
