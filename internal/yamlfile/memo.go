package yamlfile

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"
)

// Memo remembers parsed documents by file and content, so that a file that
// is the same at a change's base and head is parsed once, and lets distinct
// files be parsed in parallel before they are walked. The nodes it returns
// are shared: callers only read them. One run holds its documents in one
// Memo, so the Memo also bounds their nodes together (MaxNodes): four large
// files parsed side by side cannot add up to what one may not hold.
type Memo struct {
	mu      sync.Mutex
	entries map[string][]*memoEntry // by file
	nodes   int                     // estimated nodes of every entry
	bytes   int                     // and their size
}

// MaxRunBytes bounds the YAML one run holds, all files and revisions
// together: a real project-config change holds about 1.3 MB.
const MaxRunBytes = 48 << 20

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
	e.once.Do(func() { e.parse(file) })
	return e.node, e.err
}

func (e *memoEntry) parse(file string) {
	if e.err == nil {
		e.node, e.err = parse(file, e.data)
	}
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
	e.err = checkBytes(file, data)
	if e.err == nil {
		est := EstimateNodes(data)
		switch {
		case m.nodes+est > MaxNodes:
			e.err = &Error{File: file, Msg: fmt.Sprintf("may hold up to %d YAML nodes, and with the %d of the other files read that is over the %d pypiguard holds at once (a real revision holds about 60,000); split the change", est, m.nodes, MaxNodes)}
		case m.bytes+len(data) > MaxRunBytes:
			e.err = &Error{File: file, Msg: fmt.Sprintf("is %d bytes, and with the %d bytes of the other files read that is over the %d MiB pypiguard holds at once; split the change", len(data), m.bytes, MaxRunBytes>>20)}
		default:
			m.nodes += est
			m.bytes += len(data)
		}
	}
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
				e.once.Do(func() { e.parse(file) })
				return nil
			})
		}
	}
	_ = g.Wait()
}

// Seed gives m the documents of prev that files hold (same file, same
// content), already parsed, counting them against m's budget: a run that
// judges commit after commit (a replay of history, a watch) parses each
// revision once, its base being the previous commit's head.
func (m *Memo) Seed(prev *Memo, files map[string][]byte) {
	if prev == nil {
		return
	}
	prev.mu.Lock()
	defer prev.mu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string][]*memoEntry{}
	}
	for file, data := range files {
		for _, e := range prev.entries[file] {
			if !bytes.Equal(e.data, data) || e.node == nil {
				continue
			}
			est := EstimateNodes(data)
			if m.nodes+est > MaxNodes || m.bytes+len(data) > MaxRunBytes {
				return
			}
			m.nodes += est
			m.bytes += len(data)
			m.entries[file] = append(m.entries[file], e)
		}
	}
}
