package changes

import (
	"slices"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

type pcDiff struct {
	base, head *projectconfig.Config
	opts       Options
	r          *Result
}

func diffProjectConfig(base, head *projectconfig.Config, opts Options, r *Result) {
	d := &pcDiff{base: base, head: head, opts: opts, r: r}
	predecessor := d.projects()
	d.publishing(predecessor)
}

func projectEvent(kind Kind, p *projectconfig.Project) Event {
	return Event{Kind: kind, Repos: []string{p.Name}, Upstream: p.Upstream, File: p.Pos.File, Line: p.Pos.Line}
}

// projects compares gerrit/projects.yaml and returns, for each project
// renamed by the change, its previous name.
func (d *pcDiff) projects() map[string]string {
	removedByBase := map[string][]*projectconfig.Project{}
	for _, p := range d.base.Projects {
		if d.head.Project(p.Name) == nil {
			b := naming.RepoBase(p.Name)
			removedByBase[b] = append(removedByBase[b], p)
		}
	}
	predecessor := map[string]string{}
	renamedAway := map[string]bool{}
	for _, p := range d.head.Projects {
		was := d.base.Project(p.Name)
		if was != nil {
			d.changed(was, p)
			continue
		}
		b := naming.RepoBase(p.Name)
		old := d.pickRename(removedByBase[b], p.Name)
		if old != nil {
			// One removed entry is one rename: another added entry of the
			// same basename is a new project.
			removedByBase[b] = slices.DeleteFunc(removedByBase[b], func(c *projectconfig.Project) bool { return c == old })
			predecessor[p.Name] = old.Name
			renamedAway[old.Name] = true
		}
		d.added(p, old)
	}
	for _, p := range d.base.Projects {
		if d.head.Project(p.Name) == nil && !renamedAway[p.Name] && d.opts.governed(p.Name) {
			ev := projectEvent(RemovedProject, p)
			ev.AtBase = true
			d.r.Info = append(d.r.Info, ev)
		}
	}
	return predecessor
}

// pickRename chooses which removed project an added one replaces, when
// several had its basename: one crossing the governed boundary first, since
// that is the rename that matters.
func (d *pcDiff) pickRename(cands []*projectconfig.Project, target string) *projectconfig.Project {
	for _, c := range cands {
		if d.opts.governed(c.Name) != d.opts.governed(target) {
			return c
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return nil
}

func (d *pcDiff) added(p, old *projectconfig.Project) {
	governed := d.opts.governed(p.Name)
	switch {
	case old != nil && governed && !d.opts.governed(old.Name):
		ev := projectEvent(RenamedProject, p)
		ev.From = old.Name
		d.r.Events = append(d.r.Events, ev)
	case old != nil && governed:
		// Renamed within the governed namespaces: same project, same owners.
		ev := projectEvent(RenamedProject, p)
		ev.From = old.Name
		d.r.Info = append(d.r.Info, ev)
	case old != nil && d.opts.governed(old.Name):
		ev := projectEvent(LeftNamespace, p)
		ev.From = old.Name
		d.r.Info = append(d.r.Info, ev)
	case governed && !p.Retired():
		d.r.Events = append(d.r.Events, projectEvent(NewProject, p))
	}
}

func (d *pcDiff) changed(was, p *projectconfig.Project) {
	if !d.opts.governed(p.Name) || was.Retired() == p.Retired() {
		return
	}
	if p.Retired() {
		d.r.Info = append(d.r.Info, projectEvent(RetiredProject, p))
		return
	}
	d.r.Events = append(d.r.Events, projectEvent(Unretired, p))
}

// publishing finds governed repos that start publishing to PyPI: a
// template or job in any stanza under zuul.d/, by short or canonical name,
// or a job that gains the PyPI secret. A repo renamed by the change keeps
// its predecessor's publishing.
func (d *pcDiff) publishing(predecessor map[string]string) {
	seen := map[string]bool{}
	check := func(name string) {
		if seen[name] || !d.opts.governed(name) {
			return
		}
		seen[name] = true
		d.publishingOf(name, predecessor[name])
	}
	for _, z := range d.head.Zuul {
		check(projectconfig.ShortName(z.Name))
	}
	for _, p := range d.head.Projects {
		check(p.Name)
	}
	for _, z := range d.base.Zuul {
		check(projectconfig.ShortName(z.Name))
	}
}

func (d *pcDiff) publishingOf(name, old string) {
	rule := d.opts.rule()
	why, now := d.head.Publishes(name, rule)
	bwhy, before := d.base.Publishes(name, rule)
	if !before && old != "" {
		bwhy, before = d.base.Publishes(old, rule)
	}
	switch {
	case now && !before:
		at := why.Pos
		if d.base.Lists(name, why) && why.Source.File != "" {
			at = why.Source // listed before: what changed is the job itself
		}
		d.r.Events = append(d.r.Events, Event{Kind: StartsPublishing, Repos: []string{name}, From: old,
			File: at.File, Line: at.Line})
	case before && !now && d.head.Project(name) != nil:
		d.r.Info = append(d.r.Info, Event{Kind: StopsPublishing, Repos: []string{name}, File: bwhy.Pos.File, Line: bwhy.Pos.Line, AtBase: true})
	}
}
