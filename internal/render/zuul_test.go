package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/zuuljobs"
)

const projects = "reference/projects.yaml"

var (
	dirtyFinding = report.Finding{
		Repo: "openstack/xstatic-tv4", Deliverable: "xstatic-tv4", Team: "horizon", Package: "XStatic-tv4",
		Status: report.ExtraMaintainers, Severity: report.High,
		Roles:   []report.Role{{Role: "Owner", User: "openstackci"}, {Role: "Maintainer", User: "mallory"}},
		Message: "openstackci is Owner of XStatic-tv4, but mallory can also upload.\nThe rule: openstackci must be the only collaborator.",
		// A URL at the end of a sentence, as the policy writes them.
		Remediation: "Remove mallory at https://pypi.org/manage/project/xstatic-tv4/collaboration/.",
		File:        projects, Line: 9, Events: []string{"new-deliverable"},
	}
	pendingFinding = report.Finding{
		Repo: "openstack/horizon-foo", Deliverable: "horizon-foo", Team: "horizon", Package: "horizon-foo",
		Status: report.Pending, Severity: report.Info,
		Message:     "horizon-foo does not exist on PyPI yet; the first release, uploaded by openstackci, will create it with openstackci as its Owner.",
		Remediation: "nothing to do",
		File:        projects, Line: 14, Events: []string{"new-deliverable"},
	}
	unverifiedFinding = report.Finding{
		Repo: "openstack/kolla-x", Package: "kolla-x", Status: report.StatusUnverified, Severity: report.Info,
		Message: "kolla-x could not be asked about: PyPI answered 503.", Remediation: "Re-run later.",
		File: projects, Line: 20,
	}
	cleanFinding = report.Finding{Repo: "openstack/clean", Package: "clean", Status: report.Clean, Severity: report.Info,
		Roles: []report.Role{{Role: "Owner", User: "openstackci"}}, Message: "clean", File: projects, Line: 3}
)

func event(line int, deliverable string, repos ...string) report.Event {
	return report.Event{Kind: "new-deliverable", Team: "horizon", OwnerKind: "team", Deliverable: deliverable, Repos: repos, File: projects, Line: line}
}

// zuulJSON renders r and checks the result against Zuul's schemas before
// decoding it.
func zuulJSON(t *testing.T, r *report.Report, o ZuulOptions) ZuulData {
	t.Helper()
	var buf bytes.Buffer
	if err := Zuul(o)(&buf, r); err != nil {
		t.Fatal(err)
	}
	if err := zuuljobs.ValidateReturn(buf.Bytes()); err != nil {
		t.Fatalf("Zuul would refuse this:\n%v\n%s", err, buf.String())
	}
	var got ZuulReturn
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	return got.Zuul
}

func TestZuulDirtyChange(t *testing.T) {
	t.Parallel()
	r := &report.Report{
		Touched:  []string{projects},
		Events:   []report.Event{event(9, "xstatic-tv4", "openstack/xstatic-tv4"), event(14, "horizon-foo", "openstack/horizon-foo")},
		Findings: []report.Finding{dirtyFinding, pendingFinding},
	}
	got := zuulJSON(t, r, ZuulOptions{ReportURL: "pypiguard/"})
	want := ZuulData{
		FileComments: map[string][]FileComment{projects: {{Line: 9, Level: "error", Message: `pypiguard: new-deliverable xstatic-tv4 (team horizon): 1 PyPI project fails the policy.

XStatic-tv4 (repo openstack/xstatic-tv4): extra-maintainers (high)
Listed on PyPI: openstackci (Owner), mallory (Maintainer)
Why: openstackci is Owner of XStatic-tv4, but mallory can also upload. The rule: openstackci must be the only collaborator.
Fix: Remove mallory at https://pypi.org/manage/project/xstatic-tv4/collaboration/.`}}},
		Warnings: []string{"pypiguard: pending: horizon-foo (repo openstack/horizon-foo, reference/projects.yaml:14): horizon-foo does not exist on PyPI yet; the first release, uploaded by openstackci, will create it with openstackci as its Owner."},
		Artifacts: []Artifact{
			{Name: "pypiguard report", URL: "pypiguard/report.md"},
			{Name: "pypiguard report (JSON)", URL: "pypiguard/report.json"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%#v\nwant\n%#v", got, want)
	}
}

func TestZuulCleanChange(t *testing.T) {
	t.Parallel()
	r := &report.Report{Touched: []string{projects}, Events: []report.Event{event(3, "clean", "openstack/clean")}, Findings: []report.Finding{cleanFinding}}
	var buf bytes.Buffer
	if err := Zuul(ZuulOptions{ReportURL: "pypiguard"})(&buf, r); err != nil {
		t.Fatal(err)
	}
	// The shape stays the same whatever the verdict: empty, not absent.
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
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestZuulUnverified(t *testing.T) {
	t.Parallel()
	r := &report.Report{Touched: []string{projects}, Events: []report.Event{event(20, "", "openstack/kolla-x")}, Findings: []report.Finding{unverifiedFinding}}
	got := zuulJSON(t, r, ZuulOptions{})
	want := []string{"pypiguard: unverified: kolla-x (repo openstack/kolla-x, reference/projects.yaml:20): kolla-x could not be asked about: PyPI answered 503. Fix: Re-run later."}
	if len(got.FileComments) != 0 || !reflect.DeepEqual(got.Warnings, want) || len(got.Artifacts) != 0 {
		t.Errorf("an unverified package is a warning, not a comment; no --zuul-report-url, no artifact: %#v", got)
	}
}

// TestZuulOneCommentPerFailingEvent: an event bringing two failing repos
// gets one comment naming both; a repo two events bring is commented at
// both; events bringing nothing failing get none. Comments are in line
// order whatever the order of the events.
func TestZuulOneCommentPerFailingEvent(t *testing.T) {
	t.Parallel()
	second := dirtyFinding
	second.Repo, second.Package, second.Deliverable, second.Status, second.Severity = "openstack/xstatic-b", "xstatic-b", "pair", report.NotOwner, report.Critical
	second.Message = "openstackci has no role on xstatic-b."
	newRepo := report.Event{Kind: "new-repo", Team: "horizon", Repos: []string{"openstack/xstatic-b"}, File: projects, Line: 5}
	r := &report.Report{
		Touched: []string{projects},
		Events: []report.Event{
			event(30, "pair", "openstack/xstatic-tv4", "openstack/xstatic-b"),
			newRepo,
			event(3, "clean", "openstack/clean"),
		},
		Findings: []report.Finding{cleanFinding, dirtyFinding, second},
	}
	got := zuulJSON(t, r, ZuulOptions{}).FileComments[projects]
	if len(got) != 2 || got[0].Line != 5 || got[1].Line != 30 {
		t.Fatalf("want comments on lines 5 and 30, got %#v", got)
	}
	pair := got[1].Message
	if !strings.Contains(pair, "2 PyPI projects fail") || strings.Index(pair, "xstatic-b (repo") > strings.Index(pair, "XStatic-tv4 (repo") {
		t.Errorf("the pair's comment names both, worst first:\n%s", pair)
	}
	if strings.Contains(got[0].Message, "XStatic-tv4") || !strings.Contains(got[0].Message, "new-repo openstack/xstatic-b (team horizon)") {
		t.Errorf("the new-repo comment is about its own repo only:\n%s", got[0].Message)
	}
}

// TestZuulOnlyTouchedFiles: a comment can only sit on a file the change
// touches, at a line of its head; a failing package that gets no comment is
// still said, as a warning.
func TestZuulOnlyTouchedFiles(t *testing.T) {
	t.Parallel()
	elsewhere := event(9, "xstatic-tv4", "openstack/xstatic-tv4")
	elsewhere.File = "reference/legacy.yaml"
	for name, e := range map[string]report.Event{
		"untouched file": elsewhere,
		"line at base":   {Kind: "new-repo", Repos: []string{"openstack/xstatic-tv4"}, File: projects, Line: 9, AtBase: true},
		"no line":        {Kind: "new-repo", Repos: []string{"openstack/xstatic-tv4"}, File: projects},
	} {
		r := &report.Report{Touched: []string{projects}, Events: []report.Event{e}, Findings: []report.Finding{dirtyFinding}}
		got := zuulJSON(t, r, ZuulOptions{})
		if len(got.FileComments) != 0 || len(got.Warnings) != 1 ||
			!strings.HasPrefix(got.Warnings[0], "pypiguard: extra-maintainers: XStatic-tv4 (repo openstack/xstatic-tv4, reference/projects.yaml:9): ") ||
			!strings.HasSuffix(got.Warnings[0], "(no line of this change to comment on)") {
			t.Errorf("%s: %#v", name, got)
		}
	}
}

// TestZuulHostileText: a message cannot break a warning into several lines.
func TestZuulHostileText(t *testing.T) {
	t.Parallel()
	f := pendingFinding
	f.Message = "line one\nline two\r\n  spaced"
	got := zuulJSON(t, &report.Report{Findings: []report.Finding{f}}, ZuulOptions{})
	if len(got.Warnings) != 1 || strings.ContainsAny(got.Warnings[0], "\r\n") || !strings.HasSuffix(got.Warnings[0], ": line one line two spaced") {
		t.Errorf("%q", got.Warnings)
	}
}

// TestZuulCommentStaysUnderGerritsLimit: one deliverable of 60 failing
// repos once made a 38 KB comment; Gerrit refuses comments over 16 KiB and
// Zuul would lose the whole review. The comment stops in time and says how
// many more fail and where they are.
func TestZuulCommentStaysUnderGerritsLimit(t *testing.T) {
	t.Parallel()
	r := &report.Report{Verdict: report.Fail, Touched: []string{projects}}
	var repos []string
	for i := range 60 {
		f := dirtyFinding
		f.Repo = "openstack/xstatic-" + strings.Repeat("x", 40) + string(rune('a'+i%26)) + strings.Repeat("y", i)
		f.Package = f.Repo[len("openstack/"):]
		f.Message = strings.Repeat("openstackci is Owner, but mallory can also upload. ", 8)
		f.Remediation = strings.Repeat("Remove mallory at https://pypi.org/manage/project/x/collaboration/. ", 4)
		r.Findings = append(r.Findings, f)
		repos = append(repos, f.Repo)
	}
	r.Events = []report.Event{event(9, "xstatic-all", repos...)}
	d := zuulJSON(t, r, ZuulOptions{})
	cs := d.FileComments[projects]
	if len(cs) != 1 {
		t.Fatalf("%d comments, want 1", len(cs))
	}
	msg := cs[0].Message
	if len(msg) > 16<<10 || !strings.Contains(msg, "more failing PyPI projects: this comment stops short of Gerrit's size limit") {
		t.Errorf("a comment of %d bytes (the limit is %d), ending:\n%s", len(msg), 16<<10, msg[max(0, len(msg)-400):])
	}
	if n := strings.Count(msg, "Why: "); n < 5 {
		t.Errorf("only %d packages shown before the cut", n)
	}
	small := &report.Report{Verdict: report.Fail, Touched: []string{projects}, Findings: []report.Finding{dirtyFinding},
		Events: []report.Event{event(9, "xstatic-tv4", dirtyFinding.Repo)}}
	if msg := zuulJSON(t, small, ZuulOptions{}).FileComments[projects][0].Message; strings.Contains(msg, "more failing") {
		t.Errorf("a short comment is cut:\n%s", msg)
	}
}
