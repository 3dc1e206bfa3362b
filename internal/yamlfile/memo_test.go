package yamlfile

import (
	"sync"
	"testing"
)

// The memo parses a file's content once, whoever asks and however many at
// a time; other content, or the same content under another name, is its own.
func TestMemoParsesOnce(t *testing.T) {
	t.Parallel()
	var m Memo
	a, b := []byte("x: 1\n"), []byte("x: 2\n")
	m.Prepare(map[string][]byte{"f.yaml": a})
	var wg sync.WaitGroup
	nodes := make([]any, 8)
	for i := range nodes {
		wg.Go(func() {
			n, err := m.Parse("f.yaml", append([]byte(nil), a...)) // equal bytes, another slice
			if err != nil {
				t.Error(err)
			}
			nodes[i] = n
		})
	}
	wg.Wait()
	for _, n := range nodes {
		if n != nodes[0] {
			t.Fatal("equal content was parsed more than once")
		}
	}
	other, _ := m.Parse("f.yaml", b)
	renamed, _ := m.Parse("g.yaml", a)
	if other == nodes[0] || renamed == nodes[0] {
		t.Error("different content or another file shared a parse")
	}
	var nilMemo *Memo
	if n1, _ := nilMemo.Parse("f.yaml", a); n1 == nodes[0] {
		t.Error("a nil memo remembered")
	}
}
