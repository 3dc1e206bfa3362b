package changes

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/report"
)

// The kinds a caller names (--kind, Zuul's project, the hook's project).
const (
	KindGovernance    = "governance"
	KindProjectConfig = "project-config"
	KindReleases      = "releases"
)

// Kinds lists the kinds a caller may name, for usage messages.
var Kinds = []string{KindGovernance, KindProjectConfig, KindReleases}

// ParseKind reads a kind a caller names; "" is the zero RepoKind: guess from
// the files, which only a local run that says nothing may do.
func ParseKind(s string) (RepoKind, error) {
	switch s {
	case "":
		return RepoKind{}, nil
	case KindGovernance:
		return RepoKind{Governance: true, Given: true}, nil
	case KindProjectConfig:
		return RepoKind{ProjectConfig: true, Given: true}, nil
	case KindReleases:
		return RepoKind{Releases: true, Given: true}, nil
	}
	return RepoKind{}, fmt.Errorf("--kind %q: use one of %s", s, strings.Join(Kinds, ", "))
}

// ProjectKind is the kind of a Gerrit project, by its name (openstack/governance)
// or Zuul's canonical name (opendev.org/openstack/governance): the three
// repositories pypiguard guards, and nothing else.
func ProjectKind(project string) (RepoKind, error) {
	name := project
	if parts := strings.Split(project, "/"); len(parts) == 3 {
		name = parts[1] + "/" + parts[2] // a canonical name: the hostname goes
	}
	for _, k := range Kinds {
		if name == "openstack/"+k {
			return ParseKind(k)
		}
	}
	return RepoKind{}, fmt.Errorf("project %q is none of openstack/%s: pypiguard guards only those", project, strings.Join(Kinds, ", openstack/"))
}

// owns reports whether the kind reads file (a slash path from the root).
func (k RepoKind) owns(file string) bool {
	switch {
	case k.Governance && slices.Contains(governance.Files, file):
		return true
	case k.ProjectConfig && (slices.Contains(projectconfig.Files, file) || projectconfig.IsZuulFile(file)):
		return true
	case k.Releases:
		return IsDeliverable(file)
	}
	return false
}

// Select keeps of c only the files of the kind the caller named: the
// others (project-config files planted in a governance change, say) are
// never read, so they can never stand in for --project-config. Each one the
// change touches gets a warning naming it. A zero kind keeps everything.
func Select(c *Change, k RepoKind) (*Change, []report.Warning) {
	if !k.Given {
		return c, nil
	}
	out := &Change{BaseRev: c.BaseRev, HeadRev: c.HeadRev, Base: Files{}, Head: Files{}, Touched: map[string]bool{}}
	var ws []report.Warning
	for _, p := range slices.Sorted(maps.Keys(c.Head)) {
		if !k.owns(p) && c.Touched[p] {
			ws = append(ws, report.Warning{File: p, Line: 1, Message: fmt.Sprintf(
				"%s is not a file of openstack/%s, the repository this change is to: ignored (it can never stand in for --project-config)", p, k)})
		}
	}
	for p, data := range c.Base {
		if k.owns(p) {
			out.Base[p] = data
		}
	}
	for p, data := range c.Head {
		if k.owns(p) {
			out.Head[p] = data
		}
	}
	for p := range c.Touched {
		if k.owns(p) {
			out.Touched[p] = true
		}
	}
	return out, ws
}

// hasDeliverables reports whether c holds a deliverable file of
// openstack/releases at either revision.
func hasDeliverables(c *Change) bool {
	for _, files := range []Files{c.Base, c.Head} {
		for p := range files {
			if IsDeliverable(p) {
				return true
			}
		}
	}
	return false
}

// present checks that a change the caller says is of kind k holds k's
// files. A release request need touch no deliverable file (it then judges
// nothing); governance and project-config always hold theirs.
func present(c *Change, k RepoKind) error {
	if k.Releases {
		return nil
	}
	for _, files := range []Files{c.Base, c.Head} {
		for p := range files {
			if k.owns(p) {
				return nil
			}
		}
	}
	return fmt.Errorf("--kind %s: the change holds none of openstack/%s's files at either revision; is --repo a checkout of openstack/%s?", k, k, k)
}
