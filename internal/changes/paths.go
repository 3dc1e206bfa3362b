package changes

import (
	"fmt"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/releases"
)

// Paths lists every file pypiguard reads from a change.
var Paths = append(append([]string{}, governance.Files...), projectconfig.Files...)

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

// DeliverablesDir holds openstack/releases' deliverable files.
const DeliverablesDir = "deliverables"

// IsDeliverable reports whether file is a deliverable file of
// openstack/releases (deliverables/<series>/<name>.yaml).
func IsDeliverable(file string) bool {
	_, _, ok := releases.SplitPath(file)
	return ok
}

// AlsoRead says which files a change read from Gerrit adds to Paths when it
// touches them: Gerrit cannot list a tree, and these are read only then.
func AlsoRead(file string) bool { return projectconfig.IsZuulFile(file) || IsDeliverable(file) }
