package cli

import (
	"fmt"

	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// unreachableNote says once, at the top of the report, that PyPI could not
// be reached and that the look-ups stopped: the findings then each say
// "not asked" instead of repeating a diagnosis after minutes of retries.
func (a *app) unreachableNote(r *report.Report, d *guard.Deps) {
	c, ok := d.PyPI.(interface {
		Unreachable() (*pypi.UnreachableError, int)
	})
	if !ok {
		return
	}
	u, skipped := c.Unreachable()
	if u == nil {
		return
	}
	a.addNotes(r, []string{fmt.Sprintf("%v. After %d requests in a row failed so, pypiguard stopped asking (%d requests not sent): every package not answered is unverified",
		u, pypi.UnreachableAfter, skipped)})
}
