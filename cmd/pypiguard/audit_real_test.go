package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

func proj(p fakepypi.Project) *fakepypi.Project { return &p }

var firstWorld = map[string]*fakepypi.Project{
	"python-novaclient":   proj(owned("python-novaclient", "Owner", "openstackci", "Maintainer", "oldcore")),
	"ironic-python-agent": proj(owned("ironic-python-agent", "Owner", "openstackci", "Maintainer", "login.launchpad.net_154")),
	"tenks":               proj(owned("tenks", "Owner", "openstackci", "Owner", "former-ptl")),
	"openstack-heat":      proj(owned("openstack-heat", "Owner", "stranger")),
	"kuryr-libnetwork":    {Name: "kuryr-libnetwork", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "docker-plugins"},
	"sushy":               {Name: "sushy", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "dmtf"},
	"xstatic-tv4":         nil, // not on PyPI: pending
	"adjutant-ui":         nil,
	"castellan-ui":        proj(owned("castellan-ui", "Owner", "stranger")), // retired, taken over
	"quantum":             proj(owned("quantum", "Owner", "openstackci")),   // orphans
	"xstatic-lost":        proj(owned("XStatic-Lost", "Owner", "openstackci", "Maintainer", "someone")),
	"openstack-forgotten": proj(owned("openstack-forgotten", "Maintainer", "openstackci", "Owner", "someone")),
}

func TestAuditRealData(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	pypi := fakepypi.New(fakepypi.CleanWorld(publishingNames(t, data), firstWorld), fakepypi.Options{})
	defer pypi.Close()
	args := []string{"--governance", filepath.Join(data, "governance"), "--project-config", filepath.Join(data, "project-config"), "--pypi-url", pypi.URL}

	res, r, out := auditRun(t, nil, append(args, "--fail-on", "any")...)
	if res.Code != 1 {
		t.Fatalf("exit %d, want 1: %s", res.Code, res.Stderr)
	}
	want := map[report.Status]int{report.Clean: 265, report.ExtraMaintainers: 3, report.NotOwner: 2,
		report.OrganizationOwned: 2, report.Pending: 2, report.NotApplicable: 355}
	if got := statusCounts(r); !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	var retired []string
	for _, f := range r.Findings {
		if f.Retired {
			retired = append(retired, f.Repo+":"+string(f.Status))
		}
	}
	if !slices.Equal(retired, []string{"openstack/castellan-ui:openstackci-not-owner"}) {
		t.Errorf("retired findings %q: only the retired package still on PyPI", retired)
	}
	var orphans []string
	for _, o := range r.Orphans {
		orphans = append(orphans, o.Package)
	}
	if !slices.Equal(orphans, []string{"openstack-forgotten", "quantum", "XStatic-Lost"}) || r.Reverse.Orphans != 3 {
		t.Errorf("orphans %q (%+v)", orphans, r.Reverse)
	}
	for _, name := range []string{"report.md", "report.html"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}

	// The next run: python-novaclient fixed, a newcomer on nova, a second
	// account on ironic-python-agent.
	for _, p := range []fakepypi.Project{
		owned("python-novaclient", "Owner", "openstackci"),
		owned("nova", "Owner", "openstackci", "Maintainer", "newcomer"),
		owned("ironic-python-agent", "Owner", "openstackci", "Maintainer", "login.launchpad.net_154", "Maintainer", "second"),
	} {
		pypi.SetProject(p)
	}
	baseline := filepath.Join(out, "report.json")
	for failOn, code := range map[string]int{"new": 1, "any": 1, "never": 0} {
		res, r2, out2 := auditRun(t, nil, append(args, "--baseline", baseline, "--fail-on", failOn)...)
		if res.Code != code {
			t.Errorf("--fail-on %s: exit %d, want %d", failOn, res.Code, code)
		}
		h := r2.History
		if h == nil || h.New != 1 || h.Unchanged != 6 || len(h.Resolved) != 1 || h.Resolved[0].Package != "python-novaclient" {
			t.Fatalf("history %+v", h)
		}
		changes := map[string]string{}
		for _, c := range h.Accounts {
			changes[c.Package] = describeChange(c)
		}
		wantChanges := map[string]string{"nova": "+newcomer", "ironic-python-agent": "+second", "python-novaclient": "-oldcore"}
		if len(changes) != len(wantChanges) {
			t.Errorf("account changes %v, want %v", changes, wantChanges)
		}
		for pkg, c := range wantChanges {
			if changes[pkg] != c {
				t.Errorf("%s: %q, want %q", pkg, changes[pkg], c)
			}
		}
		for _, f := range r2.Findings {
			if f.Package == "nova" && f.Change != "new" || f.Package == "tenks" && f.Change != "unchanged" {
				t.Errorf("%s marked %q", f.Package, f.Change)
			}
		}
		baseline2 := filepath.Join(out2, "report.json")
		if failOn == "new" {
			// A third run against the second: nothing new, so --fail-on new passes.
			res, _, _ := auditRun(t, nil, append(args, "--baseline", baseline2, "--fail-on", "new")...)
			if res.Code != 0 {
				t.Errorf("nothing new: exit %d, want 0", res.Code)
			}
		}
	}
}

// publishingNames are the names of the governed repos (projects.yaml, SIGs,
// TC) that today's real files have publish to PyPI: the audit judges them.
// A world where openstackci holds every governed basename would have it
// hold "devstack" and "puppet-nova" too, which the reverse audit reports.
func publishingNames(t *testing.T, data string) []string {
	t.Helper()
	all := fakepypi.New(fakepypi.CleanWorld(fixture.GovernedNames(t, filepath.Join(data, "governance"), false), nil), fakepypi.Options{})
	defer all.Close()
	_, r, _ := auditRun(t, nil, "--governance", filepath.Join(data, "governance"), "--project-config", filepath.Join(data, "project-config"),
		"--pypi-url", all.URL, "--reverse=false", "--fail-on", "never")
	var names []string
	for _, f := range r.Findings {
		if f.Status != report.NotApplicable {
			names = append(names, f.Package)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// The five governed repos whose deliverables say release-management: none
// although zuul.d/projects.yaml publishes them (issue 13).
var publishDespiteNone = []string{"coverage2sql", "molteniron", "os-performance-tools", "pyeclib", "rbd-iscsi-client"}

// TestAuditRealDataReverse: every package openstackci holds is judged once,
// by a finding or by the reverse audit. With project-config, the five repos
// that publish despite release-management: none are findings; without it,
// release-management decides they are not judged, so the reverse audit
// judges their packages and names their repos, rather than counting them as
// mapped (issue 13). A governed repo that publishes nothing whose name
// openstackci holds (devstack) is judged there too.
func TestAuditRealDataReverse(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	pypi := fakepypi.New(fakepypi.CleanWorld(publishingNames(t, data), map[string]*fakepypi.Project{
		"devstack": proj(owned("devstack", "Owner", "openstackci", "Maintainer", "someone")),
	}), fakepypi.Options{})
	defer pypi.Close()
	base := []string{"--governance", filepath.Join(data, "governance"), "--pypi-url", pypi.URL, "--fail-on", "never"}
	for _, withPC := range []bool{true, false} {
		pc := ""
		if withPC {
			pc = filepath.Join(data, "project-config")
		}
		res, r, _ := auditRun(t, nil, append(base, "--project-config", pc)...)
		if res.Code != 0 {
			t.Fatalf("project-config %q: exit %d: %s", pc, res.Code, res.Stderr)
		}
		judged, orphans := map[string]report.Status{}, map[string]report.Orphan{}
		for _, f := range r.Findings {
			judged[f.Package] = f.Status
		}
		for _, o := range r.Orphans {
			orphans[o.Package] = o
		}
		for _, name := range publishDespiteNone {
			o, orphan := orphans[name]
			switch {
			case withPC && (judged[name] != report.Clean || orphan):
				t.Errorf("with project-config, %s is %q (orphan %v): want a clean finding", name, judged[name], orphan)
			case !withPC && (judged[name] != report.NotApplicable || !orphan || o.Governed != "openstack/"+name || o.Status != report.Clean ||
				!strings.Contains(o.Message, "release-management: none")):
				t.Errorf("without project-config, %s is %q, orphan %+v: want it judged by the reverse audit, naming its repo", name, judged[name], o)
			}
		}
		// Without project-config, devstack's deliverable says nothing of
		// release-management: it is looked up, a finding.
		if o := orphans["devstack"]; withPC && (o.Governed != "openstack/devstack" || o.Status != report.ExtraMaintainers ||
			!strings.Contains(o.Message, "is not judged by the audit")) || !withPC && judged["devstack"] != report.ExtraMaintainers {
			t.Errorf("project-config %q: devstack: finding %q, orphan %+v", pc, judged["devstack"], o)
		}
		for name, o := range orphans {
			if _, ok := judged[name]; ok && o.Governed == "" {
				t.Errorf("%s is both a finding and an orphan of no repo", name)
			}
		}
		if r.Reverse.Unjudged != countGoverned(r.Orphans) || r.Reverse.Orphans != len(r.Orphans) {
			t.Errorf("reverse %+v, %d orphans", r.Reverse, len(r.Orphans))
		}
		t.Logf("project-config %q: %d orphans, %d of governed repos not judged", pc, r.Reverse.Orphans, r.Reverse.Unjudged)
	}
}

func countGoverned(os []report.Orphan) int {
	n := 0
	for _, o := range os {
		if o.Governed != "" {
			n++
		}
	}
	return n
}

func describeChange(c report.AccountChange) string {
	var parts []string
	for _, r := range c.Added {
		parts = append(parts, "+"+r.User)
	}
	for _, r := range c.Removed {
		parts = append(parts, "-"+r.User)
	}
	return strings.Join(parts, ",")
}

func TestAuditErrors(t *testing.T) {
	t.Parallel()
	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	bad := filepath.Join(t.TempDir(), "check.json")
	_ = os.WriteFile(bad, []byte(`{"schema": 1, "mode": "check"}`), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--fail-on", "sometimes"}, 2, `--fail-on "sometimes": use one of any, new, never`},
		{[]string{"--governance", t.TempDir()}, 2, "has no reference/projects.yaml"},
		{[]string{"--governance", td + "/governance", "--baseline", bad}, 2, `is a "check" report of schema 1; want an audit's report.json`},
		{[]string{"--governance", "file:///nonexistent/governance.git", "--cache-dir", t.TempDir()}, 3, "fetching file:///nonexistent/governance.git"},
	}
	for _, tc := range cases {
		res := fixture.Run(t, t.TempDir(), nil, append([]string{"audit", "--project-config", td + "/project-config", "--pypi-url", "http://127.0.0.1:1"}, tc.args...)...)
		if res.Code != tc.code || !strings.Contains(res.Stderr, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", tc.args, res.Code, tc.code, tc.want, res.Stderr)
		}
	}
}

// TestAuditFromGitURL clones --governance and --project-config from git URLs
// (local bare repositories) into the cache, then reuses the clones.
func TestAuditFromGitURL(t *testing.T) {
	t.Parallel()
	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	bare := func(dir string) string {
		r := fixture.NewRepo(t)
		r.Commit("import", fixture.ReadTree(t, dir))
		b := filepath.Join(t.TempDir(), "repo.git")
		fixture.Git(t, r.Dir, "clone", "-q", "--bare", r.Dir, b)
		return "file://" + b
	}
	w, _ := fakepypi.LoadWorld(filepath.Join(td, "world.json"))
	pypi := fakepypi.New(w, fakepypi.Options{})
	defer pypi.Close()
	cache := t.TempDir()
	args := []string{"--governance", bare(filepath.Join(td, "governance")), "--project-config", bare(filepath.Join(td, "project-config")),
		"--config", filepath.Join(td, "policy.yaml"), "--cache-dir", cache, "--pypi-url", pypi.URL, "--fail-on", "never"}
	for run := 0; run < 2; run++ {
		res, r, _ := auditRun(t, nil, args...)
		if res.Code != 0 || len(r.Findings) != 11 {
			t.Fatalf("run %d: exit %d, %d findings: %s", run, res.Code, len(r.Findings), res.Stderr)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "repos", "*")); len(m) != 2 {
		t.Errorf("cache holds %v", m)
	}
}
