// Package fakegerrit is a fake Gerrit REST server on 127.0.0.1 for tests. It
// serves the endpoints pypiguard uses as Gerrit does (its REST API
// documentation, Documentation/rest-api*.txt): the ")]}'" prefix on JSON, "/a/" with HTTP Basic, file content as
// base64 or as a JSON string depending on Accept, change and commit info,
// file lists, and Set Review with Gerrit's refusals (403 for a restricted
// label, 409 for a closed change, 400 for a comment on a file the revision
// does not touch, unknown labels dropped silently), and groups, group
// members and account queries (groups.go: 403 for anonymous /groups/ reads,
// 404 for a group the caller may not see).
//
// Projects are real git repositories: a change is a list of commits, one per
// patch set, and a revision's parent is its commit's first parent.
//
// It also checks what clients send against Gerrit's documented wire format:
// escaped change ids and file paths, Content-Type and field names of JSON
// bodies. Anything off-spec gets a 400 with a clear text, and is recorded
// (Violations) so that tests can fail on it even when the client copes.
package fakegerrit

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Range is the values of a label, or the values an account may vote.
type Range struct{ Min, Max int }

func (r Range) has(v int) bool { return v >= r.Min && v <= r.Max }

// Options shape a Server's behaviour.
type Options struct {
	// Labels are the labels every project has; default Verified and
	// Code-Review, both -2..+2, as on review.opendev.org.
	Labels map[string]Range
	// StrictLabels makes an unknown label or a value out of its range a 400,
	// as change.strictLabels = true does. By default (false) Gerrit drops
	// such votes silently and applies the rest of the review.
	StrictLabels bool
	// ProxyAccept, when set, replaces the Accept header of every request, as
	// a proxy in front of Gerrit might: "*/*" makes file content come back
	// in base64 even to go-gerrit, which asks for JSON.
	ProxyAccept string
	// Latency delays every answer, for clients' timeouts.
	Latency time.Duration
}

// Account is a Gerrit account with an HTTP password, and the votes it may
// give, by label. ID, Name and Email are what account queries and group
// member lists show (groups.go); ID defaults to 1000000 and up.
type Account struct {
	Username, Password string
	Grants             map[string]Range
	ID                 int
	Name, Email        string
}

// Change is a change: one commit per patch set, patch set 1 first.
type Change struct {
	Number    int
	Project   string
	Branch    string
	ChangeID  string // "I" and 40 hex digits
	Status    string // NEW, MERGED or ABANDONED
	Revisions []string
}

// Server is a running fake Gerrit.
type Server struct {
	URL string

	opts Options
	hs   *httptest.Server

	mu         sync.Mutex
	projects   map[string]string // name -> git directory
	accounts   map[string]Account
	groups     map[string]*Group // by name (groups.go)
	changes    []*Change
	reviews    []Review
	violations []string
	requests   []Request
	failures   []int // statuses for the next requests; 0 drops the connection
	reviewFail []int // statuses for the next Set Review requests
}

// Request is a request the server got.
type Request struct {
	Method  string
	Path    string // escaped, as sent, with the query
	Account string // "" for anonymous
	Status  int
	// Arrived is when the request reached the server (before Latency);
	// Answered, when its answer was written. A request that arrived after
	// another was answered could have waited for it: tests count round
	// trips with these, not with a clock of their own.
	Arrived, Answered time.Time
}

// New starts a Server on 127.0.0.1.
func New(o Options) *Server {
	if o.Labels == nil {
		o.Labels = map[string]Range{"Verified": {-2, 2}, "Code-Review": {-2, 2}}
	}
	s := &Server{opts: o, projects: map[string]string{}, accounts: map[string]Account{}}
	s.hs = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.hs.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.hs.Close() }

// AddProject serves the git repository in dir (work tree or bare) as
// project name.
func (s *Server) AddProject(name, dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.projects[name] = dir
}

// AddAccount adds or replaces an account.
func (s *Server) AddAccount(a Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.ID == 0 {
		a.ID = 1000000 + len(s.accounts)
		if old, ok := s.accounts[a.Username]; ok {
			a.ID = old.ID
		}
	}
	s.accounts[a.Username] = a
}

// AddChange opens a change on branch of project, with one patch set per
// commit, and returns its number. Numbers start at 1001.
func (s *Server) AddChange(project, branch string, commits ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.projects[project]; !ok {
		panic("fakegerrit: AddChange on unknown project " + project)
	}
	n := 1001 + len(s.changes)
	sum := sha1.Sum([]byte(project + "~" + strconv.Itoa(n)))
	s.changes = append(s.changes, &Change{Number: n, Project: project, Branch: branch, ChangeID: "I" + hex.EncodeToString(sum[:]),
		Status: "NEW", Revisions: slices.Clone(commits)})
	return n
}

// AddPatchSet uploads commit as the next patch set of change n.
func (s *Server) AddPatchSet(n int, commit string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.changeByNumber(n)
	c.Revisions = append(c.Revisions, commit)
}

// SetStatus sets the status of change n: NEW, MERGED or ABANDONED.
func (s *Server) SetStatus(n int, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changeByNumber(n).Status = status
}

// Change returns a copy of change n.
func (s *Server) Change(n int) Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := *s.changeByNumber(n)
	c.Revisions = slices.Clone(c.Revisions)
	return c
}

func (s *Server) changeByNumber(n int) *Change {
	for _, c := range s.changes {
		if c.Number == n {
			return c
		}
	}
	panic(fmt.Sprintf("fakegerrit: no change %d", n))
}

// Fail answers the next requests with these statuses, one each, with
// Gerrit's plain-text error body; a status of 0 drops the connection
// without an answer.
func (s *Server) Fail(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, statuses...)
}

// FailReviews answers the next Set Review requests with these statuses,
// one each, after everything before them went well: a change closed or a
// server failing just as pypiguard posts.
func (s *Server) FailReviews(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviewFail = append(s.reviewFail, statuses...)
}

// Reviews returns the reviews the server accepted, in order.
func (s *Server) Reviews() []Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reviews)
}

// Violations returns what clients sent that Gerrit's documentation does not
// allow, in order.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// Requests returns every request the server got, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}
