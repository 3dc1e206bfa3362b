package guard

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// DefaultMaxPackages is --max-packages' default: a change touching more
// packages is not a change to review one by one (the real project-config's
// largest, the OpenDev rename, moved hundreds of repos at once), and is
// what the audit is for.
const DefaultMaxPackages = 500

// TooManyPackagesError is a change touching more packages than a check
// looks up.
type TooManyPackagesError struct{ N, Max int }

func (e *TooManyPackagesError) Error() string {
	return fmt.Sprintf("this change touches %d packages, over --max-packages %d: run \"pypiguard audit\" on its head instead, or raise --max-packages", e.N, e.Max)
}

// BadInput says that a change touches more packages than a check looks up: exit 2, fixed by the user (docs/design.md section 8).
func (e *TooManyPackagesError) BadInput() bool { return true }

// target is a repo to judge, with where to point when it fails.
type target struct {
	repo, deliverable, team string
	ownerKind               string
	releaseManagement       string
	file                    string
	line                    int
	events                  []string
	// retired repos (legacy.yaml) are judged whatever project-config says:
	// their packages stay installable after the templates are gone.
	retired bool
	// release is what a release request's deliverable file says about
	// the repo (openstack/releases), or nil.
	release *changes.ReleaseProject
}

// judged is a target with its name and verdict.
type judged struct {
	target
	name    names.Resolved
	verdict policy.Verdict
	own     *pypi.Ownership
	// also are the name's Also candidates, looked up beside it.
	also []alsoJudged
	// who is who its extra accounts are (identify), nil when not asked.
	who []identity.Result
}

// judge resolves, looks up and judges targets, in order. pc says which repos
// publish (nil: unknown). An invalid name is an error: hostile input.
func (d *Deps) judge(ctx context.Context, ts []target, pc *projectconfig.Config) ([]judged, error) {
	out := d.classify(ts, pc)
	if err := d.resolve(ctx, out, false); err != nil {
		return nil, err
	}
	d.lookup(ctx, out)
	return out, nil
}

// classify marks the targets that do not publish to PyPI.
func (d *Deps) classify(ts []target, pc *projectconfig.Config) []judged {
	out := make([]judged, len(ts))
	for i, t := range ts {
		out[i].target = t
		out[i].name = names.Resolved{Repo: t.repo}
		if why := notApplicable(t, pc, d.Policy); why != "" {
			out[i].verdict = policy.NotApplicable(t.repo, why)
		}
	}
	return out
}

// notApplicable says why a target does not publish to PyPI, or "".
// Publishing wins over release-management (docs/design.md section 4): a repo
// that project-config shows publishing is judged whatever its deliverable
// says; none/external skip only repos that publish nothing. Without
// project-config, release-management decides; a repo project-config does
// not know yet is looked up.
func notApplicable(t target, pc *projectconfig.Config, pol *policy.Policy) string {
	if pc == nil {
		// Publishing unknown: release-management decides, as before
		// project-config was read. Looking up the basename of a repo that
		// publishes nothing calls whoever holds that name a violation.
		if !governance.Publishes(t.releaseManagement) {
			return "its deliverable has release-management: " + t.releaseManagement + " (with --project-config, a repo Zuul publishes anyway is judged)"
		}
		return ""
	}
	if _, ok := pc.Publishes(t.repo, pol.PublishRule()); ok {
		return ""
	}
	switch {
	case !governance.Publishes(t.releaseManagement):
		return "its deliverable has release-management: " + t.releaseManagement + ", and nothing under " + projectconfig.ZuulDir + "/ publishes it"
	case t.retired:
		return "" // judged whatever project-config says: their packages stay installable
	case pc.Project(t.repo) == nil && !pc.Listed(t.repo):
		return "" // project-config does not know it yet: unknown
	}
	return "no template matching " + pol.Publish.String() + " and no job uploading to PyPI applies to it under " + projectconfig.ZuulDir + "/"
}

// resolve finds the names of the targets still to judge, eight at a time
// (Gerrit may be asked); with all, of the not-applicable ones too, whose
// names the reverse audit needs (their failures are ignored). A name source
// that cannot be read makes the target unverified.
func (d *Deps) resolve(ctx context.Context, out []judged, all bool) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i := range out {
		pending := out[i].verdict.Status == ""
		if !pending && !all {
			continue
		}
		g.Go(func() error {
			res, err := d.name(ctx, out[i].target)
			var re *names.ReadError
			var fe *names.FileError
			switch {
			case err != nil && !pending:
				return nil
			case errors.As(err, &re), errors.As(err, &fe):
				out[i].name, out[i].verdict = nameUnknown(out[i].repo, err)
				return nil
			case err != nil:
				return err
			}
			out[i].name = res
			return nil
		})
	}
	return g.Wait()
}

// lookup asks PyPI about every target still to judge, and about the other
// names each could publish under (Also), in one batch (the client bounds and
// de-duplicates it), and judges them: the verdict from the decided name
// only.
func (d *Deps) lookup(ctx context.Context, out []judged) {
	var pkgs []string
	var idx []int
	for i := range out {
		if out[i].verdict.Status == "" {
			pkgs, idx = append(pkgs, out[i].name.Name), append(idx, i)
			for _, c := range out[i].name.Also {
				pkgs = append(pkgs, c.Name)
			}
		}
	}
	results := d.PyPI.Lookup(ctx, pkgs)
	k := 0
	for _, i := range idx {
		out[i].verdict, out[i].own = d.verdict(results[k])
		k++
		for _, c := range out[i].name.Also {
			out[i].also = append(out[i].also, d.alsoVerdict(c, results[k]))
			k++
		}
	}
}

func (d *Deps) verdict(res pypi.Result) (policy.Verdict, *pypi.Ownership) {
	if res.Err != nil {
		return policy.Unverified(res.Name, res.Err), nil
	}
	o := res.Ownership
	return d.Policy.Judge(res.Name, policy.Ownership{Exists: o.Exists, Roles: reportRoles(o.Roles), Organization: o.Organization,
		OrganizationUnknown: o.OrganizationUnknown}, d.Today), o
}

// reportRoles are PyPI's roles as a report shows them (never nil).
func reportRoles(rs []pypi.Role) []report.Role {
	out := make([]report.Role, 0, len(rs))
	for _, r := range rs {
		out = append(out, report.Role{Role: r.Role, User: r.User})
	}
	return out
}

// findings turns judgements into report findings, in the targets' order:
// the events' (by file and line) for a check, the governance files' for an
// audit.
func findings(js []judged) []report.Finding {
	out := make([]report.Finding, 0, len(js))
	for _, j := range js {
		f := report.Finding{
			Repo: j.repo, Deliverable: j.deliverable, Team: j.team,
			Package: j.name.Name, NameSource: string(j.name.Source),
			Guessed: j.name.Guessed, NameUnknown: j.name.Unknown, AlsoChecked: alsoChecked(j.also),
			Status: j.verdict.Status, Severity: j.verdict.Severity,
			Roles: []report.Role{}, ExtraAccounts: j.verdict.Extra,
			Message: j.verdict.Message, Remediation: j.verdict.Remediation,
			File: j.file, Line: j.line, Events: j.events,
			OwnerKind: j.ownerKind, Retired: j.retired,
		}
		if f.ExtraAccounts == nil {
			f.ExtraAccounts = []string{}
		}
		if j.own != nil {
			f.Organization, f.Roles = j.own.Organization, reportRoles(j.own.Roles)
		}
		if j.who != nil {
			f.Accounts, f.Severity = accounts(j.who, f.Roles), identity.Apply(f.Severity, j.who)
		}
		out = append(out, f)
	}
	return out
}
