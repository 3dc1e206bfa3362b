package pep440_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/pep440"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// packagingScript answers, for each string of the JSON list in file 0,
// whether Debian's python3-packaging takes it for a version, its str(), and
// its rank among the distinct versions of the list (equal versions share a
// rank), which pins down both equality and order.
const packagingScript = `
import json, os, sys
from packaging.version import Version
inputs = json.load(open(os.path.join(sys.argv[1], "0"), encoding="utf-8"))
out, keys = [], []
for s in inputs:
    try:
        v = Version(s)
    except ValueError:  # InvalidVersion, or int() over 4300 digits
        out.append(None)
        continue
    out.append(str(v))
    keys.append(v._key)
rank = {k: i for i, k in enumerate(sorted(set(keys)))}
ranks, j = [], 0
for s, n in zip(inputs, out):
    if n is None:
        ranks.append(-1)
    else:
        v = Version(s)
        ranks.append(rank[v._key])
print(json.dumps({"0": {"str": out, "rank": ranks}}))
`

// TestDifferential holds Parse, String and Compare to packaging over a
// generated corpus and every version string openstack/releases records.
func TestDifferential(t *testing.T) {
	t.Parallel()
	corpus := append(generated(4000), edgeCases()...)
	real := realVersions(t)
	if len(real) < 2000 {
		t.Fatalf("only %d version strings in the releases data", len(real))
	}
	corpus = append(corpus, real...)
	in, err := json.Marshal(corpus)
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Str  []*string
		Rank []int
	}
	if err := json.Unmarshal(fixture.RunPython(t, packagingScript, [][]byte{in})[0], &want); err != nil {
		t.Fatal(err)
	}
	got := ranks(corpus)
	bad := 0
	for i, s := range corpus {
		v, err := pep440.Parse(s)
		switch {
		case want.Str[i] == nil && err == nil:
			t.Errorf("%q: packaging refuses it, Parse reads %q", s, v)
		case want.Str[i] != nil && err != nil:
			t.Errorf("%q: packaging reads %q, Parse says %v", s, *want.Str[i], err)
		case want.Str[i] != nil && v.String() != *want.Str[i]:
			t.Errorf("%q: packaging writes %q, String %q", s, *want.Str[i], v)
		case got[i] != want.Rank[i]:
			t.Errorf("%q: rank %d, packaging's %d", s, got[i], want.Rank[i])
		default:
			continue
		}
		if bad++; bad > 20 {
			t.Fatal("too many disagreements")
		}
	}
	valid := 0
	for _, s := range want.Str {
		if s != nil {
			valid++
		}
	}
	t.Logf("%d strings (%d from openstack/releases), %d versions, 0 disagreements", len(corpus), len(real), valid)
	if valid < len(corpus)/3 || valid > len(corpus)*9/10 {
		t.Errorf("the corpus is lopsided: %d of %d are versions", valid, len(corpus))
	}
}

// ranks numbers the distinct versions of corpus in order, -1 for strings
// that are not versions.
func ranks(corpus []string) []int {
	var vs []pep440.Version
	for _, s := range corpus {
		if v, err := pep440.Parse(s); err == nil {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, pep440.Compare)
	rank := map[string]int{}
	for _, v := range vs {
		if _, ok := rank[v.Key()]; !ok {
			rank[v.Key()] = len(rank)
		}
	}
	out := make([]int, len(corpus))
	for i, s := range corpus {
		out[i] = -1
		if v, err := pep440.Parse(s); err == nil {
			out[i] = rank[v.Key()]
		}
	}
	return out
}

// generated builds n strings from the parts of PEP 440's grammar, right and
// wrong, with a fixed seed.
func generated(n int) []string {
	parts := [][]string{
		{"", "", "v", "V", " ", "\t", "\u00a0", "x", "-"},
		{"", "", "", "0!", "1!", "01!", "12345678901234567890!", "!", "a!"},
		{"1", "1.0", "1.0.0", "0", "01.02", "2024.1", "1.2.3.4.5", "1..0", ".1", "1.", "00", "18446744073709551616.1", "1.0.0.0"},
		{"", "", "", "a1", "A1", "a", "alpha", ".alpha.2", "-beta-3", "b", "c1", "rc", "RC.1", "pre2", "preview", "_preview_4", "prev\u0131ew1", "prev\u0130ew1", "x1", "-a-", "a.", "rc01"},
		{"", "", "", "-1", "-0", ".post", "post2", "-post-3", "_r4", "rev", ".po\u017ft1", "--1", "-", ".POST.5", "r", "-r"},
		{"", "", "", ".dev", "dev3", "-DEV_4", "_dev.5", "dev-", ".dev0", "dev01"},
		{"", "", "", "+abc", "+ABC.1-2_x", "+\u212a", "+\u017f", "+\u0131", "+\u0130", "+1.a", "+", "+a..b", "+007", "+a+b", "+0.0.1", "+ab-", "+1a"},
		{"", "", "", " ", "\n", "\x1c", "\u3000", "\u200b", "x", "-eol", "-eom", "-em", "-last", ".*"},
	}
	r := rand.New(rand.NewPCG(440, 1))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var b strings.Builder
		for _, choices := range parts {
			b.WriteString(choices[r.IntN(len(choices))])
		}
		if s := b.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func edgeCases() []string {
	out := []string{"", " ", "1.0.0-eom", "stable-eol", "yoga-last", "ocata-em", "v", "1!", "1.0+", "1.0a.b",
		"1." + strings.Repeat("9", 4300), "1." + strings.Repeat("9", 4301), "1.0+" + strings.Repeat("1", 4301),
		"1.0+" + strings.Repeat("0", 4300) + "1"}
	for i := 0; i < 64; i++ {
		out = append(out, fmt.Sprintf("1.%d.%s", i%7, strconv.Itoa(i)))
	}
	return out
}

var versionLine = regexp.MustCompile(`(?m)^\s*-?\s*version:\s*(.*?)\s*$`)

// realVersions is every version: value of every deliverable file in the
// real openstack/releases, as written (quotes removed).
func realVersions(t *testing.T) []string {
	git := fixture.ReleasesGit(t)
	seen := map[string]bool{}
	var out []string
	for _, data := range fixture.GitTree(t, git, "HEAD", "deliverables") {
		for _, m := range versionLine.FindAllSubmatch(data, -1) {
			s := strings.Trim(string(m[1]), `'"`)
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}
