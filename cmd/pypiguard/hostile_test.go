package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// hostileMemory bounds a run on hostile input: the real files need ~25 MB.
const hostileMemory = 200 << 20

// billionLaughs is the classic alias bomb: nine levels of nine references.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&b, "%c: &%c [%s]\n", c, c, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", "))
		prev = string(c)
	}
	return b.String()
}

func hugeProjects() string {
	var b strings.Builder
	b.WriteString(checkBase)
	filler := "    # " + strings.Repeat("x", 120) + "\n"
	for b.Len() < 50<<20 {
		b.WriteString(filler)
	}
	return b.String()
}

// TestHostileChanges: changes anyone can upload to governance, each giving
// exit 2 with a message that says what is wrong, no crash, and bounded
// memory, without asking PyPI anything.
func TestHostileChanges(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		head string
		want string
	}{
		{"billion laughs at the top", billionLaughs(), "an alias bomb?"},
		{"billion laughs in a key nobody reads", strings.Replace(checkBase, "  ptl:\n", "  notes:\n"+indent(billionLaughs(), "    - ")+"  ptl:\n", 1), "an alias bomb?"},
		{"a 16 MB flow list", checkBase + "notes: [" + strings.Repeat("a,", 8_000_000) + "]\n", "may hold up to 16000"},
		{"a 50 MB projects.yaml", hugeProjects(), "over the 16 MiB pypiguard reads"},
		{"deeply nested document", "nova: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n", "exceeded max depth"},
		{"deeply nested mappings", checkBase + "deep:\n" + nestedMaps(5000), "nested deeper than 64 levels"},
		{"invalid UTF-8", checkBase + "  mission: \xc3\x28 broken\n", "is not valid UTF-8"},
		{"path traversal in a repo", addRepo("openstack/../../etc"), `repo "openstack/../../etc" is not an org/name repository name`},
		{"escaped slash in a repo", addRepo("openstack/a%2Fb"), `repo "openstack/a%2Fb" is not an org/name`},
		{"newline in a repo", addRepo(`"openstack/x\n- project: y"`), "is not an org/name"},
		{"Gerrit's magic prefix as a deliverable", addNamedDeliverable(`")]}'"`), `deliverable name ")]}'" has characters`},
		{"HTML in a deliverable", addNamedDeliverable(`"<img src=x onerror=alert(1)>"`), "has characters a deliverable name cannot have"},
		{"Markdown in a team", strings.Replace(checkBase, "horizon:\n  ptl:", "\"[horizon](https://evil.example)\":\n  ptl:", 1), "has characters a team name cannot have"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			repo := governanceRepo(t, checkBase, tc.head)
			pypi := fakepypi.New(world(), fakepypi.Options{})
			defer pypi.Close()
			for _, cmd := range [][]string{{"diff"}, {"check", "--pypi-url", pypi.URL}} {
				res := fixture.Run(t, repo.Dir, nil, cmd...)
				if res.Code != 2 || !strings.Contains(res.Stderr, tc.want) {
					t.Errorf("%s: exit %d, want 2 with %q:\n%.1000s", cmd[0], res.Code, tc.want, res.Stderr)
				}
				if strings.Contains(res.Stderr, "panic") || strings.Contains(res.Stderr, "goroutine ") {
					t.Errorf("%s crashed:\n%.2000s", cmd[0], res.Stderr)
				}
				if res.MaxRSS == 0 || res.MaxRSS > hostileMemory {
					t.Errorf("%s: peak memory %d MB (0: not measured; install Debian's time)", cmd[0], res.MaxRSS>>20)
				}
				if bytes.ContainsAny([]byte(res.Stderr), "\x1b") {
					t.Errorf("escape sequences on stderr")
				}
			}
			if n := pypi.Counts().Total(); n != 0 {
				t.Errorf("hostile input made %d PyPI requests", n)
			}
		})
	}
}

// indent turns "key: value" lines into list items under prefix.
func indent(lines, prefix string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(lines), "\n") {
		_, v, _ := strings.Cut(l, ": ")
		b.WriteString(prefix + v + "\n")
	}
	return b.String()
}

func nestedMaps(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", i+2))
		fmt.Fprintf(&b, "k%d:\n", i)
	}
	return b.String()
}

func addRepo(repo string) string {
	return strings.Replace(checkBase, "        - openstack/horizon\n", "        - openstack/horizon\n        - "+repo+"\n", 1)
}

func addNamedDeliverable(name string) string {
	return strings.Replace(checkBase, "    horizon:\n", "    "+name+":\n      repos: [openstack/x]\n    horizon:\n", 1)
}

// TestLargestInputsMemory: the worst YAML pypiguard accepts, and the worst
// it refuses for holding too much together, stay under 256 MB peak RSS,
// measured through Debian's time. Four files of a governance change, each
// as large as one may be, are refused together; a change just within the
// node budget is read.
func TestLargestInputsMemory(t *testing.T) {
	t.Parallel()
	const limit = 256 << 20
	// {a, a, ...} is two nodes for each comma: the most nodes per estimate.
	flowMap := func(entries int) string { return "notes: {" + strings.Repeat("a,", entries) + "a}\n" }
	within := yamlfile.MaxNodes/2 - 2_000
	q := yamlfile.MaxNodes / 7
	small := map[string][]byte{governance.ProjectsFile: []byte(checkBase), governance.LegacyFile: []byte("---\n")}
	large := map[string][]byte{governance.ProjectsFile: []byte(checkBase + flowMap(q)), governance.LegacyFile: []byte(flowMap(q))}
	larger := map[string][]byte{governance.ProjectsFile: []byte(checkBase + flowMap(q+1)), governance.LegacyFile: []byte(flowMap(q + 1))}
	cases := []struct {
		name       string
		base, head map[string][]byte
		code       int
		want       string
	}{
		{"within the budget", small, map[string][]byte{governance.ProjectsFile: []byte(checkBase + flowMap(within))}, 0, ""},
		{"four large files side by side", large, larger, 2, "split the change"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := fixture.NewRepo(t)
			r.Commit("base", tc.base)
			r.Commit("head", tc.head)
			res := fixture.Run(t, r.Dir, nil, "diff")
			if res.Code != tc.code || !strings.Contains(res.Stderr, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%.600s", res.Code, tc.code, tc.want, res.Stderr)
			}
			t.Logf("peak RSS %d MB", res.MaxRSS>>20)
			if res.MaxRSS == 0 || res.MaxRSS > limit {
				t.Errorf("peak memory %d MB, over %d MB (0: not measured; install Debian's time)", res.MaxRSS>>20, limit>>20)
			}
		})
	}
}

// TestTooManyPackages: a change touching more packages than --max-packages
// (default 500) is refused before PyPI is asked, pointing to the audit.
func TestTooManyPackages(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("    many:\n      repos:\n")
	for i := range 501 {
		fmt.Fprintf(&b, "        - openstack/many-%d\n", i)
	}
	head := strings.Replace(checkBase, "    horizon:\n", b.String()+"    horizon:\n", 1)
	repo := governanceRepo(t, checkBase, head)
	pypi := fakepypi.New(world(), fakepypi.Options{})
	defer pypi.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "this change touches 501 packages, over --max-packages 500: run \"pypiguard audit\""},
		{[]string{"--max-packages", "600"}, ""},
	} {
		res := fixture.Run(t, repo.Dir, nil, append([]string{"check", "--pypi-url", pypi.URL, "--pypi-retries", "0"}, tc.args...)...)
		if tc.want != "" && (res.Code != 2 || !strings.Contains(res.Stderr, tc.want)) {
			t.Errorf("%v: exit %d, want 2 with %q:\n%.600s", tc.args, res.Code, tc.want, res.Stderr)
		}
		if tc.want == "" && res.Code == 2 {
			t.Errorf("%v: refused:\n%.600s", tc.args, res.Stderr)
		}
		if n := pypi.Counts().Total(); tc.want != "" && n != 0 {
			t.Errorf("refused, yet %d PyPI requests", n)
		}
	}
}
