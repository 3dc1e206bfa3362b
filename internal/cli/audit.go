package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// auditCommand is "pypiguard audit".
func (a *app) auditCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "audit",
		Short: "Audit every governed repo's PyPI project",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError(errors.New("audit: not implemented yet"))
		},
	}
}
