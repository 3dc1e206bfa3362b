package cli

import (
	"sync"

	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/pypi"
)

// services are the clients a command builds from its flags, once each:
// flag structs hold flags only. Main closes them when the command ends, so
// that none leaves connections open, whether pypiguard is a process or runs
// in one.
type services struct {
	mu     sync.Mutex // check reads the change and loads its deps side by side
	pypi   []*pypi.Client
	gerrit *gerrit.Client
}

// add keeps a PyPI client to close.
func (s *services) add(c *pypi.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pypi = append(s.pypi, c)
}

// gerritOnce returns the Gerrit client, built by build the first time.
func (s *services) gerritOnce(build func() (*gerrit.Client, error)) (*gerrit.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gerrit != nil {
		return s.gerrit, nil
	}
	c, err := build()
	if err != nil {
		return nil, err
	}
	s.gerrit = c
	return c, nil
}

// close closes the idle connections of every client built.
func (s *services) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.pypi {
		c.CloseIdleConnections()
	}
	if s.gerrit != nil {
		s.gerrit.CloseIdleConnections()
	}
}
