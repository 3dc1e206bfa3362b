package render

import (
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
)

// TestInlineCommentsOneCommentPerLine: two events on one line (a new
// deliverable and its repo) make one comment naming both events and the
// package once; a finding no event names is commented on its own line; a
// finding whose only event is at base is not moved to its own line (the
// line is gone from the head).
func TestInlineCommentsOneCommentPerLine(t *testing.T) {
	t.Parallel()
	second := event(9, "", "openstack/xstatic-tv4")
	second.Kind, second.Deliverable = "new-repo", ""
	lost := dirtyFinding
	lost.Repo, lost.Package, lost.Line = "openstack/lost", "lost", 12
	gone := dirtyFinding
	gone.Repo, gone.Package, gone.Line = "openstack/gone", "gone", 15
	r := &report.Report{
		Touched:  []string{projects},
		Events:   []report.Event{event(9, "xstatic-tv4", "openstack/xstatic-tv4"), second, {Kind: "moved-deliverable", Repos: []string{"openstack/gone"}, File: projects, Line: 15, AtBase: true}},
		Findings: []report.Finding{dirtyFinding, lost, gone, cleanFinding},
	}
	got := InlineComments(r)
	var lines []int
	for _, c := range got[projects] {
		lines = append(lines, c.Line)
	}
	if len(got) != 1 || !reflect.DeepEqual(lines, []int{9, 12}) {
		t.Fatalf("comments %#v, want lines 9 and 12", got)
	}
	nine := got[projects][0].Message
	if !strings.HasPrefix(nine, "pypiguard: new-deliverable xstatic-tv4 (team horizon); new-repo openstack/xstatic-tv4 (team horizon): 1 PyPI project fails the policy.\n") ||
		strings.Count(nine, "Why: ") != 1 {
		t.Errorf("line 9:\n%s", nine)
	}
	if twelve := got[projects][1].Message; !strings.HasPrefix(twelve, "pypiguard: 1 PyPI project fails the policy.\n\nlost (repo openstack/lost)") {
		t.Errorf("line 12:\n%s", twelve)
	}
	z := NewZuulReturn(r, ZuulOptions{}).Zuul
	if len(z.Warnings) != 1 || !strings.Contains(z.Warnings[0], "gone (repo openstack/gone, reference/projects.yaml:15)") || !strings.HasSuffix(z.Warnings[0], "(no line of this change to comment on)") {
		t.Errorf("warnings %q", z.Warnings)
	}
}
