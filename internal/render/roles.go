package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// RolesText writes the roles command's text: one block per name, what PyPI
// answered or why it could not.
func RolesText(w io.Writer, ps []report.ProjectRoles) error {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		rolesBlock(&b, p)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rolesBlock(b *strings.Builder, p report.ProjectRoles) {
	switch {
	case p.Err != "":
		fmt.Fprintf(b, "%s: could not verify: %s\n", p.Name, p.Err)
		return
	case !p.Exists:
		fmt.Fprintf(b, "%s: not on PyPI (source: %s); the first upload will create it\n", p.Name, p.Source)
		return
	case p.DisplayName != "":
		fmt.Fprintf(b, "%s: on PyPI as %q (source: %s)\n", p.Name, p.DisplayName, p.Source)
	default:
		fmt.Fprintf(b, "%s: on PyPI (source: %s)\n", p.Name, p.Source)
	}
	switch {
	case p.Organization != "":
		fmt.Fprintf(b, "  organization: %s (its owners and teams can upload too; PyPI does not list them)\n", p.Organization)
	case p.OrganizationUnknown:
		b.WriteString("  organization: unknown (PyPI shows it only for projects with releases)\n")
	default:
		b.WriteString("  organization: none\n")
	}
	if len(p.Roles) == 0 {
		b.WriteString("  no direct collaborators\n")
	}
	for _, role := range p.Roles {
		fmt.Fprintf(b, "  %-10s  %s\n", role.Role, role.User)
	}
}

// roleJSON is one name in the JSON output. What is unknown is null: a name
// that could not be verified has "roles": null, never [].
type roleJSON struct {
	Name         string        `json:"name"`
	DisplayName  *string       `json:"display_name"`
	Exists       *bool         `json:"exists"`
	Roles        []report.Role `json:"roles"`
	Organization *string       `json:"organization"`
	// OrganizationUnknown says organization is null because no PyPI
	// interface could show it, not because there is none.
	OrganizationUnknown *bool   `json:"organization_unknown"`
	Source              *string `json:"source"`
	Error               *string `json:"error"`
}

// RolesJSON writes the roles command's JSON: a list with one object per
// name, in which what is unknown is null.
func RolesJSON(w io.Writer, ps []report.ProjectRoles) error {
	out := make([]roleJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, toRoleJSON(p))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func toRoleJSON(p report.ProjectRoles) roleJSON {
	j := roleJSON{Name: p.Name}
	if p.Err != "" {
		j.Error = &p.Err
		return j
	}
	j.Exists, j.Source, j.Roles, j.OrganizationUnknown = &p.Exists, &p.Source, p.Roles, &p.OrganizationUnknown
	if j.Roles == nil {
		j.Roles = []report.Role{}
	}
	j.DisplayName = nonEmpty(p.DisplayName)
	j.Organization = nonEmpty(p.Organization)
	return j
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
