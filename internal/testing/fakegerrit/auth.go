package fakegerrit

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authenticate strips "/a/" from the request's path and checks HTTP Basic
// there, as Gerrit's authenticated API does. Without "/a/" the request is
// anonymous: enough to read, as on review.opendev.org, not to post.
func (s *Server) authenticate(w *statusWriter, r *http.Request) (path, account string, ok bool) {
	path = r.URL.EscapedPath()
	if !strings.HasPrefix(path, "/a/") {
		if r.Method != http.MethodGet {
			text(w, http.StatusForbidden, "Authentication required")
			return "", "", false
		}
		return path, "", true
	}
	user, pass, has := r.BasicAuth()
	s.mu.Lock()
	a, known := s.accounts[user]
	s.mu.Unlock()
	if !has || !known || a.Password == "" || subtle.ConstantTimeCompare([]byte(pass), []byte(a.Password)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="Gerrit Code Review"`)
		text(w, http.StatusUnauthorized, "Unauthorized")
		return "", "", false
	}
	return strings.TrimPrefix(path, "/a"), user, true
}
