package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/naming"

	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/pypi"
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
	write := writeRolesText
	if format == "json" {
		write = writeRolesJSON
	}
	if err := write(a.stdout, results); err != nil {
		return err
	}
	if failed(results) {
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

func failed(results []pypi.Result) bool {
	for _, r := range results {
		if r.Err != nil {
			return true
		}
	}
	return false
}

// writeRolesText writes one block per name.
func writeRolesText(w io.Writer, results []pypi.Result) error {
	var b strings.Builder
	for i, r := range results {
		if i > 0 {
			b.WriteString("\n")
		}
		textBlock(&b, r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func textBlock(b *strings.Builder, r pypi.Result) {
	o := r.Ownership
	switch {
	case r.Err != nil:
		fmt.Fprintf(b, "%s: could not verify: %v\n", r.Name, r.Err)
		return
	case !o.Exists:
		fmt.Fprintf(b, "%s: not on PyPI (source: %s); the first upload will create it\n", r.Name, o.Source)
		return
	case o.DisplayName != "":
		fmt.Fprintf(b, "%s: on PyPI as %q (source: %s)\n", r.Name, o.DisplayName, o.Source)
	default:
		fmt.Fprintf(b, "%s: on PyPI (source: %s)\n", r.Name, o.Source)
	}
	switch {
	case o.Organization != "":
		fmt.Fprintf(b, "  organization: %s (its owners and teams can upload too; PyPI does not list them)\n", o.Organization)
	case o.OrganizationUnknown:
		b.WriteString("  organization: unknown (PyPI shows it only for projects with releases)\n")
	default:
		b.WriteString("  organization: none\n")
	}
	if len(o.Roles) == 0 {
		b.WriteString("  no direct collaborators\n")
	}
	for _, role := range o.Roles {
		fmt.Fprintf(b, "  %-10s  %s\n", role.Role, role.User)
	}
}

// roleJSON is one name in the JSON output. What is unknown is null: a name
// that could not be verified has "roles": null, never [].
type roleJSON struct {
	Name         string      `json:"name"`
	DisplayName  *string     `json:"display_name"`
	Exists       *bool       `json:"exists"`
	Roles        []pypi.Role `json:"roles"`
	Organization *string     `json:"organization"`
	// OrganizationUnknown says organization is null because no PyPI
	// interface could show it, not because there is none.
	OrganizationUnknown *bool   `json:"organization_unknown"`
	Source              *string `json:"source"`
	Error               *string `json:"error"`
}

func writeRolesJSON(w io.Writer, results []pypi.Result) error {
	out := make([]roleJSON, 0, len(results))
	for _, r := range results {
		out = append(out, toRoleJSON(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func toRoleJSON(r pypi.Result) roleJSON {
	j := roleJSON{Name: r.Name}
	if r.Err != nil {
		msg := r.Err.Error()
		j.Error = &msg
		return j
	}
	o := r.Ownership
	source := string(o.Source)
	j.Exists, j.Source, j.Roles, j.OrganizationUnknown = &o.Exists, &source, o.Roles, &o.OrganizationUnknown
	if j.Roles == nil {
		j.Roles = []pypi.Role{}
	}
	j.DisplayName = nonEmpty(o.DisplayName)
	j.Organization = nonEmpty(o.Organization)
	return j
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
