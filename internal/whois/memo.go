package whois

import "sync"

// memo keeps one answer per key for the run: the first caller asks, the
// others wait for its answer. Failures are kept too: a question that failed
// once is not sent again in the same run (the client already retried it).
type memo[K comparable, V any] struct {
	mu    sync.Mutex
	cells map[K]*cell[V]
}

type cell[V any] struct {
	once sync.Once
	v    V
	err  error
}

func (m *memo[K, V]) get(k K, ask func() (V, error)) (V, error) {
	m.mu.Lock()
	if m.cells == nil {
		m.cells = map[K]*cell[V]{}
	}
	c := m.cells[k]
	if c == nil {
		c = &cell[V]{}
		m.cells[k] = c
	}
	m.mu.Unlock()
	c.once.Do(func() { c.v, c.err = ask() })
	return c.v, c.err
}
