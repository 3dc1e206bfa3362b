package render

import (
	"fmt"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
)

// auditRunLine says how an audit asked PyPI: incremental (what it read of
// the journal, what it asked and carried) or full and why; "" for a full
// audit nobody asked to be incremental.
func auditRunLine(r *report.Report) string {
	a := r.Audit
	switch {
	case a == nil:
		return ""
	case a.Mode == report.AuditIncremental:
		return fmt.Sprintf("Incremental audit: PyPI's journal from serial %d to %d (%d entries, %d pages) names %s with role or project changes; %s asked of PyPI, %s carried from earlier runs (the last full audit: %s).",
			a.Since, a.Serial, a.JournalEntries, a.JournalPages, plural(len(a.Rechecked), "package"), plural(a.Asked, "name"), plural(a.Carried, "answer"), a.FullAt.Format(time.DateTime+" UTC"))
	case a.FullReason != "":
		return "Full audit: " + a.FullReason + "."
	}
	return ""
}

// carriedNote says since when a finding's answer was carried, "" if PyPI
// was asked in this run.
func carriedNote(c *time.Time) string {
	if c == nil {
		return ""
	}
	return " (carried from " + c.UTC().Format(time.DateTime+" UTC") + ")"
}
