package guard

import (
	"context"
	"time"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// The collectors guard asks, each through a small interface: the command
// line builds them from its flags once, tests give fakes or plain values
// (docs/design.md section 2).

// ChangeSource reads the change a check judges: a local git repository or
// its working tree (internal/source), or Gerrit's REST API
// (internal/gerrit).
type ChangeSource interface {
	ReadChange(ctx context.Context) (*changes.Change, error)
}

// Loader reads the trees a run judges against: project-config (which repos
// publish) for every run; governance (every governed repo) and
// openstack/releases (the releases OpenStack made) for an audit.
type Loader interface {
	// ProjectConfig is nil, with no error, when no project-config was
	// given: publishing is then unknown, and release-management decides.
	ProjectConfig(ctx context.Context) (*projectconfig.Config, error)
	// Governance is the governed repos and the PTLs and liaisons by team.
	Governance(ctx context.Context) (*governance.Governance, map[string][]identity.Person, error)
	// Releases is openstack/releases and where it was read, or nil with no
	// error when none was given: the audit then says it did not compare.
	Releases(ctx context.Context) (*releases.Index, string, error)
}

// Resolver finds a repo's PyPI name; *names.Resolver is one (it reads
// checkouts, openstack/releases and Gerrit).
type Resolver interface {
	Resolve(ctx context.Context, repo, deliverable string) (names.Resolved, error)
	// ResolveRelease is Resolve for a repo of a release request: what the
	// change's own deliverable file says comes first in the releases
	// steps.
	ResolveRelease(ctx context.Context, repo, deliverable string, in names.Release) (names.Resolved, error)
}

// Lookuper asks PyPI about packages; *pypi.Client is one.
type Lookuper interface {
	Lookup(ctx context.Context, names []string) []pypi.Result
	// UserPackages lists the projects an account holds a role on.
	UserPackages(ctx context.Context, user string) ([]pypi.Package, error)
}

// Deps are the collectors and settings of a run.
type Deps struct {
	PyPI   Lookuper
	Names  Resolver
	Loader Loader
	// Whois tells who extra accounts are, from Gerrit and PyPI's user
	// pages (identities.go); nil asks nothing (identities off).
	Whois  Identifier
	Policy *policy.Policy
	// Today is the day exceptions are judged on.
	Today time.Time
	// Tool and Started stamp the report.
	Tool    report.Tool
	Started time.Time
	// Memo shares parsed YAML between the run's parses; nil is a new one.
	Memo *yamlfile.Memo
	// MaxPackages bounds the packages one change may make a check look up
	// (0: DefaultMaxPackages).
	MaxPackages int
	// Kind is the repository the caller says the change is to (--kind,
	// Zuul's project, the hook's project): only its files are read. The
	// zero Kind guesses from the files, for a local run that says nothing.
	Kind changes.RepoKind

	// Set by the run from Loader: project-config (nil: unknown), and the
	// PTLs and liaisons by team (a check of a governance change reads its
	// own).
	publishing *projectconfig.Config
	leaders    map[string][]identity.Person
}

// newReport is an empty report of mode, stamped.
func (d *Deps) newReport(mode string) *report.Report {
	return &report.Report{Schema: report.Schema, Tool: d.Tool, Mode: mode, GeneratedAt: d.Started, Owner: d.Policy.Owner}
}

// forRun is a copy of d for one run: its memo (made when the caller gave
// none), and what the loader read.
func (d *Deps) forRun(pc *projectconfig.Config, leaders map[string][]identity.Person) *Deps {
	c := *d
	if c.Memo == nil {
		c.Memo = &yamlfile.Memo{}
	}
	c.publishing, c.leaders = pc, leaders
	return &c
}

// projectConfig asks the loader for project-config, if there is a loader.
func (d *Deps) projectConfig(ctx context.Context) (*projectconfig.Config, error) {
	if d.Loader == nil {
		return nil, nil
	}
	return d.Loader.ProjectConfig(ctx)
}

// Parsed is a Loader of trees already read: for callers that hold them,
// and tests.
type Parsed struct {
	Gov     *governance.Governance
	Config  *projectconfig.Config
	Leaders map[string][]identity.Person
	// Index is openstack/releases, read from IndexSource.
	Index       *releases.Index
	IndexSource string
}

// ProjectConfig returns p.Config.
func (p Parsed) ProjectConfig(context.Context) (*projectconfig.Config, error) { return p.Config, nil }

// Releases returns p.Index and p.IndexSource.
func (p Parsed) Releases(context.Context) (*releases.Index, string, error) {
	return p.Index, p.IndexSource, nil
}

// Governance returns p.Gov and p.Leaders.
func (p Parsed) Governance(context.Context) (*governance.Governance, map[string][]identity.Person, error) {
	return p.Gov, p.Leaders, nil
}
