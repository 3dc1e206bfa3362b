package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/hook"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
)

// maxHookConfig bounds the config file read: it is a dozen lines.
const maxHookConfig = 1 << 20

// hookCommand is "pypiguard hook": the hooks of Gerrit's hooks plugin.
func (a *app) hookCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook NAME <the hooks plugin's arguments>",
		Short: "Run as a hook of Gerrit's hooks plugin (see hook/README.md)",
		// The plugin's flags reach the hook's command; anything else is a
		// hook pypiguard does not have.
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, argv []string) error {
			if len(argv) == 0 || argv[0] == "--help" || argv[0] == "-h" {
				return cmd.Help()
			}
			return usageError(fmt.Errorf("hook %q: pypiguard has only the patchset-created hook", argv[0]))
		},
	}
	cmd.AddCommand(a.patchsetCreatedCommand())
	return cmd
}

func (a *app) patchsetCreatedCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "patchset-created --change ID --project P --branch B --commit SHA ... [--hook-config FILE] [--log-level L]",
		Short: "Check a new patch set and vote on it through Gerrit's REST API",
		Long: `patchset-created is run by Gerrit's hooks plugin (through hook/patchset-created) with the
plugin's arguments. On a change to a configured project and branch (by default
openstack/governance and openstack/project-config on master) it checks the patch set
and posts one review: the vote, a message and inline comments. Anything else is left
alone. Unknown arguments are ignored.

Settings come from $GERRIT_SITE/etc/pypiguard.yaml, or --hook-config FILE; see
hook/README.md. The whole run is bounded by the config's timeout (default 3m), so
that Gerrit's hook thread is never held for long.

Exit codes: 0 done (voted, or nothing to do), 2 bad configuration or a vote Gerrit
refused, 3 could not verify (PyPI or Gerrit unreachable, or out of time).`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, argv []string) error {
			ha := hook.Parse(argv)
			if ha.Help {
				return cmd.Help()
			}
			return a.patchsetCreated(cmd.Context(), ha)
		},
	}
	hookTimeoutHelp(cmd)
	return cmd
}

// patchsetCreated runs the hook: settings, log, the project and branch
// filter, then the check and the vote within the configured time.
func (a *app) patchsetCreated(ctx context.Context, ha hook.Args) error {
	cfg, err := loadHookConfig(ha.HookConfig)
	if err != nil {
		return usageError(err)
	}
	closeLog, err := a.hookLog(cfg, ha.LogLevel)
	if err != nil {
		return usageError(err)
	}
	defer closeLog()
	a.log = a.log.With().Str("hook", "patchset-created").Str("project", ha.Project).Str("branch", ha.Branch).
		Str("change", ha.Change).Str("commit", ha.Commit).Str("patchset", ha.Patchset).Logger()
	if !cfg.Wants(ha.Project, ha.Branch) {
		a.log.Debug().Msg("not a configured project and branch: nothing to do")
		return nil
	}
	if len(ha.Ignored) > 0 {
		a.log.Debug().Strs("ignored", ha.Ignored).Msg("unknown arguments ignored")
	}
	ctx, cancel := context.WithTimeout(a.log.WithContext(ctx), cfg.Timeout)
	defer cancel()
	err = inSettings(a.hookCheck(ctx, cfg, ha))
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = gaveUp(cfg, err)
	}
	if err != nil && err.Error() != "" {
		a.log.Error().Err(err).Msg("hook failed")
	}
	return err
}

// gaveUp is the error of a run cut short by the hook's timeout: could not
// verify, whatever failed first.
func gaveUp(cfg *hook.Config, err error) error {
	msg := fmt.Sprintf("gave up after %s, the hook's timeout (raise timeout in the hook's settings if this is common)", cfg.Timeout)
	if err.Error() == "" {
		return withCode(ExitUnverified, errors.New(msg))
	}
	return withCode(ExitUnverified, fmt.Errorf("%s: %w", msg, err))
}

// loadHookConfig reads the hook's settings: path, or
// $GERRIT_SITE/etc/pypiguard.yaml.
func loadHookConfig(path string) (*hook.Config, error) {
	if path == "" {
		site := os.Getenv("GERRIT_SITE")
		if site == "" {
			return nil, errors.New("hook: no settings: pass --hook-config FILE, or run from Gerrit, which sets GERRIT_SITE ($GERRIT_SITE/etc/pypiguard.yaml; see hook/README.md)")
		}
		path = filepath.Join(site, "etc", "pypiguard.yaml")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("hook settings: %w; see hook/README.md", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxHookConfig+1))
	if err != nil {
		return nil, fmt.Errorf("hook settings: %w", err)
	}
	if len(data) > maxHookConfig {
		return nil, fmt.Errorf("hook settings %s: over %d bytes; is this really the file?", path, maxHookConfig)
	}
	cfg, err := hook.ParseConfig(path, data)
	if err != nil {
		return nil, err
	}
	return cfg, cfg.CheckPaths()
}

// hookLog points the log at the configured file (JSON lines, appended), or
// $GERRIT_SITE/logs/pypiguard.log when Gerrit's logs directory exists, or
// else stderr, which Gerrit's log gets. A --log-level argument beats the
// config's log-level.
func (a *app) hookLog(cfg *hook.Config, level string) (func(), error) {
	if level == "" {
		level = cfg.LogLevel
	}
	lvl, err := parseLevel(level)
	if err != nil {
		return nil, err
	}
	path := cfg.LogFile
	if site := os.Getenv("GERRIT_SITE"); path == "" && site != "" {
		if st, err := os.Stat(filepath.Join(site, "logs")); err == nil && st.IsDir() {
			path = filepath.Join(site, "logs", "pypiguard.log")
		}
	}
	var w io.Writer = a.stderr
	closeLog := func() {}
	if path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
		if err != nil {
			return nil, fmt.Errorf("hook log: %w; fix log-file in the hook's settings", err)
		}
		w, closeLog = f, func() { f.Close() }
	}
	a.log = zerolog.New(w).Level(lvl).With().Timestamp().Logger()
	return closeLog, nil
}

// hookCheck checks the patch set and posts the review. A verdict is the
// hook's result, not its failure: it exits 0 when it voted, pass or fail,
// since Gerrit logs any other exit as a SEVERE error meant for operators.
func (a *app) hookCheck(ctx context.Context, cfg *hook.Config, ha hook.Args) error {
	jf, err := hookFlags(cfg, ha)
	if err != nil {
		return usageError(err)
	}
	// Before any expensive work: a patch set replaced meanwhile (Gerrit
	// runs the hook on every upload, often several in a row) gets nothing.
	client, err := a.gerritClient(ctx, &jf.gerrit)
	if err != nil {
		return err
	}
	branch, why, err := client.Current(ctx, jf.gerrit.change, jf.gerrit.revision)
	if err != nil {
		return err
	}
	if why != "" {
		a.skipped(why)
		return nil
	}
	read := func(ctx context.Context) (*source.Change, error) { return a.hookChange(ctx, cfg, &jf.gerrit, branch) }
	r, d, err := a.checkChange(ctx, jf, read)
	if err != nil {
		return err
	}
	a.log.Info().Str("verdict", string(r.Verdict)).Strs("touched", r.Touched).Msg("checked")
	if err := render.Text(a.stdout, r); err != nil {
		return err
	}
	if err := a.post(ctx, &jf.gerrit, r, d.Policy); err != nil {
		return err
	}
	if r.Verdict == report.Unverified {
		return withCode(ExitUnverified, nil)
	}
	return nil
}

// hookFlags are the flags of "check --post" that the settings and the
// plugin's arguments make: parsed like a command line, so that the hook gets
// the same defaults and checks as check.
func hookFlags(cfg *hook.Config, ha hook.Args) (*judgeFlags, error) {
	id := ha.ChangeID()
	if id == "" {
		return nil, errors.New("hook: no --change (and no --change-url to take the number from)")
	}
	if _, err := gerrit.Revision(ha.Commit); err != nil {
		return nil, fmt.Errorf("hook: --commit: %w", err)
	}
	// The kind comes from the project Gerrit names, never from the files.
	kind, err := changes.ProjectKind(ha.Project)
	if err != nil {
		return nil, fmt.Errorf("hook: --project: %w; list only those under projects: in the hook's settings", err)
	}
	args := []string{"--gerrit-url", cfg.GerritURL, "--gerrit-credentials", cfg.Credentials,
		"--change", id, "--revision", ha.Commit, "--post"}
	if cfg.PyPIURL != "" {
		args = append(args, "--pypi-url", cfg.PyPIURL)
	}
	if cfg.Policy != "" {
		args = append(args, "--config", cfg.Policy)
	}
	if cfg.ProjectConfig != "" {
		args = append(args, "--project-config", cfg.ProjectConfig)
	}
	jf := judgeFlags{kind: kind}
	cmd := &cobra.Command{}
	jf.register(cmd)
	jf.gerrit.registerChange(cmd.Flags())
	if err := cmd.Flags().Parse(args); err != nil {
		return nil, err
	}
	// The hook's user wrote settings, not flags: errors name the setting.
	jf.gerrit.credentialsName = "the hook's setting credentials (" + cfg.Credentials + ")"
	return &jf, jf.gerrit.check()
}

// hookChange reads the patch set: from the project's bare repository, which
// Gerrit gives the hook as GIT_DIR, when the settings say read-from-git,
// compared with its merge base with the target branch (as Zuul compares
// it); else from Gerrit's REST API.
func (a *app) hookChange(ctx context.Context, cfg *hook.Config, gf *gerritFlags, branch string) (*changes.Change, error) {
	if !cfg.ReadFromGit {
		return a.readChange(ctx, gf, nil)
	}
	dir := os.Getenv("GIT_DIR")
	if dir == "" {
		return nil, usageError(errors.New("hook: read-from-git needs GIT_DIR, the project's repository, which Gerrit sets"))
	}
	g := &source.Git{Dir: dir}
	base, err := g.MergeBase(ctx, "refs/heads/"+strings.TrimPrefix(branch, "refs/heads/"), gf.revision)
	if err != nil {
		return nil, err
	}
	// The merge base of a commit and its first parent is that parent: when
	// it is the change's merge base too (the usual case), one read does.
	parent, err := g.MergeBase(ctx, gf.revision+"^", gf.revision)
	if err != nil {
		return nil, err
	}
	rev := revFlags{repo: dir, base: base, head: gf.revision}
	c, err := rev.readCtx(ctx)
	if err != nil || base == parent {
		return c, err
	}
	// Gerrit takes inline comments only on the files it lists for the patch
	// set, those it modifies against its first parent; the rest of what the
	// merge base shows goes in the review's message.
	first := revFlags{repo: dir, base: gf.revision + "^", head: gf.revision}
	fc, err := first.readCtx(ctx)
	if err != nil {
		return nil, err
	}
	for p := range c.Touched {
		if !fc.Touched[p] {
			delete(c.Touched, p)
		}
	}
	return c, nil
}
