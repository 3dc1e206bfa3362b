package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// judgeFlags are the flags check and audit share: the policy, the PyPI
// client, and where names and publishing come from.
type judgeFlags struct {
	maxPackages   int
	pypi          pypiFlags
	config        string
	projectConfig string
	releases      string
	srcRoot       string
	gerrit        gerritFlags
	today         string
	identity      bool
	// kind is the repository the change is to, as the caller says.
	kind changes.RepoKind
}

func (f *judgeFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	f.pypi.register(fs)
	fs.StringVar(&f.config, "config", "", "policy file (default: the built-in OpenStack policy)")
	fs.StringVar(&f.projectConfig, "project-config", "", "checkout of openstack/project-config: which repos publish to PyPI")
	fs.StringVar(&f.releases, "releases", "", "checkout of openstack/releases: repository-settings pypi-name")
	fs.StringVar(&f.srcRoot, "src-root", "", "checkouts of repos in Zuul's layout (<DIR>/opendev.org/<org>/<repo>), for setup.cfg and pyproject.toml names")
	f.gerrit.registerURL(fs)
	fs.BoolVar(&f.identity, "identity", true, "with --gerrit-url: say who each extra account is (known, core, contributor, unknown) from Gerrit, the policy's accounts: and PyPI user pages")
	fs.StringVar(&f.today, "today", "", "judge exceptions as on this day, YYYY-MM-DD (default: today, UTC)")
	fs.IntVar(&f.maxPackages, "max-packages", guard.DefaultMaxPackages, "refuse (exit 2) a change touching more packages than this: such a change wants the audit")
}

// deps builds the collectors the flags describe, once. An audit gives its
// own flags (--governance; its --releases is compared with PyPI); a check
// gives nil (its --releases is only a source of names).
func (a *app) deps(ctx context.Context, f *judgeFlags, af *auditFlags) (*guard.Deps, error) {
	pol, err := loadPolicy(f.config)
	if err != nil {
		return nil, err
	}
	today, err := f.day()
	if err != nil {
		return nil, err
	}
	client, err := a.pypiClient(&f.pypi)
	if err != nil {
		return nil, err
	}
	var governanceDir, releasesDir string
	var memo *yamlfile.Memo
	if af != nil {
		governanceDir, releasesDir = af.governance, f.releases
	} else {
		// A check parses its change's head and --project-config, often the
		// same files: one memo parses them once. An audit parses each file
		// once, and a memo would keep all their nodes alive the run long
		// (15 MB of its peak RSS, BENCHMARKS.md).
		memo = &yamlfile.Memo{}
	}
	if _, err := dirFlag("project-config", f.projectConfig); err != nil {
		return nil, err
	}
	loader := newCheckouts(governanceDir, f.projectConfig, releasesDir, memo)
	d := &guard.Deps{PyPI: client, Loader: loader, Policy: pol, Today: today, Memo: memo, MaxPackages: f.maxPackages, Kind: f.kind,
		Tool: reportTool(), Started: reportTime()}
	resolver := &names.Resolver{Overrides: pol.Names, SrcRoot: f.srcRoot}
	if resolver.Releases, err = dirFlag("releases", f.releases); err != nil {
		return nil, err
	}
	if _, err = dirFlag("src-root", f.srcRoot); err != nil {
		return nil, err
	}
	if f.gerrit.url != "" {
		g, err := a.gerritClient(ctx, &f.gerrit)
		if err != nil {
			return nil, err
		}
		resolver.Gerrit = g
	}
	d.Names = resolver
	if err := a.whoisFor(ctx, f, d, client, loader); err != nil {
		return nil, err
	}
	return d, nil
}

// loadPolicy reads the policy file, or returns the built-in one.
func loadPolicy(path string) (*policy.Policy, error) {
	if path == "" {
		return policy.Default(), nil
	}
	p, err := policy.Load(path)
	if err != nil {
		return nil, usageError(err)
	}
	return p, nil
}

func (f *judgeFlags) day() (time.Time, error) {
	if f.today == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, f.today)
	if err != nil {
		return t, usageError(fmt.Errorf("--today %q: write YYYY-MM-DD", f.today))
	}
	return t, nil
}

func dirFlag(name, dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	if _, err := source.ReadDir(dir, nil); err != nil {
		return "", usageError(localDirError(name, repoOfFlag[name], dir, err))
	}
	return dir, nil
}

// loadProjectConfig reads a project-config checkout: gerrit/projects.yaml
// and every .yaml file under zuul.d/, its subfolders too, as Zuul reads
// them (regular files only: a link is never followed). deps has checked
// dir (dirFlag) before anything was asked.
func loadProjectConfig(dir string, memo *yamlfile.Memo) (*projectconfig.Config, error) {
	listed, err := source.ListDir(dir, projectconfig.ZuulDir)
	if err != nil {
		return nil, usageError(fmt.Errorf("--project-config: %w", err))
	}
	paths, err := changes.ZuulPaths(listed)
	if err != nil {
		return nil, usageError(fmt.Errorf("--project-config %s: %w", dir, err))
	}
	// The known zuul.d files too are read only when listed: a link there
	// is not Zuul's configuration.
	paths = slices.DeleteFunc(paths, func(p string) bool { return projectconfig.IsZuulFile(p) && !slices.Contains(listed, p) })
	files, err := source.ReadDir(dir, paths)
	if err != nil {
		return nil, usageError(fmt.Errorf("--project-config: %w", err))
	}
	if len(files) == 0 {
		return nil, usageError(fmt.Errorf("--project-config %s holds neither %s nor %s: point it at a checkout of openstack/project-config", dir, projectconfig.GerritFile, projectconfig.ZuulFile))
	}
	pc, err := projectconfig.Parse(files, memo)
	if err != nil {
		return nil, usageError(fmt.Errorf("--project-config %s: %w", dir, err))
	}
	return pc, nil
}

// outputFlags say how and where to write the report.
type outputFlags struct {
	format, output string
}

func (f *outputFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json or markdown")
	cmd.Flags().StringVarP(&f.output, "output", "o", "", "write the report to this file instead of stdout")
}

func (f *outputFlags) check() error { return oneOf("format", f.format, "text", "json", "markdown") }

func (a *app) write(f *outputFlags, r *report.Report) error {
	rend, err := render.ByName(f.format)
	if err != nil {
		return usageError(err)
	}
	if f.output == "" {
		return rend(a.stdout, r)
	}
	return writeFile(f.output, func(w io.Writer) error { return rend(w, r) })
}

func (a *app) checkCommand() *cobra.Command {
	var rev revFlags
	var jf judgeFlags
	var out outputFlags
	var zf zuulFlags
	var gf gateFlags
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check a change: what the gate would say, posting nothing",
		Long: `check finds the events of a change to openstack/governance or openstack/project-config,
resolves the PyPI name of every repo they touch, asks PyPI who can upload each, and
judges it by the policy. Only the repos the change touches are looked up.

Exit codes: 0 pass, 1 violation, 2 bad usage/config/input, 3 could not verify.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			// Before any work starts: the change is read beside the policy,
			// the PyPI client and --project-config.
			if err := jf.gerrit.check(); err != nil {
				return usageError(err)
			}
			var err error
			if jf.kind, err = kindFor(&rev, &zf, &jf.gerrit); err != nil {
				return err
			}
			notes, err := a.localInputs(cmd, &rev, &jf, &gf)
			if err != nil {
				return err
			}
			read := func(ctx context.Context) (*changes.Change, error) { return a.readChange(ctx, &jf.gerrit, &rev) }
			r, d, err := a.checkChange(cmd.Context(), &jf, read)
			if err != nil {
				return err
			}
			a.addNotes(r, notes)
			if err := a.write(&out, r); err != nil {
				return err
			}
			if err := zf.write(r); err != nil {
				return err
			}
			if err := a.post(cmd.Context(), &jf.gerrit, r, d.Policy); err != nil {
				return err
			}
			return verdictError(r.Verdict)
		},
	}
	rev.register(cmd)
	jf.register(cmd)
	jf.gerrit.registerChange(cmd.Flags())
	out.register(cmd)
	zf.register(cmd.Flags())
	gf.register(cmd.Flags(), &jf)
	return cmd
}

// checkChange is check's work, for the command and the hook: guard reads
// the change while it loads project-config, and judges it; the findings
// are logged.
func (a *app) checkChange(ctx context.Context, jf *judgeFlags, read readChange) (*report.Report, *guard.Deps, error) {
	d, err := a.deps(ctx, jf, nil)
	if err != nil {
		return nil, nil, err
	}
	r, err := guard.Check(ctx, d, read)
	if err != nil {
		return nil, nil, err
	}
	a.unreachableNote(r, d)
	a.logFindings(r)
	return r, d, nil
}

// readChange is a function that reads a change: guard's ChangeSource.
type readChange func(context.Context) (*changes.Change, error)

// ReadChange reads the change.
func (f readChange) ReadChange(ctx context.Context) (*changes.Change, error) { return f(ctx) }

// verdictError turns a verdict into the exit status.
func verdictError(v report.Verdict) error {
	switch v {
	case report.Fail:
		return withCode(ExitViolation, nil)
	case report.Unverified:
		return withCode(ExitUnverified, nil)
	}
	return nil
}

func (a *app) logFindings(r *report.Report) {
	for _, f := range r.Findings {
		ev := a.log.Info()
		if f.Status.Fails() {
			ev = a.log.Warn()
		}
		ev.Str("repo", f.Repo).Str("package", f.Package).Str("status", string(f.Status)).Msg("judged")
	}
}

// kindFor reads --kind. A run that votes or reports to Zuul must name it:
// guessing from the files would let a change choose how it is judged (a
// governance change planting gerrit/projects.yaml and zuul.d/ files would
// stand in for --project-config). Only a local run may leave it out.
func kindFor(rev *revFlags, zf *zuulFlags, gf *gerritFlags) (changes.RepoKind, error) {
	k, err := rev.parsedKind()
	if err != nil || k.Given {
		return k, err
	}
	for _, f := range []struct {
		set  bool
		name string
	}{{gf.doPost, "--post"}, {zf.returnFile != "", "--zuul-return"}} {
		if f.set {
			return k, usageError(fmt.Errorf("%s needs --kind %s: the repository the change is to, as Zuul or Gerrit names it, never guessed from the change's files", f.name, strings.Join(changes.Kinds, "|")))
		}
	}
	return k, nil
}
