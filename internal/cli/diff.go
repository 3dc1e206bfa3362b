package cli

import (
	"context"

	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
)

// revFlags select the change: a local repository, two revisions, and the
// kind of repository it is.
type revFlags struct {
	repo, base, head string
	kind             string
}

func (f *revFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.repo, "repo", ".", "the git repository: a checkout of openstack/governance or openstack/project-config")
	fs.StringVar(&f.base, "base", "HEAD^", "the revision before the change (Zuul: origin/<branch>)")
	fs.StringVar(&f.head, "head", "HEAD", "the revision of the change")
	fs.StringVar(&f.kind, "kind", "", "the repository the change is to: governance, project-config or releases; only its files are read (default: guessed from the files, for a local run only)")
}

// parsedKind is --kind as guard reads it: a usage error when it names no
// kind.
func (f *revFlags) parsedKind() (changes.RepoKind, error) {
	k, err := changes.ParseKind(f.kind)
	if err != nil {
		return k, usageError(err)
	}
	return k, nil
}

// readCtx reads the change from the local repository: the files pypiguard
// reads, every file under zuul.d/ included.
func (f *revFlags) readCtx(ctx context.Context) (*changes.Change, error) {
	return (&source.Git{Dir: f.repo}).Change(ctx, f.base, f.head)
}

func (a *app) diffCommand() *cobra.Command {
	var rev revFlags
	var format, config string
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Print what a change adds, moves, revives or starts publishing",
		Long: `diff prints the events of a change to openstack/governance or
openstack/project-config: what it adds, moves, revives or starts publishing, and,
for information, what it removes, retires or renames. It asks PyPI nothing.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := oneOf("format", format, "text", "json"); err != nil {
				return err
			}
			pol, err := loadPolicy(config)
			if err != nil {
				return err
			}
			note, err := rev.worktree(cmd)
			if err != nil {
				return err
			}
			r, err := a.diff(cmd, &rev, pol)
			if err != nil {
				return err
			}
			a.addNotes(r, []string{note})
			render, _ := render.ByName(format)
			return render(a.stdout, r)
		},
	}
	rev.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&config, "config", "", "policy file: its namespaces and publish-template (default: the built-in OpenStack policy)")
	return cmd
}

func (a *app) diff(cmd *cobra.Command, rev *revFlags, pol *policy.Policy) (*report.Report, error) {
	kind, err := rev.parsedKind()
	if err != nil {
		return nil, err
	}
	d := &guard.Deps{Policy: pol, Kind: kind, Tool: reportTool(), Started: reportTime()}
	// A file that cannot be read is bad input (exit 2), git failing is
	// unverified (3): the errors say which (exit.go).
	r, err := guard.Diff(cmd.Context(), d, readChange(rev.readCtx))
	if err != nil {
		return nil, err
	}
	for _, w := range r.Warnings {
		a.log.Debug().Str("file", w.File).Int("line", w.Line).Msg(w.Message)
	}
	return r, nil
}
