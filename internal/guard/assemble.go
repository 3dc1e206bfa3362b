package guard

import (
	"time"

	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/report"
)

// assembly is everything a run's look-ups found, and what it is judged
// by: the whole input of assemble, which asks nothing.
type assembly struct {
	policy *policy.Policy
	// judged are the repos with their names, PyPI's answers, verdicts and
	// who their extra accounts are, in the targets' order.
	judged []judged

	// An audit's (audit is set; a check has none of these).
	audit      bool
	today      time.Time
	publishing *projectconfig.Config
	reverse    *report.Reverse // nil: no reverse audit
	owned      []ownedJudged
	carry      *carrier
	baseline   *report.Report // nil: no history
	releases   ReleasesInput
}

// assemble is everything after the look-ups, for a check and an audit
// alike, and pure: the findings (with who their accounts are), the
// orphans, the exceptions that need attention, the history against the
// baseline, the releases compared, the summary and the verdict. r holds
// what the run already said (the change, the audit's run, warnings).
func assemble(a assembly, r *report.Report) {
	kept := a.judged
	if a.audit {
		kept = keepRetiredThatExist(a.judged)
	}
	r.Findings = findings(kept)
	if a.audit {
		r.Reverse, r.Orphans = a.reverse, orphans(a.policy, a.publishing, a.owned)
		if r.Reverse != nil {
			r.Reverse.Unjudged = countGoverned(r.Orphans)
		}
		finishRun(a.carry, r, a.judged)
		r.Exceptions = a.policy.ExceptionStates(a.today, r.Packages())
		if a.baseline != nil {
			r.CompareWith(a.baseline)
		}
		r.Releases = auditReleases(a.policy, a.releases, a.baseline, kept)
	}
	r.Summarize()
	if releaseFails(r.Releases) {
		r.Verdict = report.Fail
	}
	if r.Reverse != nil && r.Reverse.Error != "" && r.Verdict == report.Pass {
		r.Verdict = report.Unverified // the owner's projects could not be listed
	}
}
