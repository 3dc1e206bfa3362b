package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/testing/zuuljobs"
)

// zuulReturn is the zuul_return data as the tests read it.
type zuulReturn struct {
	Zuul struct {
		FileComments map[string][]struct {
			Line    int    `json:"line"`
			Message string `json:"message"`
			Level   string `json:"level"`
		} `json:"file_comments"`
		Warnings  []string `json:"warnings"`
		Artifacts []struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"artifacts"`
	} `json:"zuul"`
}

// runZuulCheck runs check as the Zuul job does and reads back the
// zuul_return file, checked against Zuul's schemas.
func runZuulCheck(t *testing.T, dir string, pypi *fakepypi.Server, wantCode int, extra ...string) (zuulReturn, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "zuul-return.json")
	args := append([]string{"check", "--kind", "governance", "--pypi-url", pypi.URL, "--pypi-retries", "1", "--log-level", "error", "--zuul-return", out}, extra...)
	res := fixture.Run(t, dir, nil, args...)
	if res.Code != wantCode {
		t.Fatalf("exit %d, want %d\n%s", res.Code, wantCode, res.Stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no zuul_return file on exit %d: %v", res.Code, err)
	}
	if err := zuuljobs.ValidateReturn(data); err != nil {
		t.Fatalf("Zuul would refuse the zuul_return file:\n%v\n%s", err, data)
	}
	var z zuulReturn
	if err := json.Unmarshal(data, &z); err != nil {
		t.Fatal(err)
	}
	return z, string(data)
}

func TestZuulReturnDirty(t *testing.T) {
	t.Parallel()
	head := addDeliverable("xstatic-tv4", "")
	repo := governanceRepo(t, checkBase, head)
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "mallory")), fakepypi.Options{})
	defer pypi.Close()
	z, _ := runZuulCheck(t, repo.Dir, pypi, 1)
	cs := z.Zuul.FileComments["reference/projects.yaml"]
	if len(z.Zuul.FileComments) != 1 || len(cs) != 1 {
		t.Fatalf("want one comment on reference/projects.yaml: %+v", z.Zuul.FileComments)
	}
	if cs[0].Line != lineOf(head, "    xstatic-tv4:") || cs[0].Level != "error" {
		t.Errorf("comment at line %d (%s), want %d", cs[0].Line, cs[0].Level, lineOf(head, "    xstatic-tv4:"))
	}
	want := `pypiguard: new-deliverable xstatic-tv4 (team horizon): 1 PyPI project fails the policy.

xstatic-tv4 (guessed, repo openstack/xstatic-tv4): extra-maintainers (high)
Listed on PyPI: openstackci (Owner), mallory (Maintainer)
Why: `
	if !strings.HasPrefix(cs[0].Message, want) || !strings.Contains(cs[0].Message, "\nFix: Remove mallory at https://pypi.org/manage/project/xstatic-tv4/collaboration/") {
		t.Errorf("comment:\n%s", cs[0].Message)
	}
	if len(z.Zuul.Warnings) != 0 {
		t.Errorf("warnings: %q", z.Zuul.Warnings)
	}
}

func TestZuulReturnClean(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci")), fakepypi.Options{})
	defer pypi.Close()
	_, data := runZuulCheck(t, repo.Dir, pypi, 0)
	want := `{
  "zuul": {
    "file_comments": {},
    "warnings": [],
    "artifacts": [
      {
        "name": "pypiguard report",
        "url": "pypiguard/report.md"
      },
      {
        "name": "pypiguard report (JSON)",
        "url": "pypiguard/report.json"
      }
    ]
  }
}
`
	if data != want {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
}

func TestZuulReturnPending(t *testing.T) {
	t.Parallel()
	head := addDeliverable("xstatic-tv4", "")
	repo := governanceRepo(t, checkBase, head)
	pypi := fakepypi.New(world(), fakepypi.Options{})
	defer pypi.Close()
	z, _ := runZuulCheck(t, repo.Dir, pypi, 0)
	want := []string{"pypiguard: pending: xstatic-tv4 (guessed, repo openstack/xstatic-tv4, reference/projects.yaml:" + strconv.Itoa(lineOf(head, "    xstatic-tv4:")) +
		"): xstatic-tv4 does not exist on PyPI yet; the first release, uploaded by openstackci, will create it with openstackci as its Owner."}
	if len(z.Zuul.FileComments) != 0 || !reflect.DeepEqual(z.Zuul.Warnings, want) {
		t.Errorf("got %+v\nwant warnings %q", z.Zuul, want)
	}
}

// TestZuulReturnUnverified: PyPI down is exit 3, and the file is written
// all the same, with a warning rather than a comment.
func TestZuulReturnUnverified(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "stranger")), fakepypi.Options{})
	defer pypi.Close()
	failAll(pypi, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	z, _ := runZuulCheck(t, repo.Dir, pypi, 3)
	w := z.Zuul.Warnings
	if len(z.Zuul.FileComments) != 0 || len(w) != 1 || !strings.HasPrefix(w[0], "pypiguard: unverified: xstatic-tv4 (guessed, repo openstack/xstatic-tv4, reference/projects.yaml:") || !strings.Contains(w[0], "503") {
		t.Errorf("%+v", z.Zuul)
	}
}

// TestZuulReports: --zuul-report-dir writes the reports the artifacts link
// to, under --zuul-report-url, on a failing check too.
func TestZuulReports(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(owned("xstatic-tv4", "Owner", "openstackci", "Maintainer", "mallory")), fakepypi.Options{})
	defer pypi.Close()
	logs := filepath.Join(t.TempDir(), "zuul-output", "logs", "pypiguard")
	z, _ := runZuulCheck(t, repo.Dir, pypi, 1, "--zuul-report-dir", logs, "--zuul-report-url", "https://logs.example.org/0a1/pypiguard")
	if a := z.Zuul.Artifacts; len(a) != 2 || a[0].URL != "https://logs.example.org/0a1/pypiguard/report.md" || a[1].URL != "https://logs.example.org/0a1/pypiguard/report.json" {
		t.Errorf("artifacts: %+v", a)
	}
	md, err := os.ReadFile(filepath.Join(logs, "report.md"))
	if err != nil || !strings.HasPrefix(string(md), "# pypiguard check: FAIL") {
		t.Errorf("report.md: %v\n%s", err, md)
	}
	var r struct{ Verdict string }
	data, err := os.ReadFile(filepath.Join(logs, "report.json"))
	if err != nil || json.Unmarshal(data, &r) != nil || r.Verdict != "fail" {
		t.Errorf("report.json: %v, verdict %q", err, r.Verdict)
	}
	z, _ = runZuulCheck(t, repo.Dir, pypi, 1, "--zuul-report-url", "")
	if len(z.Zuul.Artifacts) != 0 {
		t.Errorf("--zuul-report-url '' still lists %+v", z.Zuul.Artifacts)
	}
}
