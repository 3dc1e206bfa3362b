package cli

import (
	"fmt"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/report"
)

// auditOutcome is an audit's exit status and the sentence that says why.
type auditOutcome struct {
	code int
	why  string
}

// disagrees reports whether the verdict alone would mislead about the
// exit status: FAIL that exits 0, PASS that exits 1 or 3.
func (o auditOutcome) disagrees(v report.Verdict) bool {
	return (v == report.Fail) != (o.code == ExitViolation) || (v == report.Pass && o.code != ExitOK)
}

// auditCounts are what the exit status is decided from.
type auditCounts struct {
	violations, fresh  int // governed findings that fail; those --fail-on new counts
	orphans, freshOrph int // the reverse audit's violations; the new ones
	unverified         int // findings and orphans PyPI could not be asked about
	reverseUnverified  bool
}

// decideAudit decides the exit status: the violations --fail-on counts,
// the reverse audit's included, fail the run (1); otherwise anything
// unverified, the reverse audit itself included, is 3; else 0.
func decideAudit(r *report.Report, failOn string, base *report.Report) auditOutcome {
	c := countAudit(r, base)
	failing := 0
	switch failOn {
	case "any":
		failing = c.violations + c.orphans
	case "new":
		failing = c.fresh + c.freshOrph
	}
	switch {
	case failing > 0:
		return auditOutcome{ExitViolation, fmt.Sprintf("exit 1: %s that --fail-on %s counts%s", plural(failing, "violation"), failOn, orphanPart(c, failOn))}
	case releaseViolation(r, failOn):
		return auditOutcome{ExitViolation, fmt.Sprintf("exit 1: uploads to PyPI that openstack/releases never recorded, which --fail-on %s counts", failOn)}
	case c.unverified > 0 || c.reverseUnverified:
		return auditOutcome{ExitUnverified, fmt.Sprintf("exit 3: nothing to fail on per --fail-on %s, but %s", failOn, unverifiedPart(c))}
	case c.violations+c.orphans > 0 && failOn == "never":
		return auditOutcome{ExitOK, fmt.Sprintf("exit 0: --fail-on never, although there %s", isAre(c.violations+c.orphans, "violation"))}
	case c.violations+c.orphans > 0:
		return auditOutcome{ExitOK, fmt.Sprintf("exit 0: --fail-on new, and none of the %s is new since the baseline", plural(c.violations+c.orphans, "violation"))}
	}
	return auditOutcome{ExitOK, "exit 0: no violation"}
}

func countAudit(r *report.Report, base *report.Report) auditCounts {
	var c auditCounts
	for _, f := range r.Findings {
		switch {
		case f.Status.Fails():
			c.violations++
			if f.Change != "unchanged" {
				c.fresh++
			}
		case f.Status == report.StatusUnverified:
			c.unverified++
		}
	}
	known := failingOrphans(base)
	for _, o := range r.Orphans {
		switch {
		case o.Status.Fails():
			c.orphans++
			if !known[naming.Normalize(o.Package)] {
				c.freshOrph++
			}
		case o.Status == report.StatusUnverified:
			c.unverified++
		}
	}
	c.reverseUnverified = r.Reverse != nil && r.Reverse.Error != ""
	return c
}

// failingOrphans are the reverse audit's violations in the baseline: with
// no baseline, none, so that every violation is new.
func failingOrphans(base *report.Report) map[string]bool {
	known := map[string]bool{}
	if base == nil {
		return known
	}
	for _, o := range base.Orphans {
		if o.Status.Fails() {
			known[naming.Normalize(o.Package)] = true
		}
	}
	return known
}

func orphanPart(c auditCounts, failOn string) string {
	n := c.orphans
	if failOn == "new" {
		n = c.freshOrph
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d in the reverse audit: projects the owner holds that no governed repo maps to)", n)
}

func unverifiedPart(c auditCounts) string {
	switch {
	case c.unverified > 0 && c.reverseUnverified:
		return fmt.Sprintf("%s could not be verified, nor the reverse audit", plural(c.unverified, "package"))
	case c.reverseUnverified:
		return "the reverse audit could not be made (PyPI did not list the owner's projects)"
	}
	return fmt.Sprintf("%s could not be verified", plural(c.unverified, "package"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func isAre(n int, word string) string {
	if n == 1 {
		return "is 1 " + word
	}
	return fmt.Sprintf("are %d %ss", n, word)
}
