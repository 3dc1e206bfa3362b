package render

import (
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// writeAuditText writes the audit's own sections: the reverse audit, the
// exceptions that need attention, and what changed since the last run.
func writeAuditText(w io.Writer, r *report.Report) {
	if line := auditRunLine(r); line != "" {
		fmt.Fprintf(w, "%s\n\n", line)
	}
	writeReleasesText(w, r)
	if r.Reverse != nil {
		writeOrphansText(w, r)
	}
	if len(r.Exceptions) > 0 {
		fmt.Fprintf(w, "Exceptions needing attention:\n")
		for _, e := range r.Exceptions {
			fmt.Fprintf(w, "  %s (%s, expires %s): %s; %s:%d\n", e.Package, e.State, e.Expires, strings.Join(e.Accounts, ", "), e.File, e.Line)
		}
		fmt.Fprintln(w)
	}
	if h := r.History; h != nil {
		fmt.Fprintf(w, "Since the last run (%s): %d new, %d unchanged, %d resolved violations.\n", h.Baseline, h.New, h.Unchanged, len(h.Resolved))
		for _, f := range h.Resolved {
			fmt.Fprintf(w, "  resolved: %s (%s was %s)\n", f.Package, f.Repo, f.Status)
		}
		for _, c := range h.Accounts {
			fmt.Fprintf(w, "  accounts on %s: %s\n", c.Package, accountChange(c))
		}
		fmt.Fprintln(w)
	}
}

func writeOrphansText(w io.Writer, r *report.Report) {
	rev := r.Reverse
	if rev.Error != "" {
		fmt.Fprintf(w, "Reverse audit: PyPI could not list %s's projects: %s\n\n", rev.Owner, rev.Error)
		return
	}
	fmt.Fprintf(w, "Reverse audit: %s.\n", reverseLine(rev))
	for _, o := range r.Orphans {
		fmt.Fprintf(w, "  %s (%s %s): %s; listed: %s%s\n", o.Package, rev.Owner, o.OwnerRole, o.Status.Label(r.Owner), listed(o.Roles, o.Organization), inParens(orphanRepo(o)))
		for _, l := range accountLines(o.Accounts) {
			fmt.Fprintf(w, "    who: %s\n", l)
		}
	}
	fmt.Fprintln(w)
}

func accountChange(c report.AccountChange) string {
	var parts []string
	for _, r := range c.Added {
		parts = append(parts, "+"+r.User+" ("+r.Role+")")
	}
	for _, r := range c.Removed {
		parts = append(parts, "-"+r.User+" ("+r.Role+")")
	}
	return strings.Join(parts, ", ")
}

// reverseLine sums up the reverse audit.
func reverseLine(rev *report.Reverse) string {
	s := fmt.Sprintf("%s holds a role on %d PyPI projects; %d map to no governed repo", rev.Owner, rev.Packages, rev.Orphans)
	if rev.Unjudged > 0 {
		s = fmt.Sprintf("%s holds a role on %d PyPI projects; %d map to no judged repo, %d of them to a governed repo that publishes nothing by governance's and project-config's account", rev.Owner, rev.Packages, rev.Orphans, rev.Unjudged)
	}
	return s
}

// orphanRepo names the repo an orphan belongs to, if any.
func orphanRepo(o report.Orphan) string {
	switch {
	case o.Governed != "":
		return o.Governed + " (governed, not judged: it publishes nothing)"
	case o.Repo != "":
		return o.Repo + " (not governed)"
	}
	return ""
}
