package fakegerrit

import (
	"encoding/base64"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// changeContent is GET .../revisions/{rev}/files/{file}/content[?parent=N]:
// the file at the revision, or at its N-th parent (1-based; 0 is the
// revision itself).
func (s *Server) changeContent(c *call) {
	rev, ok := s.lookupRevision(c)
	if !ok {
		return
	}
	at := rev.sha
	if v := c.r.URL.Query().Get("parent"); v != "" && v != "0" {
		cm, err := readCommit(rev.dir, rev.sha)
		n, convErr := strconv.Atoi(v)
		switch {
		case convErr != nil || n < 0:
			s.offSpec(c, http.StatusBadRequest, "parent %q: want a number", v)
			return
		case err != nil:
			text(c.w, http.StatusInternalServerError, err.Error())
			return
		case n > len(cm.Parents):
			text(c.w, http.StatusBadRequest, "invalid parent "+v)
			return
		}
		at = cm.Parents[n-1]
	}
	file := c.vars[2]
	data, found := readBlob(rev.dir, at, file)
	if !found {
		notFound(c, file)
		return
	}
	content(c, file, data)
}

// branchContent is GET /projects/{p}/branches/{b}/files/{file}/content: the
// file at the tip of the branch.
func (s *Server) branchContent(c *call) {
	s.mu.Lock()
	dir, ok := s.projects[c.vars[0]]
	s.mu.Unlock()
	if !ok {
		notFound(c, c.vars[0])
		return
	}
	branch := c.vars[1]
	if !strings.HasPrefix(branch, "refs/") {
		branch = "refs/heads/" + branch
	}
	data, found := readBlob(dir, branch, c.vars[2])
	if !found {
		notFound(c, c.vars[2])
		return
	}
	content(c, c.vars[2], data)
}

// content answers with a file as Gerrit does: base64 text by default, and a
// JSON string of the raw content (after the ")]}'" line) when Accept is
// exactly application/json. X-FYI-Content-Encoding says which.
func content(c *call, file string, data []byte) {
	h := c.w.Header()
	h.Set("X-FYI-Content-Type", mimeOf(file))
	if strings.Join(c.r.Header.Values("Accept"), ",") == "application/json" {
		h.Set("X-FYI-Content-Encoding", "json")
		writeJSON(c.w, string(data))
		return
	}
	h.Set("X-FYI-Content-Encoding", "base64")
	h.Set("Content-Type", "text/plain; charset=ISO-8859-1")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write([]byte(base64.StdEncoding.EncodeToString(data)))
}

func mimeOf(file string) string {
	switch path.Ext(file) {
	case ".yaml", ".yml":
		return "text/x-yaml"
	case ".cfg", ".toml", ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}
