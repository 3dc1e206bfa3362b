package changes

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkTouchedLinesRewrite: a file rewritten past maxEdits, all of
// it touched, should cost one pass and no trace.
func BenchmarkTouchedLinesRewrite(b *testing.B) {
	var a, h strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&h, "b%d\n", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		TouchedLines([]byte(a.String()), []byte(h.String()))
	}
}
