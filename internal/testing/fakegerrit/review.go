package fakegerrit

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Review is a review the server accepted.
type Review struct {
	Account  string
	Change   int
	PatchSet int
	// Revision is the {revision-id} as the client sent it: a SHA, a
	// patch-set number or "current".
	Revision string
	Input    ReviewInput
	// Applied are the labels the server says it applied.
	Applied map[string]int
}

// setReview is POST /a/changes/{id}/revisions/{rev}/review.
func (s *Server) setReview(c *call) {
	rev, ok := s.lookupRevision(c)
	if !ok || s.failReview(c) {
		return
	}
	in, ok := s.reviewInput(c)
	if !ok || !s.open(c, rev, in) {
		return
	}
	applied, ok := s.labels(c, in)
	if !ok || !s.comments(c, rev, in) {
		return
	}
	s.mu.Lock()
	s.reviews = append(s.reviews, Review{Account: c.account, Change: rev.change.Number, PatchSet: rev.patchSet,
		Revision: c.vars[1], Input: in, Applied: applied})
	s.mu.Unlock()
	out := map[string]any{}
	if in.Labels != nil {
		out["labels"] = applied
	}
	writeJSON(c.w, out)
}

// failReview answers with the next status FailReviews queued, if any.
func (s *Server) failReview(c *call) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reviewFail) == 0 {
		return false
	}
	status := s.reviewFail[0]
	s.reviewFail = s.reviewFail[1:]
	msg := "injected failure: " + http.StatusText(status)
	if status == http.StatusConflict {
		msg = "change is closed"
	}
	text(c.w, status, msg)
	return true
}

// open refuses a review on a closed change as Gerrit does: nothing on an
// abandoned change, no vote after submit.
func (s *Server) open(c *call, rev revision, in ReviewInput) bool {
	switch {
	case rev.change.Status == "ABANDONED":
		text(c.w, http.StatusConflict, "change is closed")
		return false
	case rev.change.Status == "MERGED" && len(in.Labels) > 0:
		text(c.w, http.StatusConflict, "Voting on labels disallowed after submit: "+strings.Join(slices.Sorted(maps.Keys(in.Labels)), ", "))
		return false
	}
	return true
}

// labels checks the votes: an unknown label or a value out of range is
// dropped (400 with StrictLabels); a value the account may not give is a 403
// that fails the whole review. 0 is always allowed.
func (s *Server) labels(c *call, in ReviewInput) (map[string]int, bool) {
	s.mu.Lock()
	grants := s.accounts[c.account].Grants
	s.mu.Unlock()
	applied := map[string]int{}
	for _, name := range slices.Sorted(maps.Keys(in.Labels)) {
		v := in.Labels[name]
		def, known := s.opts.Labels[name]
		switch {
		case !known && s.opts.StrictLabels:
			text(c.w, http.StatusBadRequest, fmt.Sprintf("label \"%s\" is not a configured label", name))
			return nil, false
		case known && !def.has(v) && s.opts.StrictLabels:
			text(c.w, http.StatusBadRequest, fmt.Sprintf("label \"%s\": %d is not a valid value", name, v))
			return nil, false
		case !known || !def.has(v):
			continue
		case v != 0 && !grants[name].has(v):
			text(c.w, http.StatusForbidden, fmt.Sprintf("Applying label \"%s\": %d is restricted", name, v))
			return nil, false
		}
		applied[name] = v
	}
	return applied, true
}

// comments checks the inline comments: only files the revision modifies
// against its first parent (and the magic files), lines not negative.
func (s *Server) comments(c *call, rev revision, in ReviewInput) bool {
	if len(in.Comments) == 0 {
		return true
	}
	files, ok := s.files(c, rev)
	if !ok {
		return false
	}
	for _, path := range slices.Sorted(maps.Keys(in.Comments)) {
		if _, ok := files[path]; !ok && path != "/PATCHSET_LEVEL" {
			text(c.w, http.StatusBadRequest, fmt.Sprintf("file %s not found in revision %d,%d", path, rev.change.Number, rev.patchSet))
			return false
		}
		for _, cm := range in.Comments[path] {
			if cm.Line < 0 {
				text(c.w, http.StatusBadRequest, fmt.Sprintf("negative line number %d not allowed on %s", cm.Line, path))
				return false
			}
		}
	}
	return true
}
