package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const checkBase = `---
horizon:
  ptl:
    name: Carol
  liaisons:
    release:
      - name: Dave
  deliverables:
    horizon:
      repos:
        - openstack/horizon
ironic:
  deliverables:
    tenks:
      repos:
        - openstack/tenks
kolla:
  deliverables:
    kolla:
      repos:
        - openstack/kolla
`

// addDeliverable adds a deliverable to horizon.
func addDeliverable(name string, extra string) string {
	return strings.Replace(checkBase, "    horizon:\n", "    "+name+":\n"+extra+"      repos:\n        - openstack/"+name+"\n    horizon:\n", 1)
}

func world(projects ...fakepypi.Project) fakepypi.World { return fakepypi.World{Projects: projects} }

func owned(name string, roles ...string) fakepypi.Project {
	p := fakepypi.Project{Name: name}
	for i := 0; i+1 < len(roles); i += 2 {
		p.Roles = append(p.Roles, []string{roles[i], roles[i+1]})
	}
	return p
}

func runCheck(t *testing.T, dir string, pypi *fakepypi.Server, extra ...string) (fixture.Result, report.Report) {
	t.Helper()
	args := append([]string{"check", "--format", "json", "--pypi-url", pypi.URL, "--log-level", "error"}, extra...)
	res := fixture.Run(t, dir, nil, args...)
	var r report.Report
	if res.Stdout != "" {
		if err := json.Unmarshal([]byte(res.Stdout), &r); err != nil {
			t.Fatalf("stdout is not a JSON report: %v\n%s\nstderr: %s", err, res.Stdout, res.Stderr)
		}
	}
	return res, r
}

func onlyFinding(t *testing.T, r report.Report) report.Finding {
	t.Helper()
	if len(r.Findings) != 1 {
		t.Fatalf("want one finding, got %+v", r.Findings)
	}
	return r.Findings[0]
}

func TestCheckNewDeliverable(t *testing.T) {
	t.Parallel()
	head := addDeliverable("xstatic-tv4", "")
	line := lineOf(head, "    xstatic-tv4:")
	cases := []struct {
		name     string
		project  *fakepypi.Project
		code     int
		status   report.Status
		severity report.Severity
		extra    []string
		verdict  report.Verdict
	}{
		{"clean", &fakepypi.Project{Name: "XStatic-tv4", Roles: [][]string{{"Owner", "openstackci"}}}, 0, report.Clean, report.Info, []string{}, report.Pass},
		{"second account", &fakepypi.Project{Name: "xstatic-tv4", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}}, 1, report.ExtraMaintainers, report.High, []string{"mallory"}, report.Fail},
		{"openstackci only Maintainer", &fakepypi.Project{Name: "xstatic-tv4", Roles: [][]string{{"Owner", "bob"}, {"Maintainer", "openstackci"}}}, 1, report.NotOwner, report.High, []string{"bob"}, report.Fail},
		{"someone else's name", &fakepypi.Project{Name: "xstatic-tv4", Roles: [][]string{{"Owner", "stranger"}}}, 1, report.NotOwner, report.Critical, []string{"stranger"}, report.Fail},
		{"organization-owned", &fakepypi.Project{Name: "xstatic-tv4", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "acme"}, 1, report.OrganizationOwned, report.Critical, []string{}, report.Fail},
		{"pending: not on PyPI yet", nil, 0, report.Pending, report.Info, []string{}, report.Pass},
		{"release-less project owned by openstackci: organization unknown", &fakepypi.Project{Name: "xstatic-tv4", NoReleases: true, Roles: [][]string{{"Owner", "openstackci"}}}, 3, report.StatusUnverified, report.Info, []string{}, report.Unverified},
		{"release-less project with roles is not pending", &fakepypi.Project{Name: "xstatic-tv4", NoReleases: true, Roles: [][]string{{"Owner", "squatter"}}}, 1, report.NotOwner, report.Critical, []string{"squatter"}, report.Fail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			repo := governanceRepo(t, checkBase, head)
			w := world()
			if tc.project != nil {
				w = world(*tc.project)
			}
			pypi := fakepypi.New(w, fakepypi.Options{})
			defer pypi.Close()
			res, r := runCheck(t, repo.Dir, pypi)
			if res.Code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", res.Code, tc.code, res.Stderr)
			}
			f := onlyFinding(t, r)
			if f.Status != tc.status || f.Severity != tc.severity || !slices.Equal(f.ExtraAccounts, tc.extra) || r.Verdict != tc.verdict {
				t.Errorf("got %s/%s extra %q verdict %s, want %s/%s %q %s: %s", f.Status, f.Severity, f.ExtraAccounts, r.Verdict, tc.status, tc.severity, tc.extra, tc.verdict, f.Message)
			}
			if f.File != "reference/projects.yaml" || f.Line != line || f.Repo != "openstack/xstatic-tv4" || f.Team != "horizon" || f.NameSource != "basename" {
				t.Errorf("finding does not point at the deliverable: %+v", f)
			}
			for _, account := range tc.extra {
				if !strings.Contains(f.Message, account) || f.Remediation == "" {
					t.Errorf("message does not name %s or has no fix: %+v", account, f)
				}
			}
		})
	}
}

func TestCheckTextNamesAccountAndLine(t *testing.T) {
	t.Parallel()
	head := addDeliverable("xstatic-tv4", "")
	repo := governanceRepo(t, checkBase, head)
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "login.launchpad.net_154")), fakepypi.Options{})
	defer pypi.Close()
	res := fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL)
	if res.Code != 1 {
		t.Fatalf("exit %d: %s", res.Code, res.Stderr)
	}
	for _, want := range []string{
		"pypiguard check: FAIL (1 extra-maintainers)",
		"[FAIL] xstatic-tv4 (guessed): extra-maintainers (high)",
		"where:   reference/projects.yaml:9 (new-deliverable)",
		"login.launchpad.net_154 can also upload",
		"https://pypi.org/manage/project/xstatic-tv4/collaboration/",
	} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, res.Stdout)
		}
	}
}

const exemptPolicy = `owner: openstackci
exceptions:
  - package: xstatic-tv4
    accounts: [moin]
    reason: co-maintained with MoinMoin
    link: https://review.opendev.org/c/openstack/governance/+/900000
    expires: 2026-12-31
`

func TestCheckExemptAndExpired(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pol := filepath.Join(t.TempDir(), "pypiguard.yaml")
	if err := os.WriteFile(pol, []byte(exemptPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "MOIN")), fakepypi.Options{})
	defer pypi.Close()

	res, r := runCheck(t, repo.Dir, pypi, "--config", pol, "--today", "2026-12-31")
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.Exempt || !strings.Contains(f.Message, "until 2026-12-31") {
		t.Errorf("on the expiry day: exit %d, %+v", res.Code, f)
	}
	res, r = runCheck(t, repo.Dir, pypi, "--config", pol, "--today", "2027-01-01")
	if f := onlyFinding(t, r); res.Code != 1 || f.Status != report.ExtraMaintainers || !strings.Contains(f.Message, "expired on 2026-12-31") {
		t.Errorf("the day after: exit %d, %+v", res.Code, f)
	}
}

func TestCheckMovedDeliverable(t *testing.T) {
	t.Parallel()
	head := strings.Replace(checkBase, "    tenks:\n      repos:\n        - openstack/tenks\n", "    ironic:\n      repos:\n        - openstack/ironic\n", 1)
	head = strings.Replace(head, "    kolla:\n", "    tenks:\n      repos:\n        - openstack/tenks\n    kolla:\n", 1)
	base := strings.Replace(checkBase, "    tenks:\n", "    ironic:\n      repos:\n        - openstack/ironic\n    tenks:\n", 1)
	repo := governanceRepo(t, base, head)
	pypi := fakepypi.New(world(owned("tenks", "Owner", "openstackci", "Owner", "former-core")), fakepypi.Options{})
	defer pypi.Close()
	res, r := runCheck(t, repo.Dir, pypi)
	f := onlyFinding(t, r)
	if res.Code != 1 || f.Status != report.ExtraMaintainers || f.Team != "kolla" || !slices.Equal(f.Events, []string{"moved-deliverable"}) || f.Line != lineOf(head, "    tenks:") {
		t.Errorf("exit %d: %+v", res.Code, f)
	}
}

func TestCheckNoEventAsksNothing(t *testing.T) {
	t.Parallel()
	head := strings.Replace(checkBase, "      - name: Dave\n", "      - name: Erin\n      - name: Frank\n", 1)
	head = strings.Replace(head, "    name: Carol\n", "    name: Zoe\n", 1)
	repo := governanceRepo(t, checkBase, head)
	pypi := fakepypi.New(world(), fakepypi.Options{})
	defer pypi.Close()
	res, r := runCheck(t, repo.Dir, pypi)
	if res.Code != 0 || r.Verdict != report.Pass || len(r.Events) != 0 {
		t.Errorf("exit %d: %+v", res.Code, r)
	}
	if n := pypi.Counts().Total(); n != 0 {
		t.Errorf("a change with no event made %d PyPI requests", n)
	}
}

func TestCheckNotApplicableAsksNothing(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("horizon-specs", "      release-management: none\n"))
	pypi := fakepypi.New(world(owned("horizon-specs", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	res, r := runCheck(t, repo.Dir, pypi)
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable {
		t.Errorf("exit %d: %+v", res.Code, f)
	}
	if n := pypi.Counts().Total(); n != 0 {
		t.Errorf("a not-applicable repo made %d PyPI requests", n)
	}
}

func TestCheckPyPIDown(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	failAll(pypi, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	res, r := runCheck(t, repo.Dir, pypi, "--pypi-retries", "1")
	f := onlyFinding(t, r)
	if res.Code != 3 || r.Verdict != report.Unverified || f.Status != report.StatusUnverified || f.Status.Fails() {
		t.Errorf("exit %d verdict %s: %+v", res.Code, r.Verdict, f)
	}
	if !strings.Contains(f.Message, "could not be asked") || !strings.Contains(f.Message, "503") {
		t.Errorf("message: %s", f.Message)
	}
}

const pcGerrit = `- project: openstack/nova
  description: Compute
- project: openstack/xstatic-foo
  description: xstatic
`

const pcZuul = `- project:
    name: openstack/nova
    templates:
      - publish-to-pypi

- project:
    name: openstack/xstatic-foo
    templates:
      - noop-jobs
`

func TestCheckProjectConfigStartsPublishing(t *testing.T) {
	t.Parallel()
	r := fixture.NewRepo(t)
	r.Commit("base", map[string][]byte{"gerrit/projects.yaml": []byte(pcGerrit), "zuul.d/projects.yaml": []byte(pcZuul)})
	head := strings.Replace(pcZuul, "      - noop-jobs\n", "      - noop-jobs\n      - publish-xstatic-to-pypi\n", 1)
	r.Commit("head", map[string][]byte{"zuul.d/projects.yaml": []byte(head)})
	pypi := fakepypi.New(world(owned("XStatic-Foo", "Owner", "openstackci", "Owner", "upstream-author")), fakepypi.Options{})
	defer pypi.Close()
	res, rep := runCheck(t, r.Dir, pypi)
	f := onlyFinding(t, rep)
	if res.Code != 1 || f.Status != report.ExtraMaintainers || f.File != "zuul.d/projects.yaml" || f.Line != lineOf(head, "publish-xstatic-to-pypi") || !slices.Equal(f.Events, []string{"starts-publishing"}) {
		t.Errorf("exit %d: %+v", res.Code, f)
	}
}

func TestCheckProjectConfigNewProjectWithoutTemplate(t *testing.T) {
	t.Parallel()
	r := fixture.NewRepo(t)
	r.Commit("base", map[string][]byte{"gerrit/projects.yaml": []byte(pcGerrit), "zuul.d/projects.yaml": []byte(pcZuul)})
	r.Commit("head", map[string][]byte{"gerrit/projects.yaml": []byte(pcGerrit + "- project: openstack/newspecs\n  description: specs\n")})
	pypi := fakepypi.New(world(owned("newspecs", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	res, rep := runCheck(t, r.Dir, pypi)
	if f := onlyFinding(t, rep); res.Code != 0 || f.Status != report.NotApplicable || pypi.Counts().Total() != 0 {
		t.Errorf("exit %d, %d requests: %+v", res.Code, pypi.Counts().Total(), f)
	}
}

func TestCheckProjectConfigFlagDecidesPublishing(t *testing.T) {
	t.Parallel()
	pc := t.TempDir()
	for p, content := range map[string]string{"gerrit/projects.yaml": pcGerrit + "- project: openstack/xstatic-tv4\n", "zuul.d/projects.yaml": pcZuul} {
		if err := os.MkdirAll(filepath.Join(pc, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pc, p), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	res, r := runCheck(t, repo.Dir, pypi, "--project-config", pc)
	if f := onlyFinding(t, r); res.Code != 0 || f.Status != report.NotApplicable || !strings.Contains(f.Message, "no template matching pypi") {
		t.Errorf("exit %d: %+v", res.Code, f)
	}
}

func TestCheckMarkdownAndOutputFile(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "bob_x")), fakepypi.Options{})
	defer pypi.Close()
	out := filepath.Join(t.TempDir(), "report.md")
	res := fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL, "--format", "markdown", "--output", out)
	data, err := os.ReadFile(out)
	if res.Code != 1 || err != nil || res.Stdout != "" {
		t.Fatalf("exit %d, %v, stdout %q", res.Code, err, res.Stdout)
	}
	for _, want := range []string{"# pypiguard check: FAIL", "| extra-maintainers | high | xstatic-tv4 \\(guessed\\) |", "bob\\_x", "<https://pypi.org/manage/project/xstatic-tv4/collaboration/>"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("markdown lacks %q:\n%s", want, data)
		}
	}
}

func TestCheckBadPolicy(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pol := filepath.Join(t.TempDir(), "p.yaml")
	_ = os.WriteFile(pol, []byte("owner: openstackci\nexceptions:\n  - package: x\n    expires: soon\n"), 0o644)
	res := fixture.Run(t, repo.Dir, nil, "check", "--config", pol, "--pypi-url", "http://127.0.0.1:1")
	if res.Code != 2 || !strings.Contains(res.Stderr, pol+`:4: exception: expires "soon" is not a date`) {
		t.Errorf("exit %d: %s", res.Code, res.Stderr)
	}
}

func lineOf(text, sub string) int {
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	return -1
}
