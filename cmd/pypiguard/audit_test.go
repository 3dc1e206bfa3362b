package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// auditRun runs pypiguard audit into a new --out directory and reads back
// its report.json.
func auditRun(t *testing.T, env []string, args ...string) (fixture.Result, report.Report, string) {
	t.Helper()
	return auditRunIn(t, t.TempDir(), env, args...)
}

// auditRunIn is auditRun in the working directory dir.
func auditRunIn(t *testing.T, dir string, env []string, args ...string) (fixture.Result, report.Report, string) {
	t.Helper()
	out := t.TempDir()
	args = append([]string{"audit", "--out", out, "--log-level", "error", "--format", "json"}, args...)
	res := fixture.Run(t, dir, env, args...)
	var r report.Report
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatalf("no report.json (exit %d): %v\n%s", res.Code, err, res.Stderr)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(data), bytes.TrimSpace([]byte(res.Stdout))) {
		t.Errorf("stdout and report.json differ")
	}
	return res, r, out
}

// auditWorld serves testdata/audit's world, the one where the audit shows
// every status, and returns that folder.
func auditWorld(t *testing.T, o fakepypi.Options) (string, *fakepypi.Server) {
	t.Helper()
	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	w, err := fakepypi.LoadWorld(filepath.Join(td, "world.json"))
	if err != nil {
		t.Fatal(err)
	}
	pypi := fakepypi.New(w, o)
	t.Cleanup(pypi.Close)
	return td, pypi
}

func statusCounts(r report.Report) map[report.Status]int {
	m := map[report.Status]int{}
	for _, f := range r.Findings {
		m[f.Status]++
	}
	return m
}

// TestAuditGolden audits a small fixed world and compares report.json and
// report.md with golden files (refresh with go test ./cmd/pypiguard -run AuditGolden -args -update).
func TestAuditGolden(t *testing.T) {
	t.Parallel()
	root := fixture.ModuleRoot(t)
	td := filepath.Join(root, "testdata", "audit")
	w, err := fakepypi.LoadWorld(filepath.Join(td, "world.json"))
	if err != nil {
		t.Fatal(err)
	}
	pypi := fakepypi.New(w, fakepypi.Options{})
	defer pypi.Close()
	// Relative paths, from testdata/audit: the report names the policy file
	// as it was given.
	res, r, out := auditRunIn(t, td, []string{"SOURCE_DATE_EPOCH=1797811200"},
		"--governance", "governance", "--project-config", "project-config",
		"--config", "policy.yaml", "--today", "2026-12-20", "--pypi-url", pypi.URL, "--fail-on", "any")
	if res.Code != 1 {
		t.Errorf("exit %d, want 1: %s", res.Code, res.Stderr)
	}
	want := map[report.Status]int{report.Clean: 3, report.Pending: 1, report.ExtraMaintainers: 3, report.NotOwner: 1,
		report.OrganizationOwned: 1, report.Exempt: 1, report.NotApplicable: 1}
	if got := statusCounts(r); !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	var orphans []string
	for _, o := range r.Orphans {
		orphans = append(orphans, o.Package+":"+string(o.Status)+":"+o.Repo)
	}
	if want := []string{"quantum:clean:", "stackalytics:extra-maintainers:x/stackalytics", "xstatic-objectpath:openstackci-not-owner:"}; !slices.Equal(orphans, want) {
		t.Errorf("orphans %q, want %q", orphans, want)
	}
	var exc []string
	for _, e := range r.Exceptions {
		exc = append(exc, e.Package+":"+e.State)
	}
	if want := []string{"os-net-config:expiring", "XStatic-smart-table:expired", "never-heard-of:unused"}; !slices.Equal(exc, want) {
		t.Errorf("exceptions %q, want %q", exc, want)
	}
	for _, name := range []string{"report.json", "report.md"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		// The version differs from build to build (issue 17: never "devel").
		got = bytes.ReplaceAll(got, []byte("pypiguard "+r.Tool.Version+"."), []byte("pypiguard VERSION."))
		got = bytes.ReplaceAll(got, []byte(`"version": "`+r.Tool.Version+`"`), []byte(`"version": "VERSION"`))
		golden := filepath.Join(td, "golden", name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/pypiguard -run AuditGolden -args -update creates it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (-args -update if the change is intended):\n%s", name, golden, firstDiff(got, want))
		}
	}
}

// firstDiff shows the first differing line.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + gl + "\n want " + wl
		}
	}
	return ""
}
