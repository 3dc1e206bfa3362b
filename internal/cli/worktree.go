package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/source"
)

// worktree prepares a local change for check and diff: it refuses a --repo
// that is not a git repository in the user's words, and, when --head is
// not given and the working tree holds uncommitted changes to the files
// pypiguard reads, judges the working tree against HEAD (or --base), as a
// liaison who has just edited projects.yaml expects. It returns the note
// that says so, "" when the committed change is judged.
func (f *revFlags) worktree(cmd *cobra.Command) (string, error) {
	ctx := cmd.Context()
	if err := source.CheckRepo(ctx, f.repo); err != nil {
		return "", err
	}
	if cmd.Flags().Changed("head") {
		return "", nil
	}
	specs := append(append([]string{}, changes.Paths...), projectconfig.ZuulDir)
	commit, changed, err := (&source.Git{Dir: f.repo}).WorkTreeCommit(ctx, specs)
	if err != nil {
		return "", withCode(ExitUnverified, fmt.Errorf("--repo %s: reading the working tree: %w", f.repo, err))
	}
	if commit == "" {
		return "", nil
	}
	f.head = commit
	if !cmd.Flags().Changed("base") {
		f.base = "HEAD"
	}
	return fmt.Sprintf("judging the working tree: uncommitted changes to %s, against %s; commit them, or pass --head HEAD to judge the last commit instead",
		strings.Join(changed, ", "), f.base), nil
}
