package guard

import (
	"errors"
	"fmt"

	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// alsoJudged is one Also candidate of a repo's name with what PyPI says
// about it, judged as if it were the package's name: for information only.
type alsoJudged struct {
	names.Candidate
	verdict policy.Verdict
	own     *pypi.Ownership
	err     error
}

func (d *Deps) alsoVerdict(c names.Candidate, res pypi.Result) alsoJudged {
	v, own := d.verdict(res)
	return alsoJudged{Candidate: c, verdict: v, own: own, err: res.Err}
}

// alsoChecked is the report's form of the Also look-ups.
func alsoChecked(as []alsoJudged) []report.AlsoChecked {
	var out []report.AlsoChecked
	for _, a := range as {
		c := report.AlsoChecked{Name: a.Name, Source: string(a.Source), Guessed: a.Guessed, Status: a.verdict.Status, Accounts: []report.Role{}}
		if a.own != nil {
			c.Accounts, c.Organization = reportRoles(a.own.Roles), a.own.Organization
		}
		if a.err != nil {
			c.Error = a.err.Error()
		}
		out = append(out, c)
	}
	return out
}

// nameUnknown is the name and verdict of a repo whose name could not be
// read (Gerrit or a checkout failed: names.ReadError) or whose file the
// build refuses (names.FileError): the basename stands in, marked guessed,
// and nothing is claimed about it.
func nameUnknown(repo string, err error) (names.Resolved, policy.Verdict) {
	base := naming.RepoBase(repo)
	name := names.Resolved{Repo: repo, Name: base, Source: names.FromBasename, Where: repo, Guessed: true, Unknown: err.Error()}
	fix := "Re-run later: the file could not be read."
	var fe *names.FileError
	if errors.As(err, &fe) {
		fix = fmt.Sprintf("Fix %s so that the build can read it, or set the name in the policy's names:.", fe.Where)
	}
	return name, policy.Verdict{Status: report.StatusUnverified, Severity: report.Info,
		Message:     fmt.Sprintf("The PyPI name of %s could not be known: %v. pypiguard claims nothing about it.", repo, err),
		Remediation: fix}
}
