package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"opendev.org/openstack/pypiguard/internal/acl"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/whois"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// checkouts is guard's Loader over local checkouts: --governance (the
// audit's) and --project-config, each read once, when guard asks.
type checkouts struct {
	governance    string
	projectConfig func() (*projectconfig.Config, error)
	releases      string
	memo          *yamlfile.Memo
}

func newCheckouts(governanceDir, projectConfigDir, releasesDir string, memo *yamlfile.Memo) *checkouts {
	return &checkouts{governance: governanceDir, releases: releasesDir, memo: memo,
		projectConfig: sync.OnceValues(func() (*projectconfig.Config, error) {
			if projectConfigDir == "" {
				return nil, nil
			}
			return loadProjectConfig(projectConfigDir, memo)
		})}
}

// ProjectConfig is --project-config, parsed once; nil when not given.
func (c *checkouts) ProjectConfig(context.Context) (*projectconfig.Config, error) {
	return c.projectConfig()
}

// Releases reads --releases (already fetched when a URL): openstack/releases
// for the audit's and the watch's comparison of PyPI's versions (issue 19).
func (c *checkouts) Releases(context.Context) (*releases.Index, string, error) {
	if c.releases == "" {
		return nil, "", nil
	}
	ix, err := releases.LoadIndex(c.releases)
	if err != nil {
		return nil, "", usageError(fmt.Errorf("--releases: %w", err))
	}
	return ix, c.releases, nil
}

// Governance reads --governance, and the PTLs and liaisons of its
// projects.yaml (for identities). Governance parsed the same file, so a
// failure there only leaves the leaders unknown.
func (c *checkouts) Governance(context.Context) (*governance.Governance, map[string][]identity.Person, error) {
	files, err := source.ReadDir(c.governance, governance.Files)
	if err != nil {
		return nil, nil, usageError(fmt.Errorf("--governance: %w", err))
	}
	if files[governance.ProjectsFile] == nil {
		return nil, nil, usageError(fmt.Errorf("--governance %s has no %s: point it at a checkout of openstack/governance", c.governance, governance.ProjectsFile))
	}
	// A memo of its own, not the run's: the run's would keep governance's
	// nodes alive all the audit long (15 MB of peak RSS on the real files,
	// BENCHMARKS.md). This one lets the leaders be read from the parse
	// governance made, and dies with this call.
	memo := &yamlfile.Memo{}
	g, err := governance.Parse(files, memo)
	if err != nil {
		return nil, nil, err
	}
	root, _ := memo.Parse(governance.ProjectsFile, files[governance.ProjectsFile]) // the parse governance made
	leaders, _ := whois.LeadersOf(governance.ProjectsFile, root)
	return g, leaders, nil
}

// cores finds core groups in the ACL files of --project-config, read when
// first asked: a run whose accounts are all known never reads them.
type cores struct {
	dir    string
	loader func() (*acl.Loader, error)
}

func newCores(dir string, pc func() (*projectconfig.Config, error)) *cores {
	return &cores{dir: dir, loader: sync.OnceValues(func() (*acl.Loader, error) {
		c, err := pc()
		if err != nil || c == nil {
			return nil, errNoProjectConfig
		}
		return acl.NewLoader(c, os.DirFS(dir)), nil
	})}
}

var errNoProjectConfig = errors.New("no project-config to read ACL files from (--project-config)")

func (c *cores) CoreGroups(project string) (*acl.Core, error) {
	l, err := c.loader()
	if err != nil {
		return nil, err
	}
	return l.CoreGroups(project)
}
