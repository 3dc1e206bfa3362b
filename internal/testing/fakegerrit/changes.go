package fakegerrit

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// gerritTime is the one timestamp the server shows, in Gerrit's format.
const gerritTime = "2026-01-01 00:00:00.000000000"

// changeOptions are the "o" values of Get Change Gerrit documents that the
// server accepts; it fills in the revisions for the first two.
var changeOptions = []string{"CURRENT_REVISION", "ALL_REVISIONS", "LABELS", "DETAILED_LABELS", "CURRENT_COMMIT", "ALL_COMMITS",
	"CURRENT_FILES", "ALL_FILES", "DETAILED_ACCOUNTS", "MESSAGES", "SKIP_DIFFSTAT", "SUBMITTABLE"}

var (
	digits  = regexp.MustCompile(`^[0-9]+$`)
	hexSHA  = regexp.MustCompile(`^[0-9a-f]{4,64}$`)
	keyForm = regexp.MustCompile(`^I[0-9a-f]{40}$`)
)

// revision is a change at one of its patch sets.
type revision struct {
	change   Change
	patchSet int // 1-based
	sha      string
	dir      string // the project's git directory
}

// lookupChange finds the change named by c.vars[0] in any of Gerrit's
// forms, answering 404 itself when there is none.
func (s *Server) lookupChange(c *call) (Change, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.vars[0]
	for _, ch := range s.changes {
		if idNames(id, ch) {
			cp := *ch
			cp.Revisions = append([]string(nil), ch.Revisions...)
			return cp, s.projects[ch.Project], true
		}
	}
	notFound(c, id)
	return Change{}, "", false
}

// idNames reports whether id names ch: "number", "project~number",
// "project~branch~Change-Id", or a bare Change-Id.
func idNames(id string, ch *Change) bool {
	p := strings.Split(id, "~")
	num := strconv.Itoa(ch.Number)
	switch len(p) {
	case 1:
		return p[0] == num || (keyForm.MatchString(p[0]) && p[0] == ch.ChangeID)
	case 2:
		return p[0] == ch.Project && p[1] == num
	case 3:
		return p[0] == ch.Project && strings.TrimPrefix(p[1], "refs/heads/") == ch.Branch && p[2] == ch.ChangeID
	}
	return false
}

// lookupRevision finds the change of c.vars[0] at the revision c.vars[1]:
// "current", a patch-set number, or a commit SHA, full or abbreviated.
func (s *Server) lookupRevision(c *call) (revision, bool) {
	ch, dir, ok := s.lookupChange(c)
	if !ok {
		return revision{}, false
	}
	id := c.vars[1]
	for i, sha := range ch.Revisions {
		ps := i + 1
		if (id == "current" && ps == len(ch.Revisions)) || (hexSHA.MatchString(id) && strings.HasPrefix(sha, id)) ||
			(digits.MatchString(id) && id == strconv.Itoa(ps)) {
			return revision{change: ch, patchSet: ps, sha: sha, dir: dir}, true
		}
	}
	notFound(c, id)
	return revision{}, false
}

// changeInfo is Gerrit's ChangeInfo, as far as the server fills it.
type changeInfo struct {
	ID              string                  `json:"id"`
	TripletID       string                  `json:"triplet_id"`
	Project         string                  `json:"project"`
	Branch          string                  `json:"branch"`
	ChangeID        string                  `json:"change_id"`
	Subject         string                  `json:"subject"`
	Status          string                  `json:"status"`
	Created         string                  `json:"created"`
	Updated         string                  `json:"updated"`
	Number          int                     `json:"_number"`
	Owner           map[string]any          `json:"owner"`
	CurrentRevision string                  `json:"current_revision,omitempty"`
	Revisions       map[string]revisionInfo `json:"revisions,omitempty"`
}

// revisionInfo is Gerrit's RevisionInfo, as far as the server fills it.
type revisionInfo struct {
	Kind    string `json:"kind"`
	Number  int    `json:"_number"`
	Created string `json:"created"`
	Ref     string `json:"ref"`
}

func (s *Server) getChange(c *call) {
	ch, dir, ok := s.lookupChange(c)
	if !ok {
		return
	}
	opts := c.r.URL.Query()["o"]
	for _, o := range opts {
		if !slices.Contains(changeOptions, o) {
			s.offSpec(c, http.StatusBadRequest, "%q is not a valid value for \"-o\"", o)
			return
		}
	}
	triplet := url.PathEscape(ch.Project) + "~" + url.PathEscape(ch.Branch) + "~" + ch.ChangeID
	info := changeInfo{ID: triplet, TripletID: triplet, Project: ch.Project, Branch: ch.Branch, ChangeID: ch.ChangeID,
		Status: ch.Status, Created: gerritTime, Updated: gerritTime, Number: ch.Number, Owner: map[string]any{"_account_id": 1000000}}
	if cm, err := readCommit(dir, ch.Revisions[0]); err == nil {
		info.Subject = cm.Subject
	}
	for i, sha := range ch.Revisions {
		current := i == len(ch.Revisions)-1
		if (current && slices.Contains(opts, "CURRENT_REVISION")) || slices.Contains(opts, "ALL_REVISIONS") {
			if info.Revisions == nil {
				info.Revisions = map[string]revisionInfo{}
			}
			info.Revisions[sha] = revisionInfo{Kind: "REWORK", Number: i + 1, Created: gerritTime,
				Ref: "refs/changes/" + refShard(ch.Number) + "/" + strconv.Itoa(i+1)}
		}
		if current && info.Revisions != nil {
			info.CurrentRevision = sha
		}
	}
	writeJSON(c.w, info)
}

// refShard is the "NN/NNNN" of refs/changes/NN/NNNN/ps.
func refShard(n int) string {
	s := strconv.Itoa(n)
	return strconv.Itoa(n%100/10) + strconv.Itoa(n%10) + "/" + s
}

// commitInfo and parentInfo are Gerrit's CommitInfo, as far as the server
// fills it.
type commitInfo struct {
	Commit    string         `json:"commit"`
	Parents   []parentInfo   `json:"parents"`
	Author    map[string]any `json:"author"`
	Committer map[string]any `json:"committer"`
	Subject   string         `json:"subject"`
	Message   string         `json:"message"`
}

type parentInfo struct {
	Commit  string `json:"commit"`
	Subject string `json:"subject"`
}

func (s *Server) getCommit(c *call) {
	rev, ok := s.lookupRevision(c)
	if !ok {
		return
	}
	cm, err := readCommit(rev.dir, rev.sha)
	if err != nil {
		text(c.w, http.StatusInternalServerError, err.Error())
		return
	}
	person := map[string]any{"name": cm.AuthorName, "email": cm.AuthorMail, "date": gerritTime, "tz": 0}
	info := commitInfo{Commit: cm.SHA, Author: person, Committer: person, Subject: cm.Subject, Message: cm.Message, Parents: []parentInfo{}}
	for _, p := range cm.Parents {
		pc, _ := readCommit(rev.dir, p)
		info.Parents = append(info.Parents, parentInfo{Commit: p, Subject: pc.Subject})
	}
	writeJSON(c.w, info)
}

// files lists what the revision changes against its parent-th parent
// (default: the first), with the magic /COMMIT_MSG Gerrit always adds.
func (s *Server) files(c *call, rev revision) (map[string]fileInfo, bool) {
	cm, err := readCommit(rev.dir, rev.sha)
	if err != nil {
		text(c.w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	parent, ok := s.parent(c, cm)
	if !ok {
		return nil, false
	}
	files, err := changedFiles(rev.dir, parent, rev.sha)
	if err != nil {
		text(c.w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	files["/COMMIT_MSG"] = fileInfo{Status: "A", Size: len(cm.Message)}
	return files, true
}

// parent is the commit of the request's parent=N (1-based; absent or 0 is
// the first parent for file lists), "" for a root commit.
func (s *Server) parent(c *call, cm commit) (string, bool) {
	n := 1
	if v := c.r.URL.Query().Get("parent"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 0 {
			s.offSpec(c, http.StatusBadRequest, "parent %q: want a number", v)
			return "", false
		}
	}
	switch {
	case len(cm.Parents) == 0:
		return "", true
	case n > len(cm.Parents):
		text(c.w, http.StatusBadRequest, "invalid parent "+strconv.Itoa(n))
		return "", false
	}
	return cm.Parents[max(n, 1)-1], true
}

func (s *Server) listFiles(c *call) {
	rev, ok := s.lookupRevision(c)
	if !ok {
		return
	}
	if files, ok := s.files(c, rev); ok {
		writeJSON(c.w, files)
	}
}
