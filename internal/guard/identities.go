package guard

import (
	"context"
	"strings"

	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/whois"
)

// Identifier tells who a package's extra accounts are (issue 15);
// *whois.Whois is one. It never fails: what it could not ask is unverified.
type Identifier interface {
	Identify(ctx context.Context, repo string, team whois.Team, accounts []string) []identity.Result
}

// identifyAtOnce bounds the findings whose accounts are asked about at
// once, as resolve bounds name look-ups; the clients bound the requests.
const identifyAtOnce = 8

// identify asks who the extra accounts of every judged repo and every
// orphan are, once PyPI has answered; assemble applies the answers (the
// accounts, and the severity identity decides). The verdicts never change:
// every extra account is a violation. Nothing is asked when d.Whois is nil
// (--identity=false, or no Gerrit).
func (d *Deps) identify(ctx context.Context, js []judged, owned []ownedJudged) {
	if d.Whois == nil {
		return
	}
	var g errgroup.Group
	g.SetLimit(identifyAtOnce)
	for i := range js {
		j := &js[i]
		if len(j.verdict.Extra) == 0 {
			continue
		}
		g.Go(func() error {
			j.who = d.Whois.Identify(ctx, j.repo, d.team(j.team), j.verdict.Extra)
			return nil
		})
	}
	for i := range owned {
		o := &owned[i]
		if len(o.verdict.Extra) == 0 {
			continue
		}
		g.Go(func() error {
			// An orphan's team is that of the governed repo mapping to it,
			// if any: without one, no core group can be read.
			o.who = d.Whois.Identify(ctx, o.governed.repo, d.team(o.governed.team), o.verdict.Extra)
			return nil
		})
	}
	_ = g.Wait()
}

// team is a team with its PTL and liaisons.
func (d *Deps) team(name string) whois.Team {
	return whois.Team{Name: name, Leaders: d.leaders[name]}
}

// accounts are the identities as the report shows them, each with the
// account's role on PyPI.
func accounts(rs []identity.Result, roles []report.Role) []report.Account {
	out := make([]report.Account, len(rs))
	for i, r := range rs {
		out[i] = report.Account{User: r.User, Role: roleOf(r.User, roles), Identity: string(r.Identity), Evidence: r.Evidence, Weak: r.Weak}
	}
	return out
}

// roleOf is user's role on PyPI, compared as PyPI compares usernames.
func roleOf(user string, roles []report.Role) string {
	for _, r := range roles {
		if strings.EqualFold(r.User, user) {
			return r.Role
		}
	}
	return ""
}

// needsIdentities says whether any judged repo has extra accounts to ask
// about.
func needsIdentities(js []judged) bool {
	for _, j := range js {
		if len(j.verdict.Extra) > 0 {
			return true
		}
	}
	return false
}

// withLeaders is d with the PTLs and liaisons of projects.yaml when the
// change holds it at head (a governance change is judged by its own
// tree), read only when some account is to be identified. The file parsed
// already, so an error here leaves the leaders as they were.
func (d *Deps) withLeaders(head map[string][]byte, js []judged) *Deps {
	data := head[governance.ProjectsFile]
	if d.Whois == nil || data == nil || !needsIdentities(js) {
		return d
	}
	root, err := d.Memo.Parse(governance.ProjectsFile, data)
	if err != nil {
		return d
	}
	leaders, err := whois.LeadersOf(governance.ProjectsFile, root)
	if err != nil {
		return d
	}
	dd := *d
	dd.leaders = leaders
	return &dd
}
