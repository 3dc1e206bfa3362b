// Package fakepypi is a fake PyPI on 127.0.0.1 for tests, benchmarks and
// demos. It speaks the protocols pypiguard uses as pypi.org does
// (docs/design.md section 5, after pypi/warehouse): the JSON API with its ownership
// key, XML-RPC package_roles and user_packages with PyPI's faults and
// throttling, the journal (changelog_last_serial, changelog_since_serial)
// that every change to its world writes to, /simple/, and the project page
// in the current or the older markup. Latency, throttling and failures can
// be injected, and it counts what it was asked.
package fakepypi

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Markup is the project page's HTML markup.
type Markup string

// The markups of warehouse's project page.
const (
	MarkupNew Markup = "new" // since August 2026 (PR #20223)
	MarkupOld Markup = "old" // 2018 to mid-2026: maintainers listed twice
)

// Options shape a Server's behaviour.
type Options struct {
	Latency     time.Duration // added to every request
	NoOwnership bool          // the JSON API lacks the ownership key, like PyPI before February 2026
	Markup      Markup        // of the project page; default MarkupNew
	// NoPackageRoles makes package_roles an unknown method (-32601), as it
	// will be once PyPI removes it.
	NoPackageRoles bool
	Throttle       Throttle // XML-RPC throttling; none by default
	// JournalPageSize is the most entries changelog_since_serial answers,
	// default DefaultJournalPageSize (PyPI's).
	JournalPageSize int
}

// Server is a running fake PyPI.
type Server struct {
	URL string // base URL, http://127.0.0.1:port

	opts    Options
	hs      *httptest.Server
	mux     *http.ServeMux
	done    chan struct{}
	closing sync.Once

	mu       sync.Mutex
	projects map[string]Project // by normalized name
	users    map[string]User    // by lower-cased username (pages.go)
	failures map[Kind][]*failure
	throttle Throttle
	hits     []time.Time // XML-RPC calls in the throttling window
	calls    []time.Time // every XML-RPC request
	spans    []Span      // every request (timeline.go)
	counts   Counts
	inFlight int

	journal []JournalEntry       // every change to the world, oldest first
	serial  int64                // the last serial used, holes included
	txs     int                  // journal transactions so far
	invites map[string][2]string // project + "\x00" + user -> [role, user] invited
}

// New starts a Server on 127.0.0.1 at a free port. It panics if it cannot
// listen, like httptest.NewServer.
func New(w World, o Options) *Server {
	s, err := Listen("127.0.0.1:0", w, o)
	if err != nil {
		panic("fakepypi: " + err.Error())
	}
	return s
}

// Listen starts a Server listening on addr.
func Listen(addr string, w World, o Options) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := newServer(w, o)
	s.hs = httptest.NewUnstartedServer(s.Handler())
	s.hs.Listener.Close()
	s.hs.Listener = l
	s.hs.Start()
	s.URL = s.hs.URL
	return s, nil
}

func newServer(w World, o Options) *Server {
	if o.Markup == "" {
		o.Markup = MarkupNew
	}
	s := &Server{
		opts:     o,
		done:     make(chan struct{}),
		projects: make(map[string]Project),
		failures: make(map[Kind][]*failure),
		throttle: o.Throttle,
		serial:   firstSerial,
		invites:  make(map[string][2]string),
	}
	for _, p := range w.Projects {
		s.projects[normalize(p.Name)] = p
	}
	s.journalWorld(w.Projects)
	s.mux = s.routes()
	return s
}

// Close stops the server, cutting short any injected latency or slowness.
func (s *Server) Close() {
	s.closing.Do(func() { close(s.done) })
	if s.hs != nil {
		s.hs.Close()
	}
}

// Handler returns the fake's handler, counting and injecting failures as
// the started server does.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

// SetProject adds p, or replaces the project of the same normalized name,
// writing to the journal what PyPI would write for the change.
func (s *Server) SetProject(p Project) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.projects[normalize(p.Name)]
	s.projects[normalize(p.Name)] = p
	t := s.tx()
	if ok {
		t.changed(old, p)
	} else {
		t.created(p)
	}
	t.commit()
}

// RemoveProject removes the project called name in any spelling, writing
// "remove project" (warehouse/utils/project.py remove_project).
func (s *Server) RemoveProject(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[normalize(name)]
	if !ok {
		return
	}
	delete(s.projects, normalize(name))
	t := s.tx()
	t.add(p.Name, "", "remove project")
	t.commit()
}

func (s *Server) project(name string) (Project, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[normalize(name)]
	return p, ok
}

func (s *Server) allProjects() []Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Project, 0, len(s.projects))
	for _, p := range s.projects {
		out = append(out, p)
	}
	return out
}

// serve counts the request, adds latency, injects the next failure queued
// for its kind, and otherwise answers as PyPI would.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	k := kindOf(r)
	s.enter(k)
	defer s.leave(k)
	defer s.span(r, time.Now())
	if !s.sleep(r, s.opts.Latency) {
		return
	}
	if f := s.nextFailure(k); f != nil && s.inject(w, r, k, f) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// sleep waits d unless the request or the server ends first; it reports
// whether the request should still be answered.
func (s *Server) sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}
