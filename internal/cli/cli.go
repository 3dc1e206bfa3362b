// Package cli is pypiguard's command line: it parses flags, builds the real
// adapters, runs one command and turns its outcome into an exit code
// (exit.go). Nothing else in pypiguard writes to stdout.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/version"
)

// app holds what every command shares.
type app struct {
	stdout, stderr io.Writer
	logLevel       string
	log            zerolog.Logger
	timeout        time.Duration
	deadline       context.Context // the run's context, once setup made it
	cancel         context.CancelFunc
	// services are the clients the command built from its flags.
	services services
}

// Main runs pypiguard with args (without the program name) and returns the
// exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, log: zerolog.Nop()}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if a.cancel != nil {
		if errors.Is(a.deadline.Err(), context.DeadlineExceeded) {
			fmt.Fprintf(stderr, "pypiguard: gave up after --timeout %s: what could not be asked is unverified, never passed\n", a.timeout)
			if err == nil {
				err = withCode(ExitUnverified, nil)
			}
		}
		a.cancel()
	}
	a.services.close()
	code := exitCode(err)
	if err != nil && err.Error() != "" {
		fmt.Fprintf(stderr, "pypiguard: %v\n", err)
	}
	return code
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "pypiguard",
		Short: "Keep OpenStack's PyPI projects in openstackci's hands",
		Long: `pypiguard finds what a change to openstack/governance or openstack/project-config
adds, moves, revives or starts publishing, asks PyPI who can upload each package,
and fails when anyone but openstackci (as Owner) can.

Exit codes: 0 no violation, 1 violation, 2 bad usage/config/input, 3 could not verify.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: a.setup,
		Version:           version.String(),
	}
	root.SetVersionTemplate("pypiguard {{.Version}}\n")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "info", "log level on stderr: debug, info, warn, error")
	root.PersistentFlags().DurationVar(&a.timeout, "timeout", 30*time.Minute, "the whole run's deadline; past it, nothing more is asked and the run exits 3; 0 means no deadline")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(a.versionCommand(), a.diffCommand(), a.checkCommand(), a.auditCommand(), a.rolesCommand(), a.hookCommand(), a.watchCommand(), a.policyCommand())
	return root
}

func (a *app) setup(cmd *cobra.Command, _ []string) error {
	log, err := newLogger(a.stderr, a.logLevel)
	if err != nil {
		return usageError(err)
	}
	a.log = log
	ctx := log.WithContext(cmd.Context())
	if a.timeout > 0 {
		ctx, a.cancel = context.WithTimeout(ctx, a.timeout)
		a.deadline = ctx
	}
	cmd.SetContext(ctx)
	return nil
}

// args wraps a cobra argument check so that its failure is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError(fmt.Errorf("%s: %w; see 'pypiguard %s --help'", cmd.Name(), err, cmd.Name()))
		}
		return nil
	}
}

// oneOf checks a flag's value against its allowed values.
func oneOf(flag, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return usageError(fmt.Errorf("--%s %q: use one of %s", flag, value, strings.Join(allowed, ", ")))
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print pypiguard's version",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(a.stdout, "pypiguard "+version.String())
			return err
		},
	}
}
