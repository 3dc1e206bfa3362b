package policy

import (
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/report"
)

// expiringWithin is how soon an exception's end is worth saying.
const expiringWithin = 30 // days

// ExceptionStates lists the exceptions that need attention on today:
// expired, unused (naming none of packages, the packages an audit judged)
// or expiring within 30 days, in the policy's order.
func (p *Policy) ExceptionStates(today time.Time, packages []string) []report.ExceptionState {
	used := make(map[string]bool, len(packages))
	for _, pkg := range packages {
		used[naming.Normalize(pkg)] = true
	}
	soon := today.AddDate(0, 0, expiringWithin)
	var out []report.ExceptionState
	for _, e := range p.Exceptions {
		state := ""
		switch {
		case e.ExpiredOn(today):
			state = "expired"
		case !used[naming.Normalize(e.Package)]:
			state = "unused"
		case e.ExpiredOn(soon):
			state = "expiring"
		default:
			continue
		}
		out = append(out, report.ExceptionState{Package: e.Package, Accounts: e.Accounts, Reason: e.Reason, Link: e.Link,
			Expires: e.Expires.Format(time.DateOnly), State: state, File: p.File, Line: e.Line})
	}
	return out
}
