package policy

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/report"
)

// Ownership is what PyPI says about a package: the input of Judge.
type Ownership struct {
	Exists       bool
	Roles        []report.Role
	Organization string
	// OrganizationUnknown is set when PyPI could not say whether the
	// project belongs to an organization (a project without releases).
	OrganizationUnknown bool
}

// Verdict is the judgement about one package.
type Verdict struct {
	Status   report.Status
	Severity report.Severity
	// Extra are the accounts, other than the owner, that can upload and that
	// no unexpired exception covers.
	Extra       []string
	Message     string
	Remediation string
}

// Judge applies the policy to what PyPI said about pkg, on day today. The
// statuses are docs/design.md section 6's; accounts and package names are
// compared as PyPI compares them (case-insensitively, PEP 503).
func (p *Policy) Judge(pkg string, o Ownership, today time.Time) Verdict {
	if !o.Exists {
		return Verdict{Status: report.Pending, Severity: report.Info,
			Message: fmt.Sprintf("%s does not exist on PyPI yet; the first release, uploaded by %s, will create it with %s as its Owner.", pkg, p.Owner, p.Owner)}
	}
	if o.Organization != "" {
		return p.organizationOwned(pkg, o)
	}
	ownerRole, others := p.split(o.Roles)
	exc := p.exceptionFor(pkg)
	uncovered, expired, applies := others, false, false
	if exc != nil {
		expired = exc.ExpiredOn(today)
		applies = exc.appliesBeside(ownerRole)
		if !expired && applies {
			uncovered = notCovered(others, exc)
		}
	}
	v := p.roleVerdict(pkg, o.Roles, ownerRole, others, uncovered)
	if exc != nil {
		v = p.withException(pkg, v, exc, others, uncovered, expired, applies)
	}
	if o.OrganizationUnknown && !v.Status.Fails() {
		return organizationUnknown(pkg, o.Roles)
	}
	return v
}

// organizationUnknown is the verdict for roles that would pass on a project
// whose organization PyPI does not show: it cannot be called clean.
func organizationUnknown(pkg string, roles []report.Role) Verdict {
	return Verdict{Status: report.StatusUnverified, Severity: report.Info,
		Message:     fmt.Sprintf("%s has no release on PyPI, and for such a project PyPI shows no organization: its roles (%s) would pass, but an organization's owners could upload too. pypiguard claims nothing about it.", pkg, describeRoles(roles)),
		Remediation: fmt.Sprintf("An Owner can check the project's settings at https://pypi.org/manage/project/%s/settings/; its first release makes PyPI's JSON API show its organization.", naming.Normalize(pkg))}
}

// split finds the owner's role ("" when absent) and the other accounts.
func (p *Policy) split(roles []report.Role) (ownerRole string, others []string) {
	for _, r := range roles {
		switch {
		case !naming.SameUser(r.User, p.Owner):
			if !containsFold(others, r.User) {
				others = append(others, r.User)
			}
		case ownerRole == "" || r.Role == "Owner":
			ownerRole = r.Role
		}
	}
	return ownerRole, others
}

// containsFold reports whether list holds the username s, as PyPI compares
// usernames.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return naming.SameUser(x, s) })
}

func notCovered(accounts []string, e *Exception) []string {
	var out []string
	for _, a := range accounts {
		if !e.Covers(a) {
			out = append(out, a)
		}
	}
	return out
}

func (p *Policy) exceptionFor(pkg string) *Exception {
	n := naming.Normalize(pkg)
	for i := range p.Exceptions {
		if naming.Normalize(p.Exceptions[i].Package) == n {
			return &p.Exceptions[i]
		}
	}
	return nil
}

// roleVerdict judges the direct roles, counting only uncovered accounts as
// others.
func (p *Policy) roleVerdict(pkg string, roles []report.Role, ownerRole string, others, uncovered []string) Verdict {
	listed := describeRoles(roles)
	url := CollaborationURL(pkg)
	switch {
	case len(roles) == 0:
		return Verdict{Status: report.NotOwner, Severity: report.Critical,
			Message:     fmt.Sprintf("%s exists on PyPI but lists no collaborator pypiguard can see, so %s cannot publish it and someone unknown controls the name.", pkg, p.Owner),
			Remediation: fmt.Sprintf("Ask the PyPI admins (admin@pypi.org) who controls %s, then have %s made its only Owner; until then, do not release under this name.", pkg, p.Owner)}
	case ownerRole == "" && len(uncovered) > 0:
		return Verdict{Status: report.NotOwner, Severity: report.Critical, Extra: uncovered,
			Message: fmt.Sprintf("%s has no role on %s: the name is held by %s, who can publish any release under it. The rule: %s must be the only collaborator, as Owner.", p.Owner, pkg, listed, p.Owner),
			Remediation: fmt.Sprintf("An Owner of %s (%s) must add %s as Owner at %s and then remove every other account; if the name belongs to an unrelated project, choose another PyPI name (openstack/releases repository-settings pypi-name).",
				pkg, ownersOf(roles, p.Owner), p.Owner, url)}
	case ownerRole == "Maintainer" && len(uncovered) > 0:
		return Verdict{Status: report.NotOwner, Severity: report.High, Extra: uncovered,
			Message: fmt.Sprintf("%s is only a Maintainer of %s; listed: %s. The rule: %s must be the only collaborator, as Owner.", p.Owner, pkg, listed, p.Owner),
			Remediation: fmt.Sprintf("An Owner of %s (%s) must make %s an Owner at %s, then remove %s.",
				pkg, ownersOf(roles, p.Owner), p.Owner, url, strings.Join(uncovered, ", "))}
	case len(uncovered) > 0:
		return Verdict{Status: report.ExtraMaintainers, Severity: report.High, Extra: uncovered,
			Message:     fmt.Sprintf("%s is Owner of %s, but %s can also upload; listed: %s. The rule: %s must be the only collaborator.", p.Owner, pkg, strings.Join(uncovered, ", "), listed, p.Owner),
			Remediation: fmt.Sprintf("Remove %s at %s. %s's holders (OpenDev's infra team: ask in #opendev or on service-discuss) can do it, as can any other Owner listed.", strings.Join(uncovered, ", "), url, p.Owner)}
	case len(others) > 0:
		return Verdict{Status: report.Exempt, Severity: report.Info}
	case ownerRole == "Maintainer":
		return Verdict{Status: report.NotOwner, Severity: report.High,
			Message:     fmt.Sprintf("%s is the only collaborator of %s but only as Maintainer, which PyPI should not allow; listed: %s.", p.Owner, pkg, listed),
			Remediation: fmt.Sprintf("Ask the PyPI admins (admin@pypi.org) to make %s the Owner of %s.", p.Owner, pkg)}
	}
	return Verdict{Status: report.Clean, Severity: report.Info,
		Message: fmt.Sprintf("%s is the only collaborator of %s, as Owner.", p.Owner, pkg)}
}

func (p *Policy) withException(pkg string, v Verdict, e *Exception, others, uncovered []string, expired, applies bool) Verdict {
	until := e.Expires.Format(time.DateOnly)
	switch {
	case !applies && len(others) > 0:
		v.Message += fmt.Sprintf(" The exception for %s (%s) does not apply: an exception allows accounts only beside %s as Owner, unless it says handover: true (a name handed over by a recorded decision).", strings.Join(e.Accounts, ", "), e.Reason, p.Owner)
	case expired && len(others) > 0:
		v.Message += fmt.Sprintf(" The exception for %s expired on %s (%s).", strings.Join(e.Accounts, ", "), until, e.Reason)
		v.Remediation += " Or renew the exception in the policy file, if the decision still stands."
	case v.Status == report.Exempt:
		v.Message = fmt.Sprintf("%s: %s may upload besides %s until %s: %s.", pkg, strings.Join(others, ", "), p.Owner, until, e.Reason)
		if e.Link != "" {
			v.Message += " See " + e.Link + "."
		}
	case len(uncovered) < len(others):
		covered := notIn(others, uncovered)
		v.Message += fmt.Sprintf(" An exception covers %s until %s; it does not cover %s.", strings.Join(covered, ", "), until, strings.Join(uncovered, ", "))
	}
	return v
}

func notIn(all, some []string) []string {
	var out []string
	for _, a := range all {
		if !containsFold(some, a) {
			out = append(out, a)
		}
	}
	return out
}

func (p *Policy) organizationOwned(pkg string, o Ownership) Verdict {
	_, others := p.split(o.Roles)
	listed := "no direct collaborator"
	if len(o.Roles) > 0 {
		listed = "direct collaborators " + describeRoles(o.Roles)
	}
	return Verdict{Status: report.OrganizationOwned, Severity: report.Critical, Extra: others,
		Message: fmt.Sprintf("%s belongs to the PyPI organization %q (%s): the organization's owners and its teams can upload, and PyPI does not show who they are. The rule: %s must be the only collaborator, as Owner.", pkg, o.Organization, listed, p.Owner),
		Remediation: fmt.Sprintf("An owner of the organization %s must remove %s from it (https://pypi.org/manage/organization/%s/projects/) and leave %s as its only Owner (%s).",
			o.Organization, pkg, o.Organization, p.Owner, CollaborationURL(pkg))}
}

// CollaborationURL is where a PyPI project's collaborators are managed.
func CollaborationURL(pkg string) string {
	return "https://pypi.org/manage/project/" + naming.Normalize(pkg) + "/collaboration/"
}

func describeRoles(roles []report.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = r.User + " (" + r.Role + ")"
	}
	return strings.Join(parts, ", ")
}

func ownersOf(roles []report.Role, except string) string {
	var owners []string
	for _, r := range roles {
		if r.Role == "Owner" && !naming.SameUser(r.User, except) {
			owners = append(owners, r.User)
		}
	}
	if len(owners) == 0 {
		return "none listed: ask the PyPI admins, admin@pypi.org"
	}
	return strings.Join(owners, ", ")
}

// NotApplicable is the verdict for a repo that does not publish to PyPI.
func NotApplicable(repo, why string) Verdict {
	return Verdict{Status: report.NotApplicable, Severity: report.Info,
		Message: fmt.Sprintf("%s does not publish to PyPI (%s); nothing to check.", repo, why)}
}

// Unverified is the verdict for a package PyPI could not be asked about.
// The fix says nothing of Zuul: a local run reads it too, and the Gerrit
// message says how to run the gate again.
func Unverified(pkg string, err error) Verdict {
	fix := "Re-run later; if PyPI keeps failing, see https://status.python.org/."
	var down interface{ NetworkDown() bool }
	if errors.As(err, &down) && down.NetworkDown() {
		fix = "Check the network or proxy (or --pypi-url), then re-run."
	}
	return Verdict{Status: report.StatusUnverified, Severity: report.Info,
		Message:     fmt.Sprintf("PyPI could not be asked who can upload %s: %v. pypiguard claims nothing about it.", pkg, err),
		Remediation: fix}
}
