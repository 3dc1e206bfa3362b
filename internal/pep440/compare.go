package pep440

import (
	"cmp"
	"strings"
)

// Compare orders versions as packaging's Version does (its _cmpkey): -1 when
// a sorts before b, 0 when they are equal (1.0 == 1.0.0 == v1.0), +1 after.
func Compare(a, b Version) int {
	return cmp.Or(
		compareNum(a.epoch, b.epoch),
		compareRelease(a.release, b.release),
		compareSeg(a.preKey(), b.preKey()),
		compareSeg(a.postKey(), b.postKey()),
		compareSeg(a.devKey(), b.devKey()),
		compareLocal(a.local, b.local),
	)
}

// Equal reports whether a and b are the same version to PyPI.
func (v Version) Equal(o Version) bool { return Compare(v, o) == 0 }

// Key is a string that two versions share exactly when they are Equal, for
// map keys: PyPI refuses 1.0.0 beside 1.0, so a set of versions keys on it.
func (v Version) Key() string {
	var b strings.Builder
	b.WriteString(v.epoch + "!" + strings.Join(trimRelease(v.release), "."))
	for _, k := range []segKey{v.preKey(), v.postKey(), v.devKey()} {
		b.WriteString("|" + k.String())
	}
	if v.local != nil {
		b.WriteString("|+")
		for _, p := range v.local {
			if p.num != "" {
				b.WriteString(".#" + p.num)
			} else {
				b.WriteString("." + p.word)
			}
		}
	}
	return b.String()
}

// compareNum orders decimal strings without leading zeros by value: they may
// be longer than any machine integer, as Python's ints may.
func compareNum(a, b string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
}

// trimRelease drops trailing zeros: packaging compares 1.0.0 as (1,).
func trimRelease(r []string) []string {
	n := len(r)
	for n > 0 && r[n-1] == "0" {
		n--
	}
	return r[:n]
}

func compareRelease(a, b []string) int {
	a, b = trimRelease(a), trimRelease(b)
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := compareNum(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// segKey is one of _cmpkey's pre, post and dev entries: negative infinity,
// a (letter, number) tuple, or infinity.
type segKey struct {
	rank int // -1 negative infinity, 0 tuple, 1 infinity
	seg  segment
}

func (k segKey) String() string {
	switch k.rank {
	case -1:
		return "-"
	case 1:
		return "+"
	}
	return k.seg.letter + "#" + k.seg.num
}

func tupleKey(s *segment, absent int) segKey {
	if s == nil {
		return segKey{rank: absent}
	}
	return segKey{seg: *s}
}

// preKey: a dev release without pre or post sorts before any pre-release
// (1.0.dev0 < 1.0a0); otherwise no pre-release sorts after every one.
func (v Version) preKey() segKey {
	if v.pre == nil && v.post == nil && v.dev != nil {
		return segKey{rank: -1}
	}
	return tupleKey(v.pre, 1)
}

func (v Version) postKey() segKey { return tupleKey(v.post, -1) }
func (v Version) devKey() segKey  { return tupleKey(v.dev, 1) }

// compareSeg compares Python tuples (letter, int): letters as strings (code
// points), then numbers.
func compareSeg(a, b segKey) int {
	if c := cmp.Compare(a.rank, b.rank); c != 0 || a.rank != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.seg.letter, b.seg.letter), compareNum(a.seg.num, b.seg.num))
}

// compareLocal: no label sorts first; then part by part, words before
// numbers, words as strings, numbers by value; a shorter label that is a
// prefix sorts first.
func compareLocal(a, b []localPart) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := compareLocalPart(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareLocalPart(a, b localPart) int {
	aNum, bNum := a.num != "", b.num != ""
	switch {
	case aNum && bNum:
		return compareNum(a.num, b.num)
	case aNum != bNum:
		if aNum {
			return 1
		}
		return -1
	}
	return strings.Compare(a.word, b.word)
}
