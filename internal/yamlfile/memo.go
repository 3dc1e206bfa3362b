package yamlfile

import (
	"bytes"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"
)

// Memo remembers parsed documents by file and content, so that a file that
// is the same at a change's base and head is parsed once, and lets distinct
// files be parsed in parallel before they are walked. The nodes it returns
// are shared: callers only read them.
type Memo struct {
	mu      sync.Mutex
	entries map[string][]*memoEntry // by file
}

type memoEntry struct {
	data []byte
	once sync.Once
	node *yaml.Node
	err  error
}

// Parse is Parse, remembered. A nil *Memo parses every time.
func (m *Memo) Parse(file string, data []byte) (*yaml.Node, error) {
	if m == nil {
		return Parse(file, data)
	}
	e := m.entry(file, data)
	e.once.Do(func() { e.node, e.err = Parse(file, data) })
	return e.node, e.err
}

func (m *Memo) entry(file string, data []byte) *memoEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string][]*memoEntry{}
	}
	for _, e := range m.entries[file] {
		if bytes.Equal(e.data, data) {
			return e
		}
	}
	e := &memoEntry{data: data}
	m.entries[file] = append(m.entries[file], e)
	return e
}

// Prepare parses every distinct (file, content) of the given file sets in
// parallel, one goroutine a CPU. Errors are kept for Parse to return.
func (m *Memo) Prepare(sets ...map[string][]byte) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, set := range sets {
		for file, data := range set {
			e := m.entry(file, data)
			g.Go(func() error {
				e.once.Do(func() { e.node, e.err = Parse(file, data) })
				return nil
			})
		}
	}
	_ = g.Wait()
}
