package render

import (
	"bytes"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
)

func TestRolesText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := RolesText(&buf, []report.ProjectRoles{
		{Name: "lonely", Exists: true, Source: "json", Roles: []report.Role{}},
		{Name: "org", DisplayName: "Org", Exists: true, Source: "json", Organization: "acme", Roles: []report.Role{{Role: "Owner", User: "openstackci"}}},
		{Name: "down", Err: "PyPI answered 503"},
	})
	want := `lonely: on PyPI (source: json)
  organization: none
  no direct collaborators

org: on PyPI as "Org" (source: json)
  organization: acme (its owners and teams can upload too; PyPI does not list them)
  Owner       openstackci

down: could not verify: PyPI answered 503
`
	if err != nil || buf.String() != want {
		t.Errorf("%v:\n%s\nwant:\n%s", err, buf.String(), want)
	}
}

// TestRolesJSONNulls: what is unknown is null, and known-empty roles are
// [], never null (a script must not read "no collaborators" into an
// unanswered name).
func TestRolesJSONNulls(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := RolesJSON(&buf, []report.ProjectRoles{{Name: "lonely", Exists: true, Source: "json"}, {Name: "down", Err: "503"}}); err != nil {
		t.Fatal(err)
	}
	want := `[
  {
    "name": "lonely",
    "display_name": null,
    "exists": true,
    "roles": [],
    "organization": null,
    "organization_unknown": false,
    "source": "json",
    "error": null
  },
  {
    "name": "down",
    "display_name": null,
    "exists": null,
    "roles": null,
    "organization": null,
    "organization_unknown": null,
    "source": null,
    "error": "503"
  }
]
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
