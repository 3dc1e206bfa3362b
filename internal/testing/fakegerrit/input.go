package fakegerrit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// ReviewInput is Gerrit's ReviewInput with every field its documentation
// lists (rest-api-changes.txt): a body with any other field is off-spec.
type ReviewInput struct {
	Message                          string                    `json:"message,omitempty"`
	Tag                              string                    `json:"tag,omitempty"`
	Labels                           map[string]int            `json:"labels,omitempty"`
	Comments                         map[string][]CommentInput `json:"comments,omitempty"`
	RobotComments                    json.RawMessage           `json:"robot_comments,omitempty"`
	Drafts                           string                    `json:"drafts,omitempty"`
	DraftIDsToPublish                []string                  `json:"draft_ids_to_publish,omitempty"`
	Notify                           string                    `json:"notify,omitempty"`
	NotifyDetails                    json.RawMessage           `json:"notify_details,omitempty"`
	OmitDuplicateComments            bool                      `json:"omit_duplicate_comments,omitempty"`
	OnBehalfOf                       string                    `json:"on_behalf_of,omitempty"`
	Reviewers                        json.RawMessage           `json:"reviewers,omitempty"`
	Ready                            bool                      `json:"ready,omitempty"`
	WorkInProgress                   bool                      `json:"work_in_progress,omitempty"`
	AddToAttentionSet                json.RawMessage           `json:"add_to_attention_set,omitempty"`
	RemoveFromAttentionSet           json.RawMessage           `json:"remove_from_attention_set,omitempty"`
	IgnoreAutomaticAttentionSetRules bool                      `json:"ignore_automatic_attention_set_rules,omitempty"`
	ResponseFormatOptions            json.RawMessage           `json:"response_format_options,omitempty"`
	// StrictLabels is an input of older releases; Gerrit ignores it now.
	StrictLabels *bool `json:"strict_labels,omitempty"`
}

// CommentInput is Gerrit's CommentInput with every documented field.
type CommentInput struct {
	Path           string          `json:"path,omitempty"`
	Side           string          `json:"side,omitempty"`
	Parent         int             `json:"parent,omitempty"`
	Line           int             `json:"line,omitempty"`
	Range          *CommentRange   `json:"range,omitempty"`
	InReplyTo      string          `json:"in_reply_to,omitempty"`
	Message        string          `json:"message,omitempty"`
	Unresolved     *bool           `json:"unresolved,omitempty"`
	Updated        string          `json:"updated,omitempty"`
	FixSuggestions json.RawMessage `json:"fix_suggestions,omitempty"`
	ID             string          `json:"id,omitempty"`
	Tag            string          `json:"tag,omitempty"`
}

// CommentRange is Gerrit's CommentRange.
type CommentRange struct {
	StartLine      int `json:"start_line"`
	StartCharacter int `json:"start_character"`
	EndLine        int `json:"end_line"`
	EndCharacter   int `json:"end_character"`
}

// reviewInput reads the body: JSON, as its Content-Type must say, with the
// documented fields only.
func (s *Server) reviewInput(c *call) (ReviewInput, bool) {
	var in ReviewInput
	if mt, _, err := mime.ParseMediaType(c.r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		s.offSpec(c, http.StatusBadRequest, "Content-Type %q: a JSON body needs Content-Type: application/json", c.r.Header.Get("Content-Type"))
		return in, false
	}
	body, _ := io.ReadAll(io.LimitReader(c.r.Body, 4<<20))
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		s.offSpec(c, http.StatusBadRequest, "the body is not a ReviewInput as Gerrit documents it: %v", err)
		return in, false
	}
	return in, s.checkInput(c, in)
}

// checkInput checks the enumerations and the fields that are not to be
// used.
func (s *Server) checkInput(c *call, in ReviewInput) bool {
	var bad []string
	if in.Notify != "" && !slices.Contains([]string{"NONE", "OWNER", "OWNER_REVIEWERS", "ALL"}, in.Notify) {
		bad = append(bad, fmt.Sprintf("notify %q is not NONE, OWNER, OWNER_REVIEWERS or ALL", in.Notify))
	}
	if in.Drafts != "" && !slices.Contains([]string{"KEEP", "PUBLISH", "PUBLISH_ALL_REVISIONS"}, in.Drafts) {
		bad = append(bad, fmt.Sprintf("drafts %q is not KEEP, PUBLISH or PUBLISH_ALL_REVISIONS", in.Drafts))
	}
	if in.RobotComments != nil {
		bad = append(bad, "robot_comments are deprecated and gone in Gerrit 3.13: use comments")
	}
	for path, cs := range in.Comments {
		for _, cm := range cs {
			if cm.Path != "" && cm.Path != path {
				bad = append(bad, fmt.Sprintf("comment path %q under the key %q", cm.Path, path))
			}
			if cm.Side != "" && cm.Side != "REVISION" && cm.Side != "PARENT" {
				bad = append(bad, fmt.Sprintf("comment side %q is not REVISION or PARENT", cm.Side))
			}
		}
	}
	if len(bad) > 0 {
		s.offSpec(c, http.StatusBadRequest, "%s", strings.Join(bad, "; "))
		return false
	}
	if in.Ready && in.WorkInProgress {
		text(c.w, http.StatusBadRequest, "work_in_progress and ready are mutually exclusive")
		return false
	}
	return true
}
