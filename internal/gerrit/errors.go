package gerrit

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is a request Gerrit refused or did not answer, after retries where
// they made sense. Its text is safe to show: no credentials, and Gerrit's own
// text (the reason it gives, e.g. `Applying label "Verified": -1 is
// restricted`) is included.
type Error struct {
	Op       string // what was asked, e.g. "post the review on 123 at 5f2c..."
	Code     int    // the HTTP status; 0 when Gerrit did not answer
	Text     string // Gerrit's own text, from the answer's body
	Attempts int    // requests sent, retries included
	Err      error  // the cause when there was no usable answer
	Hint     string // what to do next
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("gerrit: " + e.Op + ": ")
	switch {
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		fmt.Fprintf(&b, "HTTP %d %s", e.Code, http.StatusText(e.Code))
		if e.Text != "" {
			b.WriteString(": " + e.Text)
		}
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// BadInput says whether Gerrit refused what it was asked (bad credentials,
// a restricted label, a closed change, a bad request): for the user to fix,
// exit 2. A temporary failure is Unverified instead.
func (e *Error) BadInput() bool { return !e.Temporary() }

// Unverified says whether Gerrit gave no answer, so that nothing could be
// verified: exit 3.
func (e *Error) Unverified() bool { return e.Temporary() }

// Temporary reports whether the failure may pass by itself: Gerrit did not
// answer, was overloaded (429) or failed (5xx). Everything else is final:
// sending the same request again gets the same answer.
func (e *Error) Temporary() bool {
	if errors.Is(e.Err, errTooLarge) || (e.Code >= 200 && e.Code < 300) {
		return false
	}
	return e.Code == 0 || e.Code == http.StatusTooManyRequests || e.Code >= 500
}

// IsNotFound reports whether err is Gerrit's 404.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == http.StatusNotFound
}

// errTooLarge is an answer over the size pypiguard reads.
var errTooLarge = errors.New("answer too large")

// hint says what to do about a failure, as far as the status alone tells.
func (c *Client) hint(e *Error) string {
	switch {
	case e.Code == http.StatusUnauthorized && c.Authenticated():
		return "Gerrit refused the credentials from " + c.opts.Credentials.Source +
			": use the account's HTTP password (Gerrit: Settings > HTTP Credentials), not its login password"
	case e.Code == http.StatusUnauthorized:
		return "this Gerrit wants credentials: set GERRIT_USERNAME and GERRIT_HTTP_PASSWORD or pass --gerrit-credentials FILE"
	case e.Code == http.StatusForbidden:
		return "the account lacks a permission this needs"
	case e.Code == http.StatusNotFound:
		return "check the change id and the revision (a private change is invisible without credentials)"
	case e.Code == http.StatusConflict:
		return "the change is closed (merged or abandoned): there is nothing to vote on"
	case e.Code == http.StatusBadRequest:
		return "Gerrit refused what pypiguard sent; report it with this message"
	case errors.Is(e.Err, errTooLarge):
		return "check that --gerrit-url points at Gerrit"
	case e.Code >= 200 && e.Code < 300:
		return "the answer is not Gerrit's: check that --gerrit-url points at Gerrit"
	case e.Temporary():
		return "Gerrit at " + c.base + " may be down or unreachable; re-run later"
	}
	return ""
}

// NotAppliedError is a vote Gerrit accepted the review for but did not
// apply: with change.strictLabels off (the default), Gerrit silently drops a
// label the project does not have, or a value outside the label's range.
type NotAppliedError struct {
	Label   string
	Value   int
	Applied map[string]int
}

func (e *NotAppliedError) Error() string {
	return fmt.Sprintf("gerrit: the review was posted but Gerrit did not apply %s %+d (it applied %v): "+
		"the project has no label %q or the value is outside its range, and Gerrit drops such votes silently; "+
		"fix gerrit: label/vote-fail/vote-pass in the policy file or the project's label configuration",
		e.Label, e.Value, e.Applied, e.Label)
}

// BadInput says that Gerrit did not apply the vote the label needs: exit 2, fixed by the user (docs/design.md section 8).
func (e *NotAppliedError) BadInput() bool { return true }
