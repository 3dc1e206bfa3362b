package fakegerrit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// call is one request being answered.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	account string   // "" when anonymous
	vars    []string // the path's variables, unescaped once
}

// route is an endpoint: a method and a path pattern of escaped segments,
// "*" standing for one variable segment.
type route struct {
	method, pattern string
	query           []string // the query parameters Gerrit documents for it
	handle          func(*Server, *call)
}

var routes = []route{
	{"GET", "changes/*", []string{"o"}, (*Server).getChange},
	{"GET", "changes/*/revisions/*/commit", []string{"links"}, (*Server).getCommit},
	{"GET", "changes/*/revisions/*/files/", []string{"parent", "base", "q", "reviewed"}, (*Server).listFiles},
	{"GET", "changes/*/revisions/*/files/*/content", []string{"parent"}, (*Server).changeContent},
	{"POST", "changes/*/revisions/*/review", nil, (*Server).setReview},
	{"GET", "projects/*/branches/*/files/*/content", nil, (*Server).branchContent},
	{"GET", "groups/*/members/", []string{"recursive"}, (*Server).groupMembers},
	{"GET", "accounts/", []string{"q", "o", "n", "S", "start"}, (*Server).queryAccounts},
	{"GET", "accounts/*/groups/", nil, (*Server).accountGroups},
}

// serve answers one request: injected failures first, then authentication,
// then the endpoint. Every request is recorded with its status.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	arrived := time.Now()
	if s.opts.Latency > 0 {
		select {
		case <-time.After(s.opts.Latency):
		case <-r.Context().Done():
			return
		}
	}
	if s.opts.ProxyAccept != "" {
		r.Header.Set("Accept", s.opts.ProxyAccept)
	}
	rec := Request{Method: r.Method, Path: r.URL.EscapedPath(), Arrived: arrived}
	if r.URL.RawQuery != "" {
		rec.Path += "?" + r.URL.RawQuery
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() { s.record(rec, sw.status) }()
	if s.inject(w, sw) {
		return
	}
	path, account, ok := s.authenticate(sw, r)
	if !ok {
		return
	}
	rec.Account = account
	s.route(&call{w: sw, r: r, account: account}, path)
}

func (s *Server) record(rec Request, status int) {
	rec.Status = status
	rec.Answered = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
}

// inject answers with the next injected failure, if any.
func (s *Server) inject(w http.ResponseWriter, sw *statusWriter) bool {
	s.mu.Lock()
	if len(s.failures) == 0 {
		s.mu.Unlock()
		return false
	}
	status := s.failures[0]
	s.failures = s.failures[1:]
	s.mu.Unlock()
	if status == 0 {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return true
	}
	text(sw, status, "injected failure: "+http.StatusText(status))
	return true
}

// route finds the endpoint of path (escaped, without "/a/") and calls it.
func (s *Server) route(c *call, path string) {
	for _, rt := range routes {
		vars, ok := match(rt.pattern, path)
		if !ok {
			continue
		}
		if c.r.Method != rt.method {
			s.offSpec(c, http.StatusMethodNotAllowed, "%s is not allowed on %s, only %s", c.r.Method, rt.pattern, rt.method)
			return
		}
		if s.checkVars(c, vars) && s.checkQuery(c, rt.query) {
			c.vars = vars
			rt.handle(s, c)
		}
		return
	}
	s.offSpec(c, http.StatusBadRequest, "%s is not a Gerrit REST endpoint pypiguard may use; "+
		"a change id, project, branch or file path with '/' must be escaped as %%2F", path)
}

// match matches an escaped path against a pattern, returning the variable
// segments, each unescaped once.
func match(pattern, path string) ([]string, bool) {
	ps, xs := strings.Split(pattern, "/"), strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	var vars []string
	for i, p := range ps {
		switch {
		case p == "*" && xs[i] != "":
			v, err := url.PathUnescape(xs[i])
			if err != nil {
				return nil, false
			}
			vars = append(vars, v)
		case p != xs[i]:
			return nil, false
		}
	}
	return vars, true
}

// checkVars refuses a variable still escaped after one unescaping: the
// client escaped it twice, and Gerrit would look for a name with '%' in it.
func (s *Server) checkVars(c *call, vars []string) bool {
	for _, v := range vars {
		if strings.Contains(v, "%") {
			s.offSpec(c, http.StatusBadRequest, "%q is escaped twice: escape ids and paths once (openstack%%2Fgovernance)", v)
			return false
		}
	}
	return true
}

// checkQuery refuses a parameter the endpoint does not document.
func (s *Server) checkQuery(c *call, allowed []string) bool {
	for k := range c.r.URL.Query() {
		if !slices.Contains(allowed, k) {
			s.offSpec(c, http.StatusBadRequest, "%q is not a valid option", "--"+k)
			return false
		}
	}
	return true
}

// offSpec records a request that Gerrit's documentation does not allow and
// answers it loudly.
func (s *Server) offSpec(c *call, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.violations = append(s.violations, c.r.Method+" "+c.r.URL.EscapedPath()+": "+msg)
	s.mu.Unlock()
	text(c.w, status, "fakegerrit: off-spec request: "+msg)
}

// writeJSON answers as Gerrit does: the ")]}'" line against XSSI, then
// compact JSON.
func writeJSON(w http.ResponseWriter, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		text(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append([]byte(")]}'\n"), data...))
}

// text answers with a plain-text error, as Gerrit does for every error.
func text(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintln(w, msg)
}

func notFound(c *call, what string) { text(c.w, http.StatusNotFound, "Not found: "+what) }

// statusWriter remembers the status of the answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}
