package source

import (
	"context"
	"slices"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

// Change reads a change from a local git repository: changes.Paths at base and
// head, every other file under zuul.d/ at either revision (a stanza in
// a new zuul.d file publishes as surely as one in projects.yaml), and the
// deliverable files of openstack/releases the change touches.
func (g *Git) Change(ctx context.Context, base, head string) (*Change, error) {
	c, err := g.ReadChange(ctx, base, head, changes.Paths)
	if err != nil {
		return nil, err
	}
	if err := g.readDeliverables(ctx, c); err != nil {
		return nil, err
	}
	var listed []string
	for _, rev := range []string{c.BaseRev, c.HeadRev} {
		files, err := g.ListFiles(ctx, rev, projectconfig.ZuulDir)
		if err != nil {
			return nil, err
		}
		listed = append(listed, files...)
	}
	zuul, err := changes.ZuulPaths(listed)
	if err != nil {
		return nil, err
	}
	extra := slices.DeleteFunc(zuul, func(p string) bool { return slices.Contains(changes.Paths, p) })
	if len(extra) == 0 {
		return c, nil
	}
	more, err := g.ReadChange(ctx, c.BaseRev, c.HeadRev, extra)
	if err != nil {
		return nil, err
	}
	merge(c, more)
	return c, nil
}

// merge adds the files of more, read at the same revisions, to c.
func merge(c, more *Change) {
	for p, data := range more.Base {
		c.Base[p] = data
	}
	for p, data := range more.Head {
		c.Head[p] = data
	}
	for p := range more.Touched {
		c.Touched[p] = true
	}
}

// readDeliverables adds to c the deliverable files the change touches, at
// both revisions: a release request is judged by those alone.
func (g *Git) readDeliverables(ctx context.Context, c *Change) error {
	changed, err := g.Changed(ctx, c.BaseRev, c.HeadRev, changes.DeliverablesDir)
	if err != nil {
		return err
	}
	changed = slices.DeleteFunc(changed, func(p string) bool { return !changes.IsDeliverable(p) })
	if len(changed) == 0 {
		return nil
	}
	more, err := g.ReadChange(ctx, c.BaseRev, c.HeadRev, changed)
	if err != nil {
		return err
	}
	merge(c, more)
	return nil
}
