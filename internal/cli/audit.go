package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
)

// The repositories an audit reads by default.
const (
	defaultGovernance    = "https://opendev.org/openstack/governance"
	defaultProjectConfig = "https://opendev.org/openstack/project-config"
)

// auditFlags are audit's own flags.
type auditFlags struct {
	governance string
	outDir     string
	baseline   string
	failOn     string
	cacheDir   string
	reverse    bool
	full       bool
	maxAge     time.Duration
}

func (a *app) auditCommand() *cobra.Command {
	var af auditFlags
	var jf judgeFlags
	var out outputFlags
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Audit every governed repo's PyPI project, with a report and history",
		Long: `audit judges the PyPI project of every repo of reference/projects.yaml,
sigs-repos.yaml and technical-committee-repos.yaml, and of the retired repos of
legacy.yaml whose packages still exist. It also lists the projects the owner
account holds a role on that no governed repo maps to (the reverse audit).

--governance and --project-config take a directory or a git URL (cloned
shallowly into the cache). --out DIR, the output folder, gets report.json,
report.md and report.html; --baseline compares with a previous report.json.

With --baseline, the audit is incremental: it reads PyPI's journal since the
serial the baseline recorded, asks PyPI only about the packages with role or
project entries since then and the repos governance or project-config added
or changed, and carries the other answers over (judged again today, marked
carried_from). It is full, and says why, with --full, when the last full
audit behind the baseline is older than --max-age (organization changes
write no journal entry), when the policy changed, when the baseline has no
serial, or when the journal cannot be read whole.

Exit codes: 0 nothing to fail on, 1 a violation (per --fail-on), 2 bad
usage/config/input, 3 could not verify.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := af.check(&out); err != nil {
				return err
			}
			return a.audit(cmd, &af, &jf, &out)
		},
	}
	fs := cmd.Flags()
	jf.register(cmd)
	out.register(cmd)
	fs.StringVar(&af.governance, "governance", defaultGovernance, "openstack/governance: a directory or a git URL")
	fs.Lookup("project-config").DefValue = defaultProjectConfig
	jf.projectConfig = defaultProjectConfig
	fs.Lookup("project-config").Usage = "openstack/project-config: a directory or a git URL; which repos publish to PyPI"
	fs.StringVar(&af.outDir, "out", "", "the output folder: report.json, report.md and report.html are written into it (made if missing)")
	fs.StringVar(&af.baseline, "baseline", "", "a previous audit's report.json: mark findings new or unchanged, list resolved ones and account changes")
	fs.StringVar(&af.failOn, "fail-on", "new", "which violations fail the run: any, new (not in --baseline) or never")
	fs.StringVar(&af.cacheDir, "cache-dir", "", "where git URLs are cloned and kept up to date (default: pypiguard in the user's cache directory, e.g. ~/.cache/pypiguard)")
	fs.BoolVar(&af.full, "full", false, "ask PyPI about every package, even with --baseline")
	fs.DurationVar(&af.maxAge, "max-age", guard.DefaultMaxAge, "with --baseline, audit in full once the last full audit is older than this")
	fs.BoolVar(&af.reverse, "reverse", true, "also list the owner's PyPI projects that no governed repo maps to (XML-RPC user_packages)")
	return cmd
}

func (af *auditFlags) check(out *outputFlags) error {
	if err := out.check(); err != nil {
		return err
	}
	if af.maxAge <= 0 {
		return usageError(fmt.Errorf("--max-age %s: use a positive duration such as 168h", af.maxAge))
	}
	return oneOf("fail-on", af.failOn, "any", "new", "never")
}

func (a *app) audit(cmd *cobra.Command, af *auditFlags, jf *judgeFlags, out *outputFlags) error {
	ctx := cmd.Context()
	base, err := loadBaseline(af.baseline)
	if err != nil {
		return err
	}
	if err := af.fetch(ctx, jf); err != nil {
		return err
	}
	releasesWhy, err := defaultReleases(ctx, af.cacheDir, &jf.releases)
	if err != nil {
		return err
	}
	d, err := a.deps(ctx, jf, af)
	if err != nil {
		return err
	}
	in := guard.AuditInput{Baseline: base, Reverse: af.reverse, Expect: a.progress(d),
		Incremental: guard.Incremental{Full: af.full, MaxAge: af.maxAge, Now: d.Started}}
	if j, ok := d.PyPI.(guard.Journal); ok {
		in.Incremental.Journal = j
	}
	in.Releases.Why = releasesWhy // when there is no openstack/releases
	r, err := guard.Audit(ctx, d, in)
	if err != nil {
		return err
	}
	a.unreachableNote(r, d)
	exit := a.auditExit(r, af.failOn, base)
	if err := writeAuditFiles(af.outDir, r); err != nil {
		return err
	}
	if err := a.write(out, r); err != nil {
		return err
	}
	return exit
}

// fetch turns git URLs into local clones.
func (af *auditFlags) fetch(ctx context.Context, jf *judgeFlags) error {
	cache, err := cacheDir(af.cacheDir)
	if err != nil {
		return err
	}
	var eg errgroup.Group
	for _, in := range []struct {
		flag string
		p    *string
	}{{"governance", &af.governance}, {"project-config", &jf.projectConfig}, {"releases", &jf.releases}} {
		if *in.p == "" {
			continue
		}
		eg.Go(func() error {
			dir, err := source.Fetch(ctx, *in.p, cache)
			if err != nil && !source.IsURL(*in.p) {
				return usageError(localDirError(in.flag, repoOfFlag[in.flag], *in.p, err))
			}
			*in.p = dir
			return err
		})
	}
	if err := eg.Wait(); err != nil {
		if _, ok := err.(*source.FetchError); ok {
			return withCode(ExitUnverified, err)
		}
		return usageError(err)
	}
	return nil
}

// loadBaseline reads a previous audit's report.json.
func loadBaseline(path string) (*report.Report, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError(fmt.Errorf("--baseline: %w", err))
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, usageError(fmt.Errorf("--baseline %s is not a pypiguard JSON report: %v", path, err))
	}
	if r.Schema != report.Schema || r.Mode != "audit" {
		return nil, usageError(fmt.Errorf("--baseline %s is a %q report of schema %d; want an audit's report.json of schema %d", path, r.Mode, r.Schema, report.Schema))
	}
	return &r, nil
}

// writeAuditFiles writes report.json, report.md and report.html into dir.
func writeAuditFiles(dir string, r *report.Report) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageError(fmt.Errorf("--out: %w", err))
	}
	for file, format := range map[string]string{"report.json": "json", "report.md": "markdown", "report.html": "html"} {
		rend, err := render.ByName(format)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, file), func(w io.Writer) error { return rend(w, r) }); err != nil {
			return err
		}
	}
	return nil
}

// auditExit decides the exit status (auditexit.go) and, where the verdict
// alone would not tell it, says in the report what decided it.
func (a *app) auditExit(r *report.Report, failOn string, base *report.Report) error {
	o := decideAudit(r, failOn, base)
	if o.code == ExitViolation && r.Verdict == report.Pass {
		r.Verdict = report.Fail // the reverse audit's violations
	}
	if base != nil || o.disagrees(r.Verdict) {
		a.addNotes(r, []string{o.why})
	}
	return withCode(o.code, nil)
}

// progress shows a progress bar of the look-ups on stderr, only when it is
// a terminal.
func (a *app) progress(d *guard.Deps) func(int) {
	if !isTerminal(a.stderr) {
		return nil
	}
	client, ok := d.PyPI.(interface{ SetProgress(func()) })
	if !ok {
		return nil
	}
	bar := progressbar.NewOptions(0, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription("asking PyPI"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
	client.SetProgress(func() { _ = bar.Add(1) })
	var mu sync.Mutex
	return func(more int) {
		mu.Lock()
		defer mu.Unlock()
		bar.ChangeMax(bar.GetMax() + more)
	}
}
