package guard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// AuditInput is what an audit reads besides its Deps.
type AuditInput struct {
	// Baseline is the previous run's report, or nil.
	Baseline *report.Report
	// Reverse asks PyPI which projects the owner holds a role on.
	Reverse bool
	// Expect, when set, is told of look-ups to come, as they are known.
	Expect func(lookups int)
	// Incremental lets an audit given a Baseline ask only what PyPI's
	// journal and the governed files show changed (incremental.go).
	Incremental Incremental
	// Releases is openstack/releases, to compare PyPI's versions with
	// (issue 19; auditreleases.go).
	Releases ReleasesInput
}

// Audit judges every governed repo: projects.yaml, the SIGs' and the TC's,
// and the retired repos of legacy.yaml whose packages still exist on PyPI.
// With Reverse it also lists the owner's projects no governed repo maps to.
//
// Collect: governance and project-config side by side, then
// openstack/releases. Judge: PyPI's
// journal (incremental.go), the names, PyPI's answers, the reverse audit
// and who the extra accounts are. Assemble: one pure step (assemble.go).
func Audit(ctx context.Context, d *Deps, in AuditInput) (*report.Report, error) {
	if d.Loader == nil {
		return nil, errors.New("an audit needs governance to read: no loader was given")
	}
	var g *governance.Governance
	var leaders map[string][]identity.Person
	var pc *projectconfig.Config
	var eg errgroup.Group
	eg.Go(func() (err error) { g, leaders, err = d.Loader.Governance(ctx); return })
	eg.Go(func() (err error) { pc, err = d.Loader.ProjectConfig(ctx); return })
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	// openstack/releases after them, not beside: its thousands of small
	// files would add their garbage to the two big trees' at the peak, and
	// an audit's time is PyPI's, not this second of parsing.
	ix, ixSource, err := d.Loader.Releases(ctx)
	if err != nil {
		return nil, err
	}
	if ix != nil {
		in.Releases.Index, in.Releases.Source = ix, ixSource
	}
	d = d.forRun(pc, leaders)
	r := d.newReport("audit")
	r.Repository = "governance"
	carry := d.plan(ctx, in, r)
	carry.expect = in.Expect
	d = d.with(carry)
	out := d.classify(auditTargets(g, &r.Warnings), d.publishing)
	if err := d.resolve(ctx, out, true); err != nil {
		return nil, err
	}
	if r.Audit.Mode == report.AuditIncremental {
		freshTargets(carry, in.Baseline, out)
	}
	// The reverse audit runs beside the main look-ups rather than before
	// them: its user_packages call is a round trip the look-ups need not
	// wait for, and the client's slots bound both together.
	var wg sync.WaitGroup
	var rev *report.Reverse
	var owned []ownedJudged
	if in.Reverse {
		mapped, unjudged := mappedNames(out)
		wg.Go(func() {
			var pkgs []pypi.Package
			rev, pkgs = d.reverse(ctx, mapped)
			owned = d.judgeOwned(pkgs, d.PyPI.Lookup(ctx, packageNames(pkgs)), unjudged)
		})
	}
	d.lookup(ctx, out)
	wg.Wait()
	d.identify(ctx, out, owned)
	assemble(assembly{policy: d.Policy, judged: out, audit: true, today: d.Today, publishing: d.publishing,
		reverse: rev, owned: owned, carry: carry, baseline: in.Baseline, releases: in.Releases}, r)
	return r, nil
}

// with is d asking PyPI through l.
func (d *Deps) with(l Lookuper) *Deps {
	c := *d
	c.PyPI = l
	return &c
}

// mappedNames is every package name a judged governed repo maps to (its
// name, the other names looked up beside it, its basename), normalized; and,
// for the repos the audit does not judge (not-applicable: they publish
// nothing, say governance and project-config), their names and basenames.
// A package the owner holds under a name only an unjudged repo maps to is
// judged by the reverse audit: counting it as mapped would leave it judged
// by nobody (issue 13: five repos that publish with release-management:
// none were once skipped both ways).
func mappedNames(out []judged) (mapped map[string]bool, unjudged map[string]judged) {
	mapped, unjudged = map[string]bool{}, map[string]judged{}
	for _, j := range out {
		ns := []string{naming.RepoBase(j.repo)}
		if j.name.Name != "" {
			ns = append(ns, j.name.Name)
		}
		if j.verdict.Status == report.NotApplicable {
			for _, n := range ns {
				if k := naming.Normalize(n); !hasKey(unjudged, k) {
					unjudged[k] = j
				}
			}
			continue
		}
		for _, c := range j.name.Also {
			ns = append(ns, c.Name)
		}
		for _, n := range ns {
			mapped[naming.Normalize(n)] = true
		}
	}
	return mapped, unjudged
}

func countGoverned(orphans []report.Orphan) int {
	n := 0
	for _, o := range orphans {
		if o.Governed != "" {
			n++
		}
	}
	return n
}

func packageNames(pkgs []pypi.Package) []string {
	names := make([]string, len(pkgs))
	for i, p := range pkgs {
		names[i] = p.Name
	}
	return names
}

// auditTargets lists every repo once: projects.yaml first, then SIGs and the
// TC, then legacy.yaml.
func auditTargets(g *governance.Governance, ws *[]report.Warning) []target {
	var out []target
	seen := map[string]bool{}
	add := func(t target) {
		if seen[t.repo] {
			if !t.retired {
				*ws = append(*ws, report.Warning{File: t.file, Line: t.line, Message: "repo " + t.repo + " is listed more than once; audited once"})
			}
			return
		}
		seen[t.repo] = true
		out = append(out, t)
	}
	teams := func(ts []*governance.Team, retired bool) {
		for _, team := range ts {
			for _, del := range team.Deliverables {
				for _, repo := range del.Repos {
					add(target{repo: repo.Name, deliverable: del.Name, team: team.Name, ownerKind: changes.OwnerTeam,
						releaseManagement: del.ReleaseManagement, file: repo.Pos.File, line: repo.Pos.Line, retired: retired})
				}
			}
		}
	}
	teams(g.Teams, false)
	for _, gr := range g.Groups {
		for _, repo := range gr.Repos {
			add(target{repo: repo.Name, team: gr.Name, ownerKind: string(gr.Kind), file: repo.Pos.File, line: repo.Pos.Line})
		}
	}
	teams(g.Legacy, true)
	return out
}

// keepRetiredThatExist drops retired repos whose package is not on PyPI or
// that never published: only installable retired packages are a risk.
func keepRetiredThatExist(out []judged) []judged {
	return slices.DeleteFunc(slices.Clone(out), func(j judged) bool {
		return j.retired && (j.verdict.Status == report.Pending || j.verdict.Status == report.NotApplicable)
	})
}

// reverse asks which projects the owner holds a role on, and keeps those no
// governed repo maps to.
func (d *Deps) reverse(ctx context.Context, mapped map[string]bool) (*report.Reverse, []pypi.Package) {
	rev := &report.Reverse{Owner: d.Policy.Owner}
	pkgs, err := d.PyPI.UserPackages(ctx, d.Policy.Owner)
	if err != nil {
		rev.Error = err.Error()
		return rev, nil
	}
	var orphans []pypi.Package
	for _, p := range pkgs {
		if !mapped[naming.Normalize(p.Name)] {
			orphans = append(orphans, p)
		}
	}
	slices.SortFunc(orphans, func(a, b pypi.Package) int {
		return strings.Compare(naming.Normalize(a.Name), naming.Normalize(b.Name))
	})
	rev.Packages, rev.Orphans = len(pkgs), len(orphans)
	return rev, orphans
}

// ownedJudged is a project the owner holds a role on that no judged
// governed repo maps to, with PyPI's answer about it.
type ownedJudged struct {
	pkg     pypi.Package
	verdict policy.Verdict
	own     *pypi.Ownership
	// governed is the governed repo the audit does not judge that maps to
	// it (it publishes nothing, say governance and project-config), or the
	// zero judged.
	governed judged
	who      []identity.Result
}

// judgeOwned judges the owner's unmapped projects by PyPI's answers;
// unjudged are the governed repos the audit did not judge, by the names
// they map to.
func (d *Deps) judgeOwned(owned []pypi.Package, results []pypi.Result, unjudged map[string]judged) []ownedJudged {
	out := make([]ownedJudged, len(owned))
	for i, p := range owned {
		out[i].pkg, out[i].governed = p, unjudged[naming.Normalize(p.Name)]
		out[i].verdict, out[i].own = d.verdict(results[i])
	}
	return out
}

// orphans are the report's form of the owner's unmapped projects, for
// information.
func orphans(pol *policy.Policy, pc *projectconfig.Config, owned []ownedJudged) []report.Orphan {
	out := make([]report.Orphan, 0, len(owned))
	outside := outsideRepos(pol, pc)
	for _, oj := range owned {
		p, v := oj.pkg, oj.verdict
		o := report.Orphan{Package: p.Name, OwnerRole: p.Role, Roles: []report.Role{}, ExtraAccounts: []string{}, Repo: outside[naming.Normalize(p.Name)],
			Governed: oj.governed.repo, Status: v.Status}
		if v.Extra != nil {
			o.ExtraAccounts = v.Extra
		}
		if oj.own != nil {
			o.Organization, o.Roles = oj.own.Organization, reportRoles(oj.own.Roles)
		}
		if oj.who != nil {
			o.Accounts = accounts(oj.who, o.Roles)
		}
		where := "no governed repo maps to it"
		switch {
		case o.Governed != "":
			where = fmt.Sprintf("the governed repo %s, which maps to it, is not judged by the audit: it does not publish to PyPI (%s)", o.Governed, notApplicable(oj.governed.target, pc, pol))
		case o.Repo != "":
			where += "; project-config lists " + o.Repo + ", outside the governed namespaces"
		}
		o.Message = fmt.Sprintf("%s holds the %s role on %s, but %s. %s", pol.Owner, p.Role, p.Name, where, v.Message)
		out = append(out, o)
	}
	return out
}

// outsideRepos maps a normalized package name to the first project-config
// repo outside the governed namespaces whose basename it is.
func outsideRepos(pol *policy.Policy, pc *projectconfig.Config) map[string]string {
	if pc == nil {
		return nil
	}
	m := map[string]string{}
	for _, p := range pc.Projects {
		if slices.Contains(pol.Namespaces, naming.RepoNamespace(p.Name)) {
			continue
		}
		if n := naming.Normalize(naming.RepoBase(p.Name)); m[n] == "" {
			m[n] = p.Name
		}
	}
	return m
}

func hasKey[V any](m map[string]V, k string) bool { _, ok := m[k]; return ok }
