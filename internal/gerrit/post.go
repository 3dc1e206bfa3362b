package gerrit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"

	gogerrit "github.com/andygrunwald/go-gerrit"
)

// Outcome is what Post did.
type Outcome struct {
	// Posted is false when the revision was not worth a review any more;
	// Skipped then says why.
	Posted  bool
	Skipped string
	// Applied are the labels Gerrit says it applied.
	Applied map[string]int
}

// ErrNoCredentials is a post without credentials.
var ErrNoCredentials = errors.New("posting a review needs a Gerrit account: set " + EnvUsername + " and " + EnvPassword + ", or pass --gerrit-credentials FILE")

// Post posts rv on revision of change as one Set Review. First it asks
// whether the change is still open and the revision still its current patch
// set: a verdict on an outdated patch set helps nobody (Zuul does the same),
// and then nothing is posted. The review goes to the commit SHA, never to
// "current", so that a patch set uploaded meanwhile cannot get a verdict
// meant for another. Last, the labels Gerrit applied are checked against the
// vote: Gerrit drops unknown labels silently.
func (c *Client) Post(ctx context.Context, change, revision string, rv *Review) (*Outcome, error) {
	if !c.Authenticated() {
		return nil, ErrNoCredentials
	}
	id, rev, err := changeRev(change, revision)
	if err != nil {
		return nil, err
	}
	info, err := c.change(ctx, id)
	if err != nil {
		return nil, err
	}
	if why := outdated(info, id, rev); why != "" {
		return &Outcome{Skipped: why}, nil
	}
	applied, err := c.setReview(ctx, id, rev, info.Project, rv)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Posted: true, Applied: applied}
	for label, v := range rv.Labels {
		if got, ok := applied[label]; !ok || got != v {
			return out, &NotAppliedError{Label: label, Value: v, Applied: applied}
		}
	}
	return out, nil
}

// Current says whether revision is still the current patch set of an open
// change: why not, or "" when it is (with the change's branch).
// The hook asks it before any other work; Post asks again before voting.
func (c *Client) Current(ctx context.Context, change, revision string) (branch, why string, err error) {
	id, rev, err := changeRev(change, revision)
	if err != nil {
		return "", "", err
	}
	info, err := c.change(ctx, id)
	if err != nil {
		return "", "", err
	}
	return info.Branch, outdated(info, id, rev), nil
}

// change reads the change with its current revision.
func (c *Client) change(ctx context.Context, id string) (*gogerrit.ChangeInfo, error) {
	var info *gogerrit.ChangeInfo
	opt := &gogerrit.ChangeOptions{AdditionalFields: []string{"CURRENT_REVISION"}}
	err := c.call(ctx, "read change "+id, func() (*gogerrit.Response, error) {
		var resp *gogerrit.Response
		var err error
		info, resp, err = c.c.Changes.GetChange(ctx, id, opt)
		return resp, err
	})
	return info, err
}

// outdated says why rev of the change is not worth a review, or "".
func outdated(info *gogerrit.ChangeInfo, id, rev string) string {
	switch {
	case info.Status != "NEW":
		return fmt.Sprintf("change %s is %s, not open", id, info.Status)
	case info.CurrentRevision != rev:
		return fmt.Sprintf("revision %s is no longer the current patch set of change %s (now %s)", rev, id, info.CurrentRevision)
	}
	return ""
}

// setReview sends the review and returns the labels Gerrit applied.
func (c *Client) setReview(ctx context.Context, id, rev, project string, rv *Review) (map[string]int, error) {
	in := rv.input()
	var res *gogerrit.ReviewResult
	err := c.call(ctx, fmt.Sprintf("post the review on change %s at %s", id, rev), func() (*gogerrit.Response, error) {
		var resp *gogerrit.Response
		var err error
		res, resp, err = c.c.Changes.SetReview(ctx, id, rev, in)
		return resp, err
	})
	var e *Error
	if errors.As(err, &e) {
		explain(e, project)
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	return res.Labels, nil
}

// restricted is Gerrit's text for a vote the account may not give
// (PostReviewOp).
var restricted = regexp.MustCompile(`Applying label "([^"]+)": ([-+]?\d+) is restricted`)

// explain says what to do about a refused review, from Gerrit's text.
func explain(e *Error, project string) {
	switch e.Code {
	case http.StatusForbidden:
		m := restricted.FindStringSubmatch(e.Text)
		if m == nil {
			e.Hint = "the account lacks a permission on " + project + ": see Gerrit's text"
			return
		}
		n, _ := strconv.Atoi(m[2])
		n = max(n, -n, 1)
		e.Hint = fmt.Sprintf("the account may not vote %s %s on %s: grant its group the label in the project's ACL "+
			"(on OpenDev: gerrit/acls/%s.config in openstack/project-config), e.g. label-%s = -%d..+%d group <your-bot-group> "+
			`in the [access "refs/heads/*"] section`, m[1], m[2], project, project, m[1], n, n)
	case http.StatusConflict:
		e.Hint = "the change was closed (merged or abandoned) while pypiguard ran: there is nothing to vote on"
	}
}

// input is the review as go-gerrit sends it: Gerrit's ReviewInput.
func (rv *Review) input() *gogerrit.ReviewInput {
	in := &gogerrit.ReviewInput{
		Message: rv.Message,
		Tag:     rv.Tag,
		Labels:  rv.Labels,
		// The owner and reviewers, not everyone watching: what the
		// default would be for an autogenerated tag anyway.
		Notify: "OWNER_REVIEWERS",
		// The hook may fire again for the same patch set (recheck, a
		// rerun by hand): the same comment is not posted twice.
		OmitDuplicateComments: true,
	}
	if len(rv.Comments) > 0 {
		in.Comments = map[string][]gogerrit.CommentInput{}
	}
	unresolved := true // a violation blocks the change until someone deals with it
	for path, cs := range rv.Comments {
		for _, cm := range cs {
			in.Comments[path] = append(in.Comments[path], gogerrit.CommentInput{Line: cm.Line, Message: cm.Message, Unresolved: &unresolved})
		}
	}
	return in
}
