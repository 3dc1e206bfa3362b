package changes

import (
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/naming"
)

// owner identifies who owns a repo: a team, a SIG or the TC.
type owner struct {
	kind, name string
}

// placed is a repo where one snapshot lists it.
type placed struct {
	owner       owner
	deliverable *governance.Deliverable // nil for SIG and TC repos
	repo        governance.Repo
}

// govIndex is one snapshot of governance, indexed for the diff.
type govIndex struct {
	deliverables map[string]*governance.Deliverable // projects.yaml
	legacyDels   map[string]*governance.Deliverable
	repos        map[string][]placed // projects.yaml, SIGs and TC: every owner
	legacyRepos  map[string]placed
	order        []placed // every placement, in file order
	items        map[owner][]string
}

func index(g *governance.Governance) *govIndex {
	ix := &govIndex{
		deliverables: map[string]*governance.Deliverable{},
		legacyDels:   map[string]*governance.Deliverable{},
		repos:        map[string][]placed{},
		legacyRepos:  map[string]placed{},
		items:        map[owner][]string{},
	}
	for _, t := range g.Teams {
		o := owner{OwnerTeam, t.Name}
		ix.touch(o)
		for _, d := range t.Deliverables {
			ix.deliverables[d.Name] = d
			ix.items[o] = append(ix.items[o], d.Name)
			for _, r := range d.Repos {
				ix.add(placed{owner: o, deliverable: d, repo: r})
			}
		}
	}
	for _, gr := range g.Groups {
		o := owner{string(gr.Kind), gr.Name}
		ix.touch(o)
		for _, r := range gr.Repos {
			ix.items[o] = append(ix.items[o], r.Name)
			ix.add(placed{owner: o, repo: r})
		}
	}
	for _, t := range g.Legacy {
		for _, d := range t.Deliverables {
			ix.legacyDels[d.Name] = d
			for _, r := range d.Repos {
				ix.legacyRepos[r.Name] = placed{owner: owner{OwnerTeam, t.Name}, deliverable: d, repo: r}
			}
		}
	}
	return ix
}

// touch records owner o, even one that holds nothing.
func (ix *govIndex) touch(o owner) {
	if _, ok := ix.items[o]; !ok {
		ix.items[o] = []string{}
	}
}

// add records a placement. A repo may have several owners (real history
// has listed repos in two places for years); the diff looks at the set.
func (ix *govIndex) add(p placed) {
	ix.repos[p.repo.Name] = append(ix.repos[p.repo.Name], p)
	ix.order = append(ix.order, p)
}

type govDiff struct {
	base, head *govIndex
	renamed    map[owner]owner   // base owner -> head owner
	delRenamed map[string]string // head deliverable -> base deliverable of the same team and repos
	covered    map[string]bool   // head repos a deliverable event already covers
	gone       map[string]bool   // base repos of deliverables removed or retired
	r          *Result
}

func diffGovernance(base, head *governance.Governance, r *Result) {
	d := &govDiff{base: index(base), head: index(head), covered: map[string]bool{}, gone: map[string]bool{}, r: r}
	d.renamed = d.ownerRenames()
	d.delRenamed = d.deliverableRenames()
	d.deliverables(head)
	d.repos()
}

// ownerRenames pairs owners that disappeared with owners that appeared: a
// team recapitalised, or renamed while keeping most of its deliverables, is
// the same team, so its deliverables have not moved.
func (d *govDiff) ownerRenames() map[owner]owner {
	var gone, came []owner
	for o := range d.base.items {
		if _, ok := d.head.items[o]; !ok {
			gone = append(gone, o)
		}
	}
	for o := range d.head.items {
		if _, ok := d.base.items[o]; !ok {
			came = append(came, o)
		}
	}
	renamed := map[owner]owner{}
	for _, g := range gone {
		if to, ok := d.renameTarget(g, came); ok {
			renamed[g] = to
		}
	}
	return renamed
}

func (d *govDiff) renameTarget(g owner, came []owner) (owner, bool) {
	for _, c := range came {
		if c.kind == g.kind && strings.EqualFold(c.name, g.name) {
			return c, true
		}
	}
	// Otherwise, the new owner that now holds more than half of what g held.
	count := map[owner]int{}
	for _, item := range d.base.items[g] {
		if o, ok := d.headOwnerOf(g.kind, item); ok {
			count[o]++
		}
	}
	for _, c := range came {
		if c.kind == g.kind && 2*count[c] > len(d.base.items[g]) {
			return c, true
		}
	}
	return owner{}, false
}

func (d *govDiff) headOwnerOf(kind, item string) (owner, bool) {
	if kind == OwnerTeam {
		if del, ok := d.head.deliverables[item]; ok {
			return owner{OwnerTeam, del.Team}, true
		}
		return owner{}, false
	}
	if ps := d.head.repos[item]; len(ps) > 0 {
		return ps[0].owner, true
	}
	return owner{}, false
}

// same reports whether base owner b is head owner h, renames included.
func (d *govDiff) same(b, h owner) bool {
	if to, ok := d.renamed[b]; ok {
		b = to
	}
	return b == h
}

func (d *govDiff) deliverables(head *governance.Governance) {
	for _, t := range head.Teams {
		for _, del := range t.Deliverables {
			d.deliverable(del)
		}
	}
	d.goneDeliverables()
	for from, to := range d.renamed {
		if from.kind == OwnerTeam {
			d.r.Info = append(d.r.Info, Event{Kind: RenamedTeam, Team: to.name, OwnerKind: OwnerTeam, From: from.name,
				File: governance.ProjectsFile, Line: d.teamLine(to)})
		}
	}
}

func (d *govDiff) teamLine(o owner) int {
	for _, n := range d.head.items[o] {
		if del := d.head.deliverables[n]; del != nil {
			return del.Pos.Line
		}
	}
	return 0
}

func (d *govDiff) deliverable(del *governance.Deliverable) {
	if len(del.Repos) == 0 {
		// Nothing to check: the loader has warned that it has no repos, and
		// a repo added to it later is a new-repo event.
		return
	}
	ev := deliverableEvent(del)
	if old, ok := d.delRenamed[del.Name]; ok {
		ev.Kind, ev.From = RenamedDeliverable, old
		d.r.Info = append(d.r.Info, ev)
		return
	}
	if was, ok := d.base.deliverables[del.Name]; ok {
		if d.same(owner{OwnerTeam, was.Team}, owner{OwnerTeam, del.Team}) {
			return
		}
		ev.Kind, ev.From = MovedDeliverable, was.Team
	} else if _, ok := d.base.legacyDels[del.Name]; ok {
		ev.Kind = Unretired
	} else {
		ev.Kind = NewDeliverable
	}
	for _, r := range del.Repos {
		d.covered[r.Name] = true
	}
	d.r.Events = append(d.r.Events, ev)
}

// deliverableRenames pairs a deliverable that appeared with one that
// disappeared from the same team holding exactly the same repos: a rename
// (glance_store became glance-store, upstream b3b59e710), which hands
// nothing to anyone new.
func (d *govDiff) deliverableRenames() map[string]string {
	gone := map[string][]*governance.Deliverable{} // by repo set
	for name, was := range d.base.deliverables {
		if _, ok := d.head.deliverables[name]; !ok && len(was.Repos) > 0 {
			gone[repoSet(was)] = append(gone[repoSet(was)], was)
		}
	}
	out := map[string]string{}
	for name, del := range d.head.deliverables {
		if _, ok := d.base.deliverables[name]; ok || len(del.Repos) == 0 {
			continue
		}
		var match []*governance.Deliverable
		for _, was := range gone[repoSet(del)] {
			if d.same(owner{OwnerTeam, was.Team}, owner{OwnerTeam, del.Team}) {
				match = append(match, was)
			}
		}
		if len(match) == 1 {
			out[name] = match[0].Name
		}
	}
	return out
}

func repoSet(del *governance.Deliverable) string {
	names := make([]string, 0, len(del.Repos))
	for _, r := range del.Repos {
		names = append(names, r.Name)
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), "\n")
}

func deliverableEvent(del *governance.Deliverable) Event {
	ev := Event{Team: del.Team, OwnerKind: OwnerTeam, Deliverable: del.Name, ReleaseManagement: del.ReleaseManagement,
		File: del.Pos.File, Line: del.Pos.Line}
	for _, r := range del.Repos {
		ev.Repos = append(ev.Repos, r.Name)
	}
	return ev
}

func (d *govDiff) goneDeliverables() {
	renamedAway := map[string]bool{}
	for _, old := range d.delRenamed {
		renamedAway[old] = true
	}
	for name, was := range d.base.deliverables {
		if _, ok := d.head.deliverables[name]; ok || renamedAway[name] {
			continue
		}
		ev := deliverableEvent(was)
		ev.Kind, ev.AtBase = RemovedDeliverable, true
		if ret, ok := d.head.legacyDels[name]; ok {
			ev.Kind, ev.AtBase = RetiredDeliverable, false
			ev.File, ev.Line = ret.Pos.File, ret.Pos.Line
		}
		for _, r := range was.Repos {
			d.gone[r.Name] = true
		}
		d.r.Info = append(d.r.Info, ev)
	}
}

func repoEvent(kind Kind, p placed) Event {
	ev := Event{Kind: kind, Team: p.owner.name, OwnerKind: p.owner.kind, Repos: []string{p.repo.Name},
		File: p.repo.Pos.File, Line: p.repo.Pos.Line}
	if p.deliverable != nil {
		ev.Deliverable = p.deliverable.Name
		ev.ReleaseManagement = p.deliverable.ReleaseManagement
	}
	return ev
}

func (d *govDiff) repos() {
	renamedFrom := d.repoRenames()
	seen := map[string]bool{} // repo and head owner already reported
	for _, p := range d.head.order {
		name := p.repo.Name
		if d.covered[name] || seen[name+"\x00"+p.owner.kind+"\x00"+p.owner.name] {
			continue
		}
		seen[name+"\x00"+p.owner.kind+"\x00"+p.owner.name] = true
		if old, ok := renamedFrom[name]; ok {
			if !seen[name] {
				ev := repoEvent(RenamedRepo, p)
				ev.From = old
				d.r.Info = append(d.r.Info, ev)
			}
			name = old
		}
		seen[p.repo.Name] = true
		d.repo(p, name)
	}
	d.goneRepos(renamedFrom)
}

// repo reports placement p when it gives the repo an owner it did not have
// at base: new, back from retirement, or moved (a further owner). Losing
// one of two owners, or being listed twice by the same owner, is no event.
func (d *govDiff) repo(p placed, baseName string) {
	if was := d.base.repos[baseName]; len(was) > 0 {
		for _, w := range was {
			if d.same(w.owner, p.owner) {
				return
			}
		}
		ev := repoEvent(MovedRepo, p)
		ev.From = was[0].owner.name
		d.r.Events = append(d.r.Events, ev)
		return
	}
	if _, ok := d.base.legacyRepos[baseName]; ok {
		d.r.Events = append(d.r.Events, repoEvent(Unretired, p))
		return
	}
	d.r.Events = append(d.r.Events, repoEvent(NewRepo, p))
}

// repoRenames pairs repos listed only at head with repos listed only at base
// that have the same basename: the OpenDev migration renamed hundreds of
// repos to another namespace, and their PyPI names did not change.
func (d *govDiff) repoRenames() map[string]string {
	goneByBase := map[string][]string{}
	for name := range d.base.repos {
		if _, ok := d.head.repos[name]; !ok {
			b := naming.RepoBase(name)
			goneByBase[b] = append(goneByBase[b], name)
		}
	}
	out := map[string]string{}
	for name := range d.head.repos {
		if _, ok := d.base.repos[name]; ok {
			continue
		}
		if olds := goneByBase[naming.RepoBase(name)]; len(olds) == 1 {
			out[name] = olds[0]
		}
	}
	return out
}

func (d *govDiff) goneRepos(renamedFrom map[string]string) {
	wasRenamed := map[string]bool{}
	for _, old := range renamedFrom {
		wasRenamed[old] = true
	}
	reported := map[string]bool{}
	for _, p := range d.base.order {
		name := p.repo.Name
		if _, ok := d.head.repos[name]; ok || wasRenamed[name] || d.gone[name] || reported[name] {
			continue
		}
		reported[name] = true
		ev := repoEvent(RemovedRepo, p)
		ev.AtBase = true
		if ret, ok := d.head.legacyRepos[name]; ok {
			ev = repoEvent(RetiredRepo, ret)
			ev.Team = p.owner.name
		}
		d.r.Info = append(d.r.Info, ev)
	}
}
