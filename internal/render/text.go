package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// Text writes the report for a terminal: what a release liaison reads in a
// dry-run. Failing findings come first, each with what is wrong and the fix.
func Text(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriter(w)
	if r.Verdict != "" {
		fmt.Fprintf(bw, "pypiguard %s: %s\n\n", r.Mode, verdictLine(r))
		writeNotes(bw, r.Notes)
		fs := r.Findings
		if r.Mode == "audit" {
			fs = needingAttention(fs)
		}
		writeFindings(bw, fs, r.Owner)
	}
	if r.Mode == "audit" {
		writeAuditText(bw, r)
	} else {
		if r.Verdict == "" {
			writeNotes(bw, r.Notes)
		}
		writeEvents(bw, r)
	}
	writeWarnings(bw, r.Warnings, r.Head != "")
	return bw.Flush()
}

// statusTally is "N status" for each status that has findings, in the
// statuses' order.
func statusTally(s *report.Summary, policyOwner string) []string {
	if s == nil {
		return nil
	}
	var counts []string
	for _, st := range report.Statuses {
		if n := s.ByStatus[st]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, st.Label(policyOwner)))
		}
	}
	return counts
}

func verdictLine(r *report.Report) string {
	head := map[report.Verdict]string{
		report.Pass:       "PASS",
		report.Fail:       "FAIL",
		report.Unverified: "UNVERIFIED (PyPI could not be asked about everything; nothing is claimed about those)",
	}[r.Verdict]
	counts := statusTally(r.Summary, r.Owner)
	if len(counts) == 0 {
		return head + " (nothing to check)"
	}
	return head + " (" + strings.Join(counts, ", ") + ")"
}

func writeFindings(w io.Writer, fs []report.Finding, policyOwner string) {
	for _, f := range report.SortedBySeverity(fs) {
		fmt.Fprintf(w, "[%s] %s: %s (%s)\n", mark(f.Status), nameLabel(f), f.Status.Label(policyOwner), f.Severity)
		fmt.Fprintf(w, "  repo:    %s%s\n", f.Repo, owner(f))
		if f.File != "" {
			fmt.Fprintf(w, "  where:   %s:%d%s\n", f.File, f.Line, inParens(strings.Join(f.Events, ", ")))
		}
		if f.Change != "" {
			fmt.Fprintf(w, "  since the last run: %s\n", f.Change)
		}
		if f.NameSource != "" {
			fmt.Fprintf(w, "  name:    %s\n", nameLine(f))
		}
		for _, l := range alsoLines(f) {
			fmt.Fprintf(w, "  %s\n", l)
		}
		if len(f.Roles) > 0 || f.Organization != "" {
			fmt.Fprintf(w, "  listed:  %s\n", listed(f.Roles, f.Organization))
		}
		writeWho(w, f.Accounts)
		fmt.Fprintf(w, "  why:     %s\n", f.Message)
		if f.Remediation != "" {
			fmt.Fprintf(w, "  fix:     %s\n", f.Remediation)
		}
		fmt.Fprintln(w)
	}
}

// writeWho lists who each extra account is, strangers first.
func writeWho(w io.Writer, as []report.Account) {
	for i, l := range accountLines(as) {
		label := "who:    "
		if i > 0 {
			label = "        "
		}
		fmt.Fprintf(w, "  %s %s\n", label, l)
	}
}

func inParens(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// needingAttention keeps the findings someone must act on or look at: a
// violation, a package not verified, or another name of the repo that
// someone else holds.
func needingAttention(fs []report.Finding) []report.Finding {
	var out []report.Finding
	for _, f := range fs {
		if f.Status.Fails() || f.Status == report.StatusUnverified || alsoFails(f) {
			out = append(out, f)
		}
	}
	return out
}

func alsoFails(f report.Finding) bool {
	for _, a := range f.AlsoChecked {
		if a.Status.Fails() {
			return true
		}
	}
	return false
}

func mark(s report.Status) string {
	switch {
	case s.Fails():
		return "FAIL"
	case s == report.StatusUnverified:
		return "????"
	}
	return " ok "
}

func orRepo(pkg, repo string) string {
	if pkg == "" {
		return repo
	}
	return pkg
}

func owner(f report.Finding) string {
	var parts []string
	if f.Deliverable != "" {
		parts = append(parts, "deliverable "+f.Deliverable)
	}
	if f.Team != "" {
		parts = append(parts, "team "+f.Team)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// listedCell is listed for a table cell, where a package without roles says
// why.
func listedCell(f report.Finding) string {
	switch f.Status {
	case report.Pending:
		return "not on PyPI yet"
	case report.StatusUnverified:
		return "unknown"
	case report.NotApplicable:
		return "not asked"
	}
	return listed(f.Roles, f.Organization)
}

// listed describes who can upload, as PyPI shows it.
func listed(roles []report.Role, org string) string {
	parts := make([]string, 0, len(roles)+1)
	for _, r := range roles {
		parts = append(parts, r.User+" ("+r.Role+")")
	}
	if org != "" {
		parts = append(parts, "organization "+org)
	}
	if len(parts) == 0 {
		return "nobody"
	}
	return strings.Join(parts, ", ")
}

func writeEvents(w io.Writer, r *report.Report) {
	if len(r.Events) == 0 {
		fmt.Fprintln(w, "No event: the change adds, moves, revives or starts publishing nothing PyPI cares about.")
	} else {
		fmt.Fprintf(w, "%s:\n", plural(len(r.Events), "event"))
		for _, e := range r.Events {
			fmt.Fprintf(w, "  %s\n", eventLine(e))
		}
	}
	if len(r.Info) > 0 {
		fmt.Fprintf(w, "\nFor information (not checked):\n")
		for _, e := range r.Info {
			fmt.Fprintf(w, "  %s\n", eventLine(e))
		}
	}
}

func eventLine(e report.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s", e.File, e.Line, e.Kind)
	if e.AtBase {
		fmt.Fprintf(&b, " (line at base)")
	}
	if e.Deliverable != "" {
		fmt.Fprintf(&b, " deliverable %s", e.Deliverable)
	}
	if len(e.Repos) > 0 {
		fmt.Fprintf(&b, " %s", strings.Join(e.Repos, ", "))
	}
	if e.Team != "" {
		fmt.Fprintf(&b, " (%s %s)", ownerWord(e.OwnerKind), e.Team)
	}
	if e.From != "" {
		fmt.Fprintf(&b, ", from %s", e.From)
	}
	if e.Upstream != "" {
		fmt.Fprintf(&b, ", imported from %s", e.Upstream)
	}
	return b.String()
}

func ownerWord(kind string) string {
	switch kind {
	case "sig":
		return "SIG"
	case "tc":
		return "owner"
	}
	return "team"
}

// writeWarnings lists the warnings; for a change, only those on lines it
// adds or modifies (real files carry old quirks a reviewer of this change
// need not read; the JSON report keeps them all).
func writeWarnings(w io.Writer, ws []report.Warning, change bool) {
	shown, hidden := ws, 0
	if change {
		shown = nil
		for _, x := range ws {
			if x.Touched {
				shown = append(shown, x)
			} else {
				hidden++
			}
		}
	}
	if len(shown) > 0 {
		fmt.Fprintf(w, "\nWarnings about the files (tolerated):\n")
		for _, x := range shown {
			fmt.Fprintf(w, "  %s:%d: %s\n", x.File, x.Line, x.Message)
		}
	}
	if hidden > 0 {
		fmt.Fprintf(w, "\n%s on lines this change does not touch (--format json lists them).\n", plural(hidden, "more warning"))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeNotes says how the run was made, before anything else it found.
func writeNotes(w io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
}
