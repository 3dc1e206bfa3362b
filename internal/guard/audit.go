package guard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// AuditInput is what an audit reads besides its Deps.
type AuditInput struct {
	Governance *governance.Governance
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
func Audit(ctx context.Context, d *Deps, in AuditInput, r *report.Report) error {
	r.Repository = "governance"
	carry := d.plan(ctx, in, r)
	d = d.with(carry)
	out := d.classify(auditTargets(in.Governance, &r.Warnings), d.Publishing)
	if err := d.resolve(ctx, out, true); err != nil {
		return err
	}
	if r.Audit.Mode == report.AuditIncremental {
		freshTargets(carry, in.Baseline, out)
	}
	expect := in.Expect
	if expect == nil {
		expect = func(int) {}
	}
	// The reverse audit runs beside the main look-ups rather than before
	// them: its user_packages call is a round trip the look-ups need not
	// wait for, and the client's slots bound both together.
	var wg sync.WaitGroup
	var owned []pypi.Package
	var results []pypi.Result
	var unjudged map[string]judged
	if in.Reverse {
		var mapped map[string]bool
		mapped, unjudged = mappedNames(out)
		wg.Go(func() {
			r.Reverse, owned = d.reverse(ctx, mapped)
			expect(len(owned))
			results = d.PyPI.Lookup(ctx, packageNames(owned))
		})
	}
	expect(countPending(out))
	d.lookup(ctx, out)
	wg.Wait()
	kept := keepRetiredThatExist(out)
	r.Findings = findings(kept)
	r.Orphans = d.orphans(owned, results, unjudged)
	if r.Reverse != nil {
		r.Reverse.Unjudged = countGoverned(r.Orphans)
	}
	d.identify(ctx, r.Findings, r.Orphans, teamsOf(out))
	finishRun(carry, r, out)
	r.Exceptions = d.Policy.ExceptionStates(d.Today, r.Packages())
	if in.Baseline != nil {
		r.CompareWith(in.Baseline)
	}
	r.Releases = d.auditReleases(in.Releases, in.Baseline, kept)
	r.Summarize()
	if releaseFails(r.Releases) {
		r.Verdict = report.Fail
	}
	if r.Reverse != nil && r.Reverse.Error != "" && r.Verdict == report.Pass {
		r.Verdict = report.Unverified
	}
	return nil
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

// teamsOf maps each repo to its owner (team, SIG or the TC).
func teamsOf(out []judged) map[string]string {
	m := make(map[string]string, len(out))
	for _, j := range out {
		m[j.repo] = j.team
	}
	return m
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

func countPending(out []judged) int {
	n := 0
	for _, j := range out {
		if j.verdict.Status == "" {
			n += 1 + len(j.name.Also) // the Also names are looked up too
		}
	}
	return n
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

// orphans judges the owner's unmapped projects, for information; unjudged
// are the governed repos the audit did not judge, by the names they map to.
func (d *Deps) orphans(owned []pypi.Package, results []pypi.Result, unjudged map[string]judged) []report.Orphan {
	out := make([]report.Orphan, 0, len(owned))
	outside := d.outsideRepos()
	for i, p := range owned {
		o := report.Orphan{Package: p.Name, OwnerRole: p.Role, Roles: []report.Role{}, ExtraAccounts: []string{}, Repo: outside[naming.Normalize(p.Name)]}
		j, governed := unjudged[naming.Normalize(p.Name)]
		if governed {
			o.Governed = j.repo
		}
		v, own := d.verdict(results[i])
		o.Status, o.Message = v.Status, v.Message
		if v.Extra != nil {
			o.ExtraAccounts = v.Extra
		}
		if own != nil {
			o.Organization, o.Roles = own.Organization, reportRoles(own.Roles)
		}
		where := "no governed repo maps to it"
		switch {
		case governed:
			where = fmt.Sprintf("the governed repo %s, which maps to it, is not judged by the audit: it does not publish to PyPI (%s)", j.repo, notApplicable(j.target, d.Publishing, d.Policy))
		case o.Repo != "":
			where += "; project-config lists " + o.Repo + ", outside the governed namespaces"
		}
		o.Message = fmt.Sprintf("%s holds the %s role on %s, but %s. %s", d.Policy.Owner, p.Role, p.Name, where, o.Message)
		out = append(out, o)
	}
	return out
}

// outsideRepos maps a normalized package name to the first project-config
// repo outside the governed namespaces whose basename it is.
func (d *Deps) outsideRepos() map[string]string {
	if d.Publishing == nil {
		return nil
	}
	m := map[string]string{}
	for _, p := range d.Publishing.Projects {
		if slices.Contains(d.Policy.Namespaces, naming.RepoNamespace(p.Name)) {
			continue
		}
		if n := naming.Normalize(naming.RepoBase(p.Name)); m[n] == "" {
			m[n] = p.Name
		}
	}
	return m
}

func hasKey[V any](m map[string]V, k string) bool { _, ok := m[k]; return ok }
