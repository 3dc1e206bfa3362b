package guard

import (
	"cmp"
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/report"
)

// Check judges a change: its events, the repos they touch, and the PyPI
// projects of those repos. Only the repos the change touches are looked up:
// a change with no event makes no PyPI request. The report's Verdict says
// pass, fail or unverified.
//
// Collect: the change and project-config, side by side (each can be a big
// YAML parse). Judge: the events (changes), the names, PyPI's answers and
// who the extra accounts are. Assemble: one pure step (assemble.go).
func Check(ctx context.Context, d *Deps, src ChangeSource) (*report.Report, error) {
	var c *changes.Change
	var eg errgroup.Group
	eg.Go(func() (err error) { c, err = src.ReadChange(ctx); return })
	eg.Go(func() (err error) { d, err = d.withProjectConfig(ctx); return })
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	l, err := changes.LoadKind(c, d.Memo, d.Kind, d.Policy.Namespaces...)
	if err != nil {
		return nil, err
	}
	res := d.diff(l)
	r := d.newReport("check")
	describe(r, l, c, res)
	pc := d.publishing
	if l.Head.ProjectConfig != nil {
		// A change to project-config is judged by its own tree. Only a
		// project-config change has one when the caller named the kind:
		// files planted in another repository were never read.
		pc = l.Head.ProjectConfig
	}
	ts := targets(res.Events)
	if max := cmp.Or(d.MaxPackages, DefaultMaxPackages); len(ts) > max {
		return nil, &TooManyPackagesError{N: len(ts), Max: max}
	}
	js, err := d.judge(ctx, ts, pc)
	if err != nil {
		return nil, err
	}
	d.withLeaders(c.Head, js).identify(ctx, js, nil)
	assemble(assembly{policy: d.Policy, judged: js}, r)
	return r, nil
}

// Diff reads a change and lists its events, asking nothing: what
// "pypiguard diff" shows.
func Diff(ctx context.Context, d *Deps, src ChangeSource) (*report.Report, error) {
	c, err := src.ReadChange(ctx)
	if err != nil {
		return nil, err
	}
	d = d.forRun(nil, nil)
	l, err := changes.LoadKind(c, d.Memo, d.Kind)
	if err != nil {
		return nil, err
	}
	r := d.newReport("diff")
	describe(r, l, c, d.diff(l))
	return r, nil
}

// withProjectConfig is d for one run, with project-config from its loader.
func (d *Deps) withProjectConfig(ctx context.Context) (*Deps, error) {
	pc, err := d.projectConfig(ctx)
	if err != nil {
		return nil, err
	}
	return d.forRun(pc, nil), nil
}

// diff is the change's events under the policy.
func (d *Deps) diff(l *changes.Loaded) changes.Result {
	return changes.Diff(l.Base, l.Head, changes.Options{Namespaces: d.Policy.Namespaces, Publish: d.Policy.Publish, PublishJobs: d.Policy.PublishJobs})
}

// describe fills what a report says of the change itself: its repository,
// revisions, touched files, events and warnings.
func describe(r *report.Report, l *changes.Loaded, c *changes.Change, res changes.Result) {
	r.Repository, r.Base, r.Head = l.Kind.String(), c.BaseRev, c.HeadRev
	for p := range c.Touched {
		r.Touched = append(r.Touched, p)
	}
	slices.Sort(r.Touched)
	r.Events, r.Info, r.Warnings = changes.ForReport(res.Events), changes.ForReport(res.Info), l.Warnings
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
