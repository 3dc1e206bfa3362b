package guard

import (
	"cmp"
	"context"
	"slices"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Check judges a change: its events, the repos they touch, and the PyPI
// projects of those repos. Only the repos the change touches are looked up:
// a change with no event makes no PyPI request. The report's Verdict says
// pass, fail or unverified.
func Check(ctx context.Context, d *Deps, c *source.Change, r *report.Report) error {
	memo := d.Memo
	if memo == nil {
		memo = &yamlfile.Memo{}
	}
	l, err := LoadKind(c, memo, d.Kind, d.Policy.Namespaces...)
	if err != nil {
		return err
	}
	res := changes.Diff(l.Base, l.Head, changes.Options{Namespaces: d.Policy.Namespaces, Publish: d.Policy.Publish, PublishJobs: d.Policy.PublishJobs})
	r.Repository, r.Base, r.Head = l.Kind.String(), c.BaseRev, c.HeadRev
	for p := range c.Touched {
		r.Touched = append(r.Touched, p)
	}
	slices.Sort(r.Touched)
	r.Events, r.Info, r.Warnings = Events(res.Events), Events(res.Info), l.Warnings
	pc := d.Publishing
	if l.Head.ProjectConfig != nil {
		// A change to project-config is judged by its own tree. Only a
		// project-config change has one when the caller named the kind:
		// files planted in another repository were never read.
		pc = l.Head.ProjectConfig
	}
	ts := targets(res.Events)
	if max := cmp.Or(d.MaxPackages, DefaultMaxPackages); len(ts) > max {
		return &TooManyPackagesError{N: len(ts), Max: max}
	}
	js, err := d.judge(ctx, ts, pc)
	if err != nil {
		return err
	}
	r.Findings = findings(js)
	d.withLeaders(c.Head, r.Findings, memo).identify(ctx, r.Findings, nil, nil)
	r.Summarize()
	return nil
}

// targets lists the repos the events touch, once each, pointing at the first
// event about them; the kinds of all their events are kept.
func targets(evs []changes.Event) []target {
	var out []target
	at := map[string]int{}
	for _, e := range evs {
		for _, repo := range e.Repos {
			if i, ok := at[repo]; ok {
				out[i].events = append(out[i].events, string(e.Kind))
				continue
			}
			at[repo] = len(out)
			out = append(out, target{repo: repo, deliverable: e.Deliverable, team: e.Team,
				releaseManagement: e.ReleaseManagement, file: e.File, line: e.Line, events: []string{string(e.Kind)},
				release: releaseOf(e, repo)})
		}
	}
	return out
}
