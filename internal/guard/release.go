package guard

import (
	"context"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/names"
)

// releaseOf is what a release request's event says about repo, or nil for
// any other event.
func releaseOf(e changes.Event, repo string) *changes.ReleaseProject {
	if e.Release == nil {
		return nil
	}
	for i := range e.Release.Projects {
		if p := e.Release.Projects[i]; p.Repo == repo {
			return &p
		}
	}
	return nil
}

// name resolves a target's PyPI name. A repo of a release request is named
// first by its deliverable file in the change itself (pypi-name, declared;
// tarball-base, guessed), which may say what no checkout says yet.
func (d *Deps) name(ctx context.Context, t target) (names.Resolved, error) {
	if t.release == nil {
		return d.Names.Resolve(ctx, t.repo, t.deliverable)
	}
	return d.Names.ResolveRelease(ctx, t.repo, t.deliverable,
		names.Release{PyPIName: t.release.PyPIName, TarballBase: t.release.TarballBase, Where: t.file})
}
