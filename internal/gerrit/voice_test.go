package gerrit_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
)

// loud is a failing change whose texts are too long for one Gerrit
// comment: a deliverable of 60 failing repos, a finding whose message is
// 40 KB, and one whose fields are each within the field cap but together
// pass the comment's.
func loud() *report.Report {
	const file = "reference/projects.yaml"
	r := &report.Report{Verdict: report.Fail, Touched: []string{file}}
	var repos []string
	for i := range 60 {
		repo := fmt.Sprintf("openstack/xstatic-%s-%02d", strings.Repeat("x", 40), i)
		repos = append(repos, repo)
		r.Findings = append(r.Findings, report.Finding{Repo: repo, Package: repo[len("openstack/"):], Status: report.ExtraMaintainers, Severity: report.High,
			Roles:   []report.Role{{Role: "Owner", User: "openstackci"}, {Role: "Maintainer", User: "mallory"}},
			Message: strings.Repeat("openstackci is Owner, but mallory can also upload. ", 8), Remediation: "Remove mallory.", File: file, Line: 9})
	}
	r.Events = append(r.Events,
		report.Event{Kind: "new-deliverable", Team: "horizon", OwnerKind: "team", Deliverable: "xstatic-all", Repos: repos, File: file, Line: 9},
		report.Event{Kind: "new-deliverable", Team: "nova", OwnerKind: "team", Deliverable: "huge", Repos: []string{"openstack/huge"}, File: file, Line: 40},
		report.Event{Kind: "new-repo", Team: "nova", Repos: []string{"openstack/wide"}, File: file, Line: 50},
		report.Event{Kind: "moved-deliverable", Team: "nova", Repos: []string{"openstack/huge"}, File: file, Line: 2, AtBase: true})
	r.Findings = append(r.Findings,
		report.Finding{Repo: "openstack/huge", Package: "huge", Status: report.OrganizationOwned, Severity: report.Critical,
			Message: strings.Repeat("m", 40<<10), Remediation: "Move it.", File: file, Line: 40},
		report.Finding{Repo: "openstack/wide", Package: "wide", Status: report.OrganizationOwned, Severity: report.Critical,
			Message: strings.Repeat("é€😀", 3000), Remediation: strings.Repeat("😀", 3000), File: file, Line: 50},
		// No event names this one: it is commented on its own line.
		report.Finding{Repo: "openstack/lost", Package: "lost", Status: report.ExtraMaintainers, Severity: report.High, Message: "lost", File: file, Line: 60},
		report.Finding{Repo: "openstack/fine", Package: "fine", Status: report.Clean, Severity: report.Info, Message: "fine", File: file, Line: 70})
	return r
}

// TestReviewCommentsAreZuuls: a failing line reads the same from Zuul and
// from the hook (same files, lines and text), and every comment stays
// under Gerrit's 16 KiB limit, saying what it cut and where the rest is.
func TestReviewCommentsAreZuuls(t *testing.T) {
	t.Parallel()
	r := loud()
	rv := gerrit.BuildReview(r, votes)
	zuul := render.NewZuulReturn(r, render.ZuulOptions{}).Zuul.FileComments
	fromZuul := map[string][]gerrit.Comment{}
	for path, cs := range zuul {
		for _, c := range cs {
			if c.Level != "error" {
				t.Errorf("%s:%d: level %q", path, c.Line, c.Level)
			}
			fromZuul[path] = append(fromZuul[path], gerrit.Comment{Line: c.Line, Message: c.Message})
		}
	}
	if !reflect.DeepEqual(rv.Comments, fromZuul) {
		t.Fatalf("the hook's comments differ from Zuul's:\nhook %+v\nzuul %+v", rv.Comments, fromZuul)
	}
	cs := rv.Comments["reference/projects.yaml"]
	var lines []int
	for _, c := range cs {
		lines = append(lines, c.Line)
		if len(c.Message) >= 16<<10 {
			t.Errorf("line %d: a comment of %d bytes", c.Line, len(c.Message))
		}
	}
	if !reflect.DeepEqual(lines, []int{9, 40, 50, 60}) {
		t.Fatalf("comments on lines %v, want 9, 40, 50, 60", lines)
	}
	const where = "this comment stops short of Gerrit's size limit; the full report has everything (pypiguard check on this change, or the pypiguard report artifact of its Zuul build)."
	for i, want := range []string{
		"more failing PyPI projects: " + where,
		"Why: " + strings.Repeat("m", 2000) + "... (cut short: the full report has all of it)\nFix: Move it.",
		"... cut here: the rest of this PyPI project's text: " + where,
		"pypiguard: 1 PyPI project fails the policy.\n\nlost (repo openstack/lost): extra-maintainers (high)",
	} {
		if !strings.Contains(cs[i].Message, want) {
			t.Errorf("line %d lacks %q:\n%.600s\n...\n%s", cs[i].Line, want, cs[i].Message, cs[i].Message[max(0, len(cs[i].Message)-600):])
		}
	}
	if n := strings.Count(cs[0].Message, "Why: "); n < 5 {
		t.Errorf("only %d of the 60 packages shown before the cut", n)
	}
}
