package render

import (
	"bytes"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
)

// TestStatusFollowsThePolicysOwner: under a policy whose owner is not
// openstackci, people read that owner in the status; the JSON keeps the
// status's id, which its readers rely on.
func TestStatusFollowsThePolicysOwner(t *testing.T) {
	t.Parallel()
	r := &report.Report{Schema: report.Schema, Mode: "check", Owner: "starlingxci", Touched: []string{"reference/projects.yaml"},
		Events: []report.Event{{Kind: "new-repo", Repos: []string{"starlingx/x"}, File: "reference/projects.yaml", Line: 4}},
		Findings: []report.Finding{{Repo: "starlingx/x", Package: "x", Status: report.NotOwner, Severity: report.Critical,
			File: "reference/projects.yaml", Line: 4, Roles: []report.Role{}, ExtraAccounts: []string{}}}}
	r.Summarize()
	var text, md, js, page bytes.Buffer
	if err := Text(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&page, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), ">starlingxci-not-owner<") || strings.Contains(page.String(), ">openstackci-not-owner<") {
		t.Errorf("the HTML page shows the status with another owner")
	}
	if !strings.Contains(page.String(), `data-status="openstackci-not-owner"`) {
		t.Errorf("the HTML page's filter lost the status's id")
	}
	var inline string
	for _, cs := range InlineComments(r) {
		for _, c := range cs {
			inline += c.Message
		}
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String(), "gerrit": GerritMessage(r), "inline": inline} {
		if !strings.Contains(out, "starlingxci-not-owner") || strings.Contains(out, "openstackci") {
			t.Errorf("%s says the status with another owner:\n%s", name, out)
		}
	}
	if !strings.Contains(js.String(), `"status": "openstackci-not-owner"`) {
		t.Errorf("the JSON lost the status's id:\n%s", js.String())
	}
}
