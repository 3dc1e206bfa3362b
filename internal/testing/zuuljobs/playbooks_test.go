package zuuljobs

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

const governanceBase = `---
horizon:
  ptl:
    name: Carol
  deliverables:
    horizon:
      repos:
        - openstack/horizon
`

// addDeliverables adds deliverables, one repo each, to horizon.
func addDeliverables(names ...string) string {
	out := governanceBase
	for _, n := range names {
		out += "    " + n + ":\n      repos:\n        - openstack/" + n + "\n"
	}
	return out
}

const (
	pcGerrit = "- project: openstack/nova\n  description: Compute\n- project: openstack/xstatic-foo\n  description: xstatic\n"
	pcZuul   = "- project:\n    name: openstack/nova\n    templates:\n      - publish-to-pypi\n\n- project:\n    name: openstack/xstatic-foo\n    templates:\n      - noop-jobs\n"
)

func projectConfigFiles(zuul string) map[string][]byte {
	return map[string][]byte{"gerrit/projects.yaml": []byte(pcGerrit), "zuul.d/projects.yaml": []byte(zuul)}
}

// governanceChange is a change to governance's projects.yaml.
func governanceChange(head string) change {
	return change{
		project: "governance",
		base:    map[string][]byte{"reference/projects.yaml": []byte(governanceBase), "reference/legacy.yaml": []byte("---\n")},
		head:    map[string][]byte{"reference/projects.yaml": []byte(head)},
		others:  map[string]map[string][]byte{"project-config": projectConfigFiles(pcZuul), "releases": {}},
	}
}

func pypiWorld(t *testing.T, projects ...fakepypi.Project) *fakepypi.Server {
	t.Helper()
	s := fakepypi.New(fakepypi.World{Projects: projects}, fakepypi.Options{})
	t.Cleanup(s.Close)
	return s
}

func owned(name string, roles ...string) fakepypi.Project {
	p := fakepypi.Project{Name: name}
	for i := 0; i+1 < len(roles); i += 2 {
		p.Roles = append(p.Roles, []string{roles[i], roles[i+1]})
	}
	return p
}

func TestPlaybooksSyntax(t *testing.T) {
	t.Parallel()
	bin := ansiblePlaybook(t)
	cfg := loadRepoConfig(t)
	ws := newWorkspace(t, change{})
	seen := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(cfg.Jobs)) {
		for _, pb := range cfg.Jobs[name].Playbooks {
			if seen[pb] {
				continue
			}
			seen[pb] = true
			out, err := commandOutput(t, ws, bin, "--syntax-check", "-i", "localhost,", pb)
			if err != nil {
				t.Errorf("%s: %v\n%s", pb, err, out)
			}
		}
	}
}

// TestCheckJobDirty: a change adding a deliverable whose PyPI project has a
// second maintainer fails the job, and post-run still returns the comment on
// the deliverable's line, a warning for the pending one, and the report.
func TestCheckJobDirty(t *testing.T) {
	t.Parallel()
	head := addDeliverables("xstatic-tv4", "horizon-foo")
	ws := newWorkspace(t, governanceChange(head))
	pypi := pypiWorld(t, owned("XStatic-tv4", "Owner", "openstackci", "Maintainer", "mallory"))
	b := runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "check", map[string]any{"pypiguard_pypi_url": pypi.URL})
	if b.preRC != 0 || b.runRC == 0 || slices.ContainsFunc(b.postRCs, func(rc int) bool { return rc != 0 }) {
		t.Fatalf("pre %d, run %d, post %v: want the run alone to fail\n%s", b.preRC, b.runRC, b.postRCs, b.log)
	}
	if !strings.Contains(b.log, "pypiguard found a violation") {
		t.Errorf("the job's log does not say why it failed:\n%s", b.log)
	}
	z := zuulData(t, b)
	comments := z.FileComments["reference/projects.yaml"]
	if len(z.FileComments) != 1 || len(comments) != 1 || comments[0].Line != lineOf(head, "    xstatic-tv4:") {
		t.Fatalf("want one comment, on the xstatic-tv4 line (%d): %+v", lineOf(head, "    xstatic-tv4:"), z.FileComments)
	}
	// mallory is no account of the (empty) Gerrit: the stranger, critical.
	for _, want := range []string{"xstatic-tv4 (guessed, repo openstack/xstatic-tv4): extra-maintainers (critical)", "mallory (Maintainer)", "Fix: Remove mallory",
		"Who: mallory (Maintainer): unknown — no Gerrit account with username mallory"} {
		if !strings.Contains(comments[0].Message, want) {
			t.Errorf("the comment lacks %q:\n%s", want, comments[0].Message)
		}
	}
	if len(z.Warnings) != 1 || !strings.HasPrefix(z.Warnings[0], "pypiguard: pending: horizon-foo") {
		t.Errorf("want one warning, about the pending horizon-foo: %q", z.Warnings)
	}
	checkPublished(t, ws, z, "FAIL", "fail")
}

// TestCheckJobClean: a clean change passes, with no comment and no warning,
// and its report is published all the same.
func TestCheckJobClean(t *testing.T) {
	t.Parallel()
	ws := newWorkspace(t, governanceChange(addDeliverables("xstatic-tv4")))
	pypi := pypiWorld(t, owned("XStatic-tv4", "Owner", "openstackci"))
	b := runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "check", map[string]any{"pypiguard_pypi_url": pypi.URL})
	if b.preRC != 0 || b.runRC != 0 || slices.ContainsFunc(b.postRCs, func(rc int) bool { return rc != 0 }) {
		t.Fatalf("pre %d, run %d, post %v: want a pass\n%s", b.preRC, b.runRC, b.postRCs, b.log)
	}
	z := zuulData(t, b)
	if len(z.FileComments) != 0 || len(z.Warnings) != 0 {
		t.Errorf("a clean change got comments or warnings: %+v", z)
	}
	checkPublished(t, ws, z, "PASS", "pass")
}

// TestCheckJobProjectConfig: on a project-config change the comment goes on
// zuul.d/projects.yaml, the job's own project's file.
func TestCheckJobProjectConfig(t *testing.T) {
	t.Parallel()
	head := strings.Replace(pcZuul, "      - noop-jobs\n", "      - noop-jobs\n      - publish-xstatic-to-pypi\n", 1)
	c := change{
		project: "project-config",
		base:    projectConfigFiles(pcZuul),
		head:    map[string][]byte{"zuul.d/projects.yaml": []byte(head)},
		others:  map[string]map[string][]byte{"governance": {"reference/projects.yaml": []byte(governanceBase)}, "releases": {}},
	}
	ws := newWorkspace(t, c)
	pypi := pypiWorld(t, owned("XStatic-Foo", "Owner", "openstackci", "Owner", "upstream-author"))
	b := runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "gate", map[string]any{"pypiguard_pypi_url": pypi.URL})
	if b.runRC == 0 {
		t.Fatalf("run passed:\n%s", b.log)
	}
	z := zuulData(t, b)
	cs := z.FileComments["zuul.d/projects.yaml"]
	if len(z.FileComments) != 1 || len(cs) != 1 || cs[0].Line != lineOf(head, "publish-xstatic-to-pypi") || !strings.Contains(cs[0].Message, "upstream-author") {
		t.Errorf("want one comment on the publish-xstatic-to-pypi line: %+v", z.FileComments)
	}
}

// TestCheckJobNothingJudged: when pypiguard stops before judging (here the
// base branch is missing), post-run says so instead of returning nothing.
func TestCheckJobNothingJudged(t *testing.T) {
	t.Parallel()
	ws := newWorkspace(t, governanceChange(addDeliverables("xstatic-tv4")))
	ws.branch = "stable/2099.1"
	b := runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "check", map[string]any{"pypiguard_pypi_url": "http://127.0.0.1:1"})
	if b.runRC == 0 || !strings.Contains(b.log, "exit 2") {
		t.Fatalf("run %d: want a failure with pypiguard's exit 2 explained\n%s", b.runRC, b.log)
	}
	z := zuulData(t, b)
	if len(z.Warnings) != 1 || !strings.Contains(z.Warnings[0], "pypiguard-check: pypiguard stopped before it could judge the change") || len(z.FileComments) != 0 {
		t.Errorf("%+v", z)
	}
}

// zuulData is what Zuul would make of the build's zuul_return calls,
// checked against Zuul's schemas.
func zuulData(t *testing.T, b *build) returnedZuul {
	t.Helper()
	data, err := json.Marshal(b.data)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateReturn(data); err != nil {
		t.Fatalf("Zuul would refuse what the job returned:\n%v\n%s", err, data)
	}
	var got struct{ Zuul returnedZuul }
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	return got.Zuul
}

type returnedZuul struct {
	FileComments map[string][]struct {
		Line    int
		Message string
	} `json:"file_comments"`
	Warnings  []string
	Artifacts []struct{ Name, URL string }
}

// checkPublished checks that the reports are under the log root, where the
// returned links point.
func checkPublished(t *testing.T, ws *workspace, z returnedZuul, heading, verdict string) {
	t.Helper()
	urls := map[string]string{}
	for _, a := range z.Artifacts {
		urls[a.Name] = a.URL
	}
	if urls["pypiguard report"] != "pypiguard/report.md" || urls["pypiguard report (JSON)"] != "pypiguard/report.json" {
		t.Errorf("artifacts: %+v", z.Artifacts)
	}
	md, err := os.ReadFile(filepath.Join(ws.logRoot, "pypiguard", "report.md"))
	if err != nil || !strings.Contains(string(md), "# pypiguard check: "+heading) {
		t.Errorf("report.md under the log root: %v\n%s", err, md)
	}
	var rep struct{ Verdict string }
	data, err := os.ReadFile(filepath.Join(ws.logRoot, "pypiguard", "report.json"))
	if err != nil || json.Unmarshal(data, &rep) != nil || rep.Verdict != verdict {
		t.Errorf("report.json under the log root: %v, verdict %q", err, rep.Verdict)
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

// auditWorkspace is a periodic build's workspace: no change, the three
// checkouts as they are.
func auditWorkspace(t *testing.T) *workspace {
	t.Helper()
	return newWorkspace(t, change{others: map[string]map[string][]byte{
		"governance":     {"reference/projects.yaml": []byte(governanceBase)},
		"project-config": {"gerrit/projects.yaml": []byte("- project: openstack/horizon\n"), "zuul.d/projects.yaml": []byte("- project:\n    name: openstack/horizon\n    templates:\n      - publish-to-pypi\n")},
		// A checkout of openstack/releases always has deliverables/.
		"releases": {"deliverables/README.rst": []byte("Deliverables, by series.\n")},
	}})
}

func TestAuditJob(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		roles  []string
		passes bool
	}{
		{"clean", []string{"Owner", "openstackci"}, true},
		{"dirty", []string{"Owner", "openstackci", "Maintainer", "mallory"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ws := auditWorkspace(t)
			pypi := pypiWorld(t, owned("horizon", tc.roles...))
			b := runJob(t, loadRepoConfig(t), ws, "pypiguard-audit", "periodic", map[string]any{"pypiguard_pypi_url": pypi.URL})
			if b.preRC != 0 || (b.runRC == 0) != tc.passes || slices.ContainsFunc(b.postRCs, func(rc int) bool { return rc != 0 }) {
				t.Fatalf("pre %d, run %d, post %v: want the run to pass: %v\n%s", b.preRC, b.runRC, b.postRCs, tc.passes, b.log)
			}
			if !tc.passes && !strings.Contains(b.log, "pypiguard audit found violations") {
				t.Errorf("the job's log does not say why it failed:\n%s", b.log)
			}
			z := zuulData(t, b)
			want := []string{"pypiguard audit=pypiguard/report.html", "pypiguard audit (Markdown)=pypiguard/report.md", "pypiguard audit (JSON)=pypiguard/report.json"}
			var got []string
			for _, a := range z.Artifacts {
				got = append(got, a.Name+"="+a.URL)
			}
			if !slices.Equal(got, want) {
				t.Errorf("artifacts %q, want %q", got, want)
			}
			for _, f := range []string{"report.html", "report.md", "report.json"} {
				if _, err := os.Stat(filepath.Join(ws.logRoot, "pypiguard", f)); err != nil {
					t.Errorf("not published under the log root: %v", err)
				}
			}
		})
	}
}

// TestCheckJobNamesFromGerrit: Zuul checks out only the required projects,
// so a new repo's name comes from its setup.cfg on Gerrit, read anonymously;
// when Gerrit cannot be read, the warnings say which name was guessed.
func TestCheckJobNamesFromGerrit(t *testing.T) {
	t.Parallel()
	kettle := fixture.NewRepo(t)
	kettle.Commit("setup.cfg", map[string][]byte{"setup.cfg": []byte("[metadata]\nname = openstack-kettle\n")})
	g := fakegerrit.New(fakegerrit.Options{})
	t.Cleanup(g.Close)
	g.AddProject("openstack/kettle", kettle.Dir)
	pypi := pypiWorld(t, owned("openstack-kettle", "Owner", "openstackci", "Maintainer", "mallory"))
	head := addDeliverables("kettle")

	ws := newWorkspace(t, governanceChange(head))
	b := runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "check", map[string]any{"pypiguard_pypi_url": pypi.URL, "pypiguard_gerrit_url": g.URL})
	z := zuulData(t, b)
	cs := z.FileComments["reference/projects.yaml"]
	if b.runRC == 0 || len(cs) != 1 || !strings.Contains(cs[0].Message, "openstack-kettle (repo openstack/kettle): extra-maintainers") {
		t.Errorf("run %d: want a comment on openstack-kettle, the name setup.cfg declares: %+v\n%s", b.runRC, z, b.log)
	}

	ws = newWorkspace(t, governanceChange(head))
	b = runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "check", map[string]any{"pypiguard_pypi_url": pypi.URL, "pypiguard_gerrit_url": "http://127.0.0.1:1"})
	z = zuulData(t, b)
	if b.runRC == 0 || len(z.Warnings) != 1 || !strings.Contains(z.Warnings[0], "pypiguard: unverified: kettle (guessed, repo openstack/kettle") ||
		!strings.Contains(z.Warnings[0], "the real name may differ") {
		t.Errorf("run %d: Gerrit down: want a warning naming the guessed name: %q\n%s", b.runRC, z.Warnings, b.log)
	}
}

// TestCheckJobGerritSecret: when the deployment gives the pypiguard_gerrit
// secret, the check asks Gerrit signed in as that account (the core groups'
// members are only readable so), and the password shows in no log.
func TestCheckJobGerritSecret(t *testing.T) {
	t.Parallel()
	const password = "zuul-secret-pw-123"
	g := fakegerrit.New(fakegerrit.Options{})
	t.Cleanup(g.Close)
	g.AddAccount(fakegerrit.Account{Username: "pypiguard-ro", Password: password, ID: 7})
	pypi := pypiWorld(t, owned("XStatic-tv4", "Owner", "openstackci", "Maintainer", "mallory"))
	ws := newWorkspace(t, governanceChange(addDeliverables("xstatic-tv4")))
	b := runJob(t, loadRepoConfig(t), ws, "pypiguard-check", "check", map[string]any{"pypiguard_pypi_url": pypi.URL, "pypiguard_gerrit_url": g.URL,
		"pypiguard_gerrit": map[string]any{"username": "pypiguard-ro", "password": password}})
	signedIn := 0
	for _, rq := range g.Requests() {
		if rq.Account == "pypiguard-ro" {
			signedIn++
		}
	}
	if b.runRC == 0 || signedIn == 0 {
		t.Errorf("run %d, %d requests signed in: want the check to fail, asking Gerrit as pypiguard-ro\n%s", b.runRC, signedIn, b.log)
	}
	if strings.Contains(b.log, password) {
		t.Errorf("the job's log shows the password:\n%s", b.log)
	}
	z := zuulData(t, b)
	if cs := z.FileComments["reference/projects.yaml"]; len(cs) != 1 || !strings.Contains(cs[0].Message, "Who: mallory (Maintainer): unknown") {
		t.Errorf("want the stranger named in the comment: %+v", z.FileComments)
	}
}
