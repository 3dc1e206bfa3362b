package changes

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestTouchedLines(t *testing.T) {
	t.Parallel()
	cases := []struct {
		base, head string
		want       []int
	}{
		{"a\nb\nc\n", "a\nb\nc\n", nil},
		{"a\nb\nc\n", "a\nx\nb\nc\n", []int{2}},
		{"a\nb\nc\n", "a\nB\nc\n", []int{2}},
		{"a\nb\nc\nd\ne\n", "x\nb\nc\nd\ny\n", []int{1, 5}},
		{"a\nb\n", "", nil},
		{"", "a\nb\n", []int{1, 2}},
		{"a\nb\nc\n", "c\nb\na\n", []int{2, 3}},
		{"  - x\n  - y\n", "  - x\n  - z\n  - y\n", []int{2}},
	}
	for _, tc := range cases {
		got := slices.Sorted(maps.Keys(TouchedLines([]byte(tc.base), []byte(tc.head))))
		if !slices.Equal(got, tc.want) && (len(got) > 0 || len(tc.want) > 0) {
			t.Errorf("%q -> %q: touched %v, want %v", tc.base, tc.head, got, tc.want)
		}
	}
}

// TestTouchedLinesAreAMinimalDiff: on random edits, the lines left untouched
// are the same in number as a longest common subsequence by dynamic
// programming, and appear in base in order.
func TestTouchedLinesAreAMinimalDiff(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		a := randomLines(r, r.IntN(30))
		b := mutate(r, a)
		touched := TouchedLines([]byte(strings.Join(a, "")), []byte(strings.Join(b, "")))
		if kept := len(b) - len(touched); kept != lcs(a, b) {
			t.Fatalf("%q -> %q: kept %d lines, the longest common subsequence has %d", a, b, kept, lcs(a, b))
		}
	}
	big := randomLines(r, 5000)
	if n := len(TouchedLines(nil, []byte(strings.Join(big, "")))); n != 5000 {
		t.Errorf("a new file of 5000 lines: %d touched", n)
	}
}

func randomLines(r *rand.Rand, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = string(rune('a'+r.IntN(4))) + "\n"
	}
	return out
}

func mutate(r *rand.Rand, a []string) []string {
	b := slices.Clone(a)
	for range r.IntN(6) {
		switch i := r.IntN(len(b) + 1); {
		case r.IntN(2) == 0 || len(b) == 0 || i == len(b):
			b = slices.Insert(b, i, string(rune('a'+r.IntN(4)))+"\n")
		default:
			b = slices.Delete(b, i, i+1)
		}
	}
	return b
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = 1 + dp[i+1][j+1]
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
