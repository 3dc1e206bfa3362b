package guard

import (
	"context"
	"fmt"
	"slices"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/source"
)

// ZuulPaths is what to read of a project-config tree whose zuul.d/ listed
// these files (slash paths from the root): gerrit/projects.yaml, the known
// files, and every .yaml file under zuul.d/, as Zuul reads them all. More
// zuul.d files than projectconfig.MaxZuulFiles are refused before anything
// is read.
func ZuulPaths(listed []string) ([]string, error) {
	paths := projectconfig.Paths(listed)
	n := 0
	for _, p := range paths {
		if projectconfig.IsZuulFile(p) {
			n++
		}
	}
	if n > projectconfig.MaxZuulFiles {
		return nil, fmt.Errorf("%s holds %d files, over the %d pypiguard reads; is this really openstack/project-config?", projectconfig.ZuulDir, n, projectconfig.MaxZuulFiles)
	}
	return paths, nil
}

// ReadGit reads a change from a local git repository: Paths at base and
// head, every other file under zuul.d/ at either revision (a stanza in
// a new zuul.d file publishes as surely as one in projects.yaml), and the
// deliverable files of openstack/releases the change touches.
func ReadGit(ctx context.Context, g *source.Git, base, head string) (*source.Change, error) {
	c, err := g.ReadChange(ctx, base, head, Paths)
	if err != nil {
		return nil, err
	}
	if err := readDeliverables(ctx, g, c); err != nil {
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
	zuul, err := ZuulPaths(listed)
	if err != nil {
		return nil, err
	}
	extra := slices.DeleteFunc(zuul, func(p string) bool { return slices.Contains(Paths, p) })
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
func merge(c, more *source.Change) {
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

// DeliverablesDir holds openstack/releases' deliverable files.
const DeliverablesDir = "deliverables"

// readDeliverables adds to c the deliverable files the change touches, at
// both revisions: a release request is judged by those alone.
func readDeliverables(ctx context.Context, g *source.Git, c *source.Change) error {
	changed, err := g.Changed(ctx, c.BaseRev, c.HeadRev, DeliverablesDir)
	if err != nil {
		return err
	}
	changed = slices.DeleteFunc(changed, func(p string) bool { return !IsDeliverable(p) })
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

// IsDeliverable reports whether file is a deliverable file of
// openstack/releases (deliverables/<series>/<name>.yaml).
func IsDeliverable(file string) bool {
	_, _, ok := releases.SplitPath(file)
	return ok
}

// AlsoRead says which files a change read from Gerrit adds to Paths when it
// touches them: Gerrit cannot list a tree, and these are read only then.
func AlsoRead(file string) bool { return projectconfig.IsZuulFile(file) || IsDeliverable(file) }
