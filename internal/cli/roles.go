package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// rolesCommand is "pypiguard roles NAME...".
func (a *app) rolesCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "roles NAME...",
		Short:  "Print who can upload each PyPI package",
		Hidden: true,
		Args:   args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError(errors.New("not implemented yet"))
		},
	}
}
