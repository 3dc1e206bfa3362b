package names

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"unicode/utf8"
)

// builderPy reads every case as pbr, setuptools and tomllib do.
//
//go:embed testdata/builder.py
var builderPy []byte

// python is Debian's interpreter (3.11: configparser and tomllib); CI
// installs it. The test fails, never skips, without it.
const python = "/usr/bin/python3"

// repoCase is a repo's files; nil means absent.
type repoCase struct {
	name                         string
	setupCfg, pyproject, setupPy []byte
}

// pyReading is one reader's answer in builder.py's output.
type pyReading struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Error  string `json:"error"`
}

type pyCase struct {
	Case       string     `json:"case"`
	Pbr        *pyReading `json:"pbr"`
	Setuptools *pyReading `json:"setuptools"`
	Pyproject  pyReading  `json:"pyproject"`
	Decision   pyReading  `json:"decision"`
}

type pyFacts struct {
	Lower   map[string]string `json:"lower"`
	Space   []rune            `json:"space"`
	Strings []string          `json:"strings"`
}

// TestDifferential reads the table and the generated corpus with Python
// (once, over a temp dir) and with the Go readers: every reading must give
// the same name, or both must refuse.
func TestDifferential(t *testing.T) {
	t.Parallel()
	cases := append(tableCases(), generatedCases()...)
	root := t.TempDir()
	for i, c := range cases {
		writeCase(t, filepath.Join(root, fmt.Sprintf("%05d", i)), c)
	}
	out, facts := runBuilder(t, root, lowerProbes)
	if len(out) != len(cases) {
		t.Fatalf("python read %d cases, want %d", len(out), len(cases))
	}
	disagree, read := 0, map[string]int{}
	for i, py := range out {
		for _, d := range compareCase(cases[i], py, read) {
			disagree++
			if disagree <= 40 {
				t.Errorf("case %s (%s): %s", py.Case, cases[i].name, d)
			}
		}
	}
	t.Logf("%d cases (%d from the table), %d disagreements; names both read: %v", len(cases), len(tableCases()), disagree, read)
	// Both refusing everything would agree too: each reader must have read
	// names, the same ones as Python, in a good share of the cases.
	for _, what := range []string{"pbr", "setuptools", "pyproject", "decision"} {
		if read[what] < len(cases)/20 {
			t.Errorf("%s read the same name as Python in only %d of %d cases: the corpus or builder.py is broken", what, read[what], len(cases))
		}
	}
	compareUnicode(t, facts)
}

func writeCase(t *testing.T, dir string, c repoCase) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"setup.cfg": c.setupCfg, "pyproject.toml": c.pyproject, "setup.py": c.setupPy} {
		if data != nil {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func runBuilder(t *testing.T, root string, probes []string) ([]pyCase, pyFacts) {
	t.Helper()
	script := filepath.Join(t.TempDir(), "builder.py")
	if err := os.WriteFile(script, builderPy, 0o644); err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(probes)
	cmd := exec.Command(python, script, root)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s (Debian's python3 is required; apt-get install python3): %v\n%s", python, err, stderr.String())
	}
	var cases []pyCase
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 64<<20)
	var last []byte
	for sc.Scan() {
		if last != nil {
			var c pyCase
			if err := json.Unmarshal(last, &c); err != nil {
				t.Fatal(err)
			}
			cases = append(cases, c)
		}
		last = append([]byte(nil), sc.Bytes()...)
	}
	var facts pyFacts
	if err := json.Unmarshal(last, &facts); err != nil {
		t.Fatal(err)
	}
	return cases, facts
}

// compareCase lists the readings where Go and Python differ, and counts in
// read the readings where both read the same name.
func compareCase(c repoCase, py pyCase, read map[string]int) []string {
	var diffs []string
	check := func(what string, goName string, goErr error, want *pyReading) {
		switch {
		case want == nil:
			return
		case goErr != nil && want.Error == "":
			diffs = append(diffs, fmt.Sprintf("%s: Go refuses (%v), Python reads %q", what, goErr, want.Name))
		case goErr == nil && want.Error != "":
			diffs = append(diffs, fmt.Sprintf("%s: Go reads %q, Python refuses (%s)", what, goName, want.Error))
		case goErr == nil && goName != want.Name:
			diffs = append(diffs, fmt.Sprintf("%s: Go reads %q, Python %q", what, goName, want.Name))
		case goErr == nil && goName != "":
			read[what]++
		}
	}
	if c.setupCfg != nil {
		p, err := readPbr(c.setupCfg)
		check("pbr", p.name, err, py.Pbr)
		s, err := readSetuptools(c.setupCfg)
		check("setuptools", s.name, err, py.Setuptools)
	}
	pp, err := pyprojectName(c.pyproject)
	check("pyproject", pp.name, err, &py.Pyproject)
	if err == nil && py.Pyproject.Error == "" && kindName(pp.kind) != py.Pyproject.Kind {
		diffs = append(diffs, fmt.Sprintf("pyproject: Go's backend is %s, Python's %s", kindName(pp.kind), py.Pyproject.Kind))
	}
	cand, unknown, err := fromFiles("org/repo", c.read)
	source, name := "", ""
	switch {
	case cand != nil:
		source, name = string(cand.Source), cand.Name
	case unknown != "":
		source = "unknown"
	}
	check("decision", name, err, &py.Decision)
	if err == nil && py.Decision.Error == "" && source != py.Decision.Source {
		diffs = append(diffs, fmt.Sprintf("decision: Go's source is %q, Python's %q", source, py.Decision.Source))
	}
	return diffs
}

func (c repoCase) read(name string) ([]byte, string, error) {
	switch name {
	case "setup.cfg":
		return c.setupCfg, name, nil
	case "pyproject.toml":
		return c.pyproject, name, nil
	case "setup.py":
		return c.setupPy, name, nil
	}
	return nil, name, nil
}

func kindName(k backendKind) string {
	return [...]string{"setuptools", "poetry", "other"}[k]
}

// lowerProbes exercise str.lower beyond single code points: the final
// sigma's context.
var lowerProbes = []string{
	"Σ", "ΑΣ", "ΑΣ Α", "ΑΣ.", "Α.Σ", "ΑΣΑ", "ΑΣ'", "Σ'Α", "AΣ", "1Σ", "ΑΣ\u0301", "ΑΣ\u0301Β",
	"NAME", "İ", "NAMEİ", "ǅ", "Ⅻ", "Ꭰ", "ᾈ", "K",
}

func compareUnicode(t *testing.T, facts pyFacts) {
	t.Helper()
	bad := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		want, ok := facts.Lower[strconv.Itoa(int(r))]
		if !ok {
			want = string(r)
		}
		if got := pyLower(string(r)); got != want && bad < 10 {
			bad++
			t.Errorf("pyLower(%U) = %q, Python %q", r, got, want)
		}
	}
	space := map[rune]bool{}
	for _, r := range facts.Space {
		space[r] = true
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if pyIsSpace(r) != space[r] {
			t.Errorf("pyIsSpace(%U) = %v, Python %v", r, pyIsSpace(r), space[r])
		}
	}
	for i, s := range lowerProbes {
		if got := pyLower(s); got != facts.Strings[i] {
			t.Errorf("pyLower(%q) = %q, Python %q", s, got, facts.Strings[i])
		}
	}

}
