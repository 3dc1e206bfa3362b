package gerrit

import (
	"fmt"

	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/render"
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
// could not be verified never gets a -1). The message and the inline
// comments are render's (render.GerritMessage, render.InlineComments), the
// same comments Zuul posts.
func BuildReview(r *report.Report, g policy.Gerrit) *Review {
	rv := &Review{Message: render.GerritMessage(r), Tag: g.Tag, Comments: map[string][]Comment{}}
	switch r.Verdict {
	case report.Fail:
		rv.Labels = map[string]int{g.Label: g.VoteFail}
	case report.Pass:
		rv.Labels = map[string]int{g.Label: g.VotePass}
	}
	for path, cs := range render.InlineComments(r) {
		for _, c := range cs {
			rv.Comments[path] = append(rv.Comments[path], Comment{Line: c.Line, Message: c.Message})
		}
	}
	return rv
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
