package changes

import (
	"bytes"
	"slices"
)

// maxEdits bounds the line diff's work: past this many inserted or deleted
// lines the rest of a file counts as touched (a rewrite is all new).
const maxEdits = 2000

// TouchedLines returns the 1-based lines of head that a change from base
// adds or modifies: those outside a longest common subsequence of lines
// (Myers' O(ND) algorithm, after the common prefix and suffix). Warnings on
// other lines were there before the change, and a reviewer of it need not
// read them.
func TouchedLines(base, head []byte) map[int]bool {
	a, b := splitLines(base), splitLines(head)
	pre := 0
	for pre < len(a) && pre < len(b) && bytes.Equal(a[pre], b[pre]) {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && bytes.Equal(a[len(a)-1-suf], b[len(b)-1-suf]) {
		suf++
	}
	a, b = a[pre:len(a)-suf], b[pre:len(b)-suf]
	out := map[int]bool{}
	kept, ok := common(a, b)
	for j := range b {
		if !ok || !kept[j] {
			out[pre+j+1] = true
		}
	}
	return out
}

func splitLines(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // after the last line break
	}
	return lines
}

// common returns which lines of b belong to a longest common subsequence
// with a, or ok false when that needs more than maxEdits edits. A first
// pass keeps no trace and finds the edit distance d; only then is the trace
// kept, d+1 rows of 2d+3: a rewrite past maxEdits would otherwise copy
// maxEdits rows of 2*maxEdits+3 (64 MB) only to give up.
func common(a, b [][]byte) (kept map[int]bool, ok bool) {
	d, ok := shortest(a, b, min(len(a)+len(b), maxEdits), nil)
	if !ok {
		return nil, false
	}
	var trace [][]int
	shortest(a, b, d, &trace)
	return backtrack(trace, d+1, len(a), len(b), d), true
}

// shortest runs Myers' forward pass up to maxD edits, returning the
// number of edits from a to b; with trace, it keeps each step's
// furthest-reaching x by diagonal, offset by maxD+1.
func shortest(a, b [][]byte, maxD int, trace *[][]int) (int, bool) {
	n, m := len(a), len(b)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	for d := 0; d <= maxD; d++ {
		if trace != nil {
			*trace = append(*trace, slices.Clone(v))
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && bytes.Equal(a[x], b[y]) {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return d, true
			}
		}
	}
	return 0, false
}

// backtrack walks the trace back from (n, m), keeping the diagonal moves.
func backtrack(trace [][]int, off, n, m, d int) map[int]bool {
	kept := map[int]bool{}
	x, y := n, m
	for ; d > 0; d-- {
		v := trace[d]
		k := x - y
		var pk int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := v[off+pk]
		py := px - pk
		for x > px && y > py && x > 0 && y > 0 {
			x, y = x-1, y-1
			kept[y] = true
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		kept[y] = true
	}
	return kept
}
