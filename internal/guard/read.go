package guard

import (
	"context"
	"fmt"
	"slices"

	"opendev.org/openstack/pypiguard/internal/projectconfig"
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
// head, and every other file under zuul.d/ at either revision (a stanza in
// a new zuul.d file publishes as surely as one in projects.yaml).
func ReadGit(ctx context.Context, g *source.Git, base, head string) (*source.Change, error) {
	c, err := g.ReadChange(ctx, base, head, Paths)
	if err != nil {
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
