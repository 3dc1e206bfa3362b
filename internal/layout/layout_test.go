// Package layout_test keeps the import rules of docs/design.md: the stages
// stay apart because a test says so, not because everyone remembers.
package layout_test

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "opendev.org/openstack/pypiguard"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func list(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps=false", "-json=ImportPath,Imports,Deps", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module+"/")] = p
	}
	if !slices.Contains(pkgs["cmd/pypiguard"].Deps, module+"/internal/yamlfile") {
		t.Fatal("go list gave no dependencies: the rules below would hold vacuously")
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// testSupport reports whether a package exists for tests and benchmarks:
// everything under internal/testing, and the fake PyPI's own command.
func testSupport(name string) bool {
	return strings.HasPrefix(name, "internal/testing/") || name == "cmd/fakepypi"
}

func TestImportRules(t *testing.T) {
	t.Parallel()
	pkgs := list(t)
	imports := func(p pkg, path string) bool {
		return slices.Contains(p.Imports, path) || slices.Contains(p.Imports, module+"/"+path)
	}
	for name, p := range pkgs {
		if name != "internal/gerrit" && imports(p, "github.com/andygrunwald/go-gerrit") {
			t.Errorf("%s imports go-gerrit: only internal/gerrit may (it hides that library's quirks)", name)
		}
		pure := slices.Contains([]string{"internal/policy", "internal/changes", "internal/report", "internal/identity",
			"internal/governance", "internal/projectconfig", "internal/yamlfile", "internal/pep440", "internal/render", "internal/naming"}, name)
		if pure && (imports(p, "net/http") || imports(p, "net") || imports(p, "os/exec")) {
			t.Errorf("%s imports the network or runs programs: it must stay pure (collect -> judge -> render)", name)
		}
		if pure && (slices.Contains(p.Deps, "net/http") || slices.Contains(p.Deps, "os/exec")) {
			t.Errorf("%s depends on net/http or os/exec through its imports: a pure package reaches no collector, even for a type", name)
		}
		judge := slices.Contains([]string{"internal/changes", "internal/identity", "internal/report", "internal/naming"}, name)
		if judge && imports(p, "os") {
			t.Errorf("%s imports os: judging does no I/O", name)
		}
		for _, collector := range []string{"internal/source", "internal/gerrit", "internal/pypi", "internal/names", "internal/whois", "internal/guard"} {
			if judge && imports(p, collector) {
				t.Errorf("%s imports %s: a judge is given what was collected, it never collects", name, collector)
			}
		}
		if name != "internal/cli" && name != "internal/guard" && imports(p, "internal/guard") {
			t.Errorf("%s imports internal/guard: only the front ends run the flow; what lies below it is given what it needs", name)
		}
		if imports(p, "internal/render") && !slices.Contains([]string{"internal/cli", "internal/gerrit"}, name) {
			t.Errorf("%s imports internal/render: text for people is built from the report, at the end", name)
		}
		for _, old := range []string{"internal/pkgname", "internal/reponame"} {
			if _, ok := pkgs[old]; ok {
				t.Errorf("%s exists: name rules have one home, internal/naming", old)
			}
		}
		if testSupport(name) {
			continue
		}
		for _, dep := range p.Deps {
			if ts := strings.TrimPrefix(dep, module+"/"); ts != dep && testSupport(ts) {
				t.Errorf("%s depends on the test support package %s", name, ts)
			}
		}
	}
}
