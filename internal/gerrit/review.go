package gerrit

import (
	"cmp"
	"fmt"
	"slices"

	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/report"
)

// Review is what pypiguard posts on a revision: one Set Review.
type Review struct {
	Message string
	// Labels is the vote, {label: value}; empty when there is no verdict
	// to vote on.
	Labels map[string]int
	// Comments are the inline comments, by file: only files the revision
	// touches, or Gerrit refuses the whole review.
	Comments map[string][]Comment
	Tag      string
}

// Comment is an inline comment on one line (1-based) of the revision's file.
type Comment struct {
	Line    int
	Message string
}

// BuildReview turns a report into the review to post, by the policy's
// gerrit section: a failing verdict votes VoteFail, a passing one VotePass,
// and an unverified one does not vote at all (docs/design.md section 6: what
// could not be verified never gets a -1). Every failing finding gets a
// comment on the line of each event that brought its repo into the change,
// where that line is in a file the change touches.
func BuildReview(r *report.Report, g policy.Gerrit) *Review {
	rv := &Review{Message: message(r), Tag: g.Tag, Comments: map[string][]Comment{}}
	switch r.Verdict {
	case report.Fail:
		rv.Labels = map[string]int{g.Label: g.VoteFail}
	case report.Pass:
		rv.Labels = map[string]int{g.Label: g.VotePass}
	}
	touched := map[string]bool{}
	for _, p := range r.Touched {
		touched[p] = true
	}
	for _, f := range r.Findings {
		if f.Status.Fails() {
			rv.comment(f, where(r.Events, f, touched))
		}
	}
	for p := range rv.Comments {
		slices.SortStableFunc(rv.Comments[p], func(a, b Comment) int { return cmp.Compare(a.Line, b.Line) })
	}
	return rv
}

// position is a line of a file.
type position struct {
	file string
	line int
}

// where lists the lines to comment on for f: each event about its repo, in
// the revision (not at base), in a touched file; once each.
func where(evs []report.Event, f report.Finding, touched map[string]bool) []position {
	var out []position
	seen := map[position]bool{}
	add := func(p position) {
		if touched[p.file] && p.line > 0 && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, e := range evs {
		if !e.AtBase && slices.Contains(e.Repos, f.Repo) {
			add(position{e.File, e.Line})
		}
	}
	if len(out) == 0 {
		add(position{f.File, f.Line}) // a finding without its event in the report
	}
	return out
}

func (rv *Review) comment(f report.Finding, at []position) {
	msg := commentText(f)
	for _, p := range at {
		rv.Comments[p.file] = append(rv.Comments[p.file], Comment{Line: p.line, Message: msg})
	}
}

// String summarises the review for logs: the vote and where the comments
// go, not the text.
func (rv *Review) String() string {
	n := 0
	for _, cs := range rv.Comments {
		n += len(cs)
	}
	return fmt.Sprintf("labels %v, %d inline comments, tag %s", rv.Labels, n, rv.Tag)
}
