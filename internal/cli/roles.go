package cli

import (
	"context"
	"errors"

	"opendev.org/openstack/pypiguard/internal/naming"

	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
)

// rolesCommand is "pypiguard roles NAME...".
func (a *app) rolesCommand() *cobra.Command {
	var pf pypiFlags
	var format string
	cmd := &cobra.Command{
		Use:   "roles NAME...",
		Short: "Print who can upload each PyPI package",
		Long: `roles asks PyPI who holds each named project: its direct collaborators
(Owner, Maintainer), its organization, and which PyPI interface answered.
Names may be spelled any way PyPI accepts (oslo.config, Oslo_Config).

Organization owners, team members and trusted publishers can upload too, but
no PyPI interface lists them: a project in an organization has uploaders
nobody can see from outside.

Exit codes: 0 every name answered, 2 bad usage or an invalid name (nothing is
asked), 3 PyPI could not answer for some names (the answers are still printed).`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, names []string) error {
			if err := oneOf("format", format, "text", "json"); err != nil {
				return err
			}
			return a.roles(cmd.Context(), &pf, format, names)
		},
	}
	pf.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func (a *app) roles(ctx context.Context, pf *pypiFlags, format string, names []string) error {
	// Every name is checked before anything is asked, so that a typo costs
	// no request and is reported with all the others.
	if err := checkNames(names); err != nil {
		return err
	}
	c, err := a.pypiClient(pf)
	if err != nil {
		return err
	}
	results := c.Lookup(ctx, names)
	a.log.Debug().Interface("requests", c.Stats()).Msg("asked PyPI")
	write := render.RolesText
	if format == "json" {
		write = render.RolesJSON
	}
	answers := projectRoles(results)
	if err := write(a.stdout, answers); err != nil {
		return err
	}
	if failed(answers) {
		return withCode(ExitUnverified, nil)
	}
	return nil
}

func checkNames(names []string) error {
	var bad []error
	for _, n := range names {
		if !naming.ValidPackage(n) {
			bad = append(bad, &pypi.NameError{Name: n})
		}
	}
	if len(bad) > 0 {
		return usageError(errors.Join(bad...))
	}
	return nil
}

func failed(answers []report.ProjectRoles) bool {
	for _, p := range answers {
		if p.Err != "" {
			return true
		}
	}
	return false
}

// projectRoles puts PyPI's answers in the report's words, for render.
func projectRoles(results []pypi.Result) []report.ProjectRoles {
	out := make([]report.ProjectRoles, 0, len(results))
	for _, r := range results {
		p := report.ProjectRoles{Name: r.Name}
		switch {
		case r.Err != nil:
			p.Err = r.Err.Error()
			if p.Err == "" { // never read as an answer
				p.Err = "unknown error"
			}
		case r.Ownership == nil:
			p.Err = "PyPI gave no answer" // never read as "not on PyPI"
		default:
			o := r.Ownership
			p.DisplayName, p.Exists, p.Organization, p.OrganizationUnknown, p.Source = o.DisplayName, o.Exists, o.Organization, o.OrganizationUnknown, string(o.Source)
			p.Roles = make([]report.Role, 0, len(o.Roles))
			for _, role := range o.Roles {
				p.Roles = append(p.Roles, report.Role{Role: role.Role, User: role.User})
			}
		}
		out = append(out, p)
	}
	return out
}
