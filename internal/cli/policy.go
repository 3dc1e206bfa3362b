package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// policyCommand shows the effective policy and checks policy files.
func (a *app) policyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Show the effective policy, or check a policy file",
		Long: `A policy file (--config) extends the built-in OpenStack policy: the keys it
gives replace the built-in ones (owner, publish-template, gerrit settings), and
its lists add to them (namespaces, publish-jobs, names, exceptions, accounts; an
entry for the same repo, package or account replaces the built-in one). A file
that says "extends: none" starts empty.`,
		Args: args(cobra.NoArgs),
	}
	var config string
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the effective policy: the built-in one, or --config on top of it",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			pol, err := loadPolicy(config)
			if err != nil {
				return err
			}
			out, err := pol.YAML()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(out)
			return err
		},
	}
	show.Flags().StringVar(&config, "config", "", "policy file (default: the built-in OpenStack policy)")
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "Check a policy file: every problem with its line, exit 2 when there is one",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			pol, err := loadPolicy(argv[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "policy %s is valid: %s\n", argv[0], pol.Summary())
			return err
		},
	}
	cmd.AddCommand(show, check)
	return cmd
}
