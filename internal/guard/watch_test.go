package guard

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
)

// journal is a PyPI journal in memory: Watch's orchestration is tested
// without a server (the binary's watch tests run it against the fake).
type journal struct {
	held    []pypi.Package
	entries []pypi.JournalEntry
	asked   int64 // the serial ReadJournal was asked from
	err     error
}

func (j *journal) LastSerial(context.Context) (int64, error) { return 0, errors.New("not asked") }

func (j *journal) UserPackages(context.Context, string) ([]pypi.Package, error) { return j.held, j.err }

func (j *journal) ReadJournal(_ context.Context, since, _ int64, keep func(pypi.JournalEntry) bool) (*pypi.Journal, error) {
	j.asked = since
	out := &pypi.Journal{Since: since, Last: since}
	for _, e := range j.entries {
		if e.Serial > since {
			out.Last = max(out.Last, e.Serial)
			if keep(e) {
				out.Entries = append(out.Entries, e)
			}
		}
	}
	return out, nil
}

func TestWatch(t *testing.T) {
	t.Parallel()
	audit := &report.Report{Findings: []report.Finding{
		{Package: "ironic-python-agent", Status: report.Clean},
		{Package: "docs-only", Status: report.NotApplicable}, // publishes nothing: not watched
	}}
	j := &journal{held: []pypi.Package{{Name: "Oslo.Config", Role: "Owner"}}, entries: []pypi.JournalEntry{
		{Serial: 9, Name: "ironic-python-agent", Action: "add Maintainer old"}, // before the state's serial
		{Serial: 11, Name: "Ironic_Python_Agent", Action: "add Maintainer login.launchpad.net_154"},
		{Serial: 12, Name: "docs-only", Action: "add Maintainer eve"},
		{Serial: 13, Name: "oslo-config", Action: "remove Maintainer bob"},
		{Serial: 14, Name: "unrelated", Action: "add Owner mallory"},
	}}
	entries, last, err := Watch(context.Background(), j, "openstackci", audit, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if j.asked != 10 || last != 14 {
		t.Errorf("asked from %d and resumes at %d: want 10 and 14, the last serial read, kept or not", j.asked, last)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Package+" "+e.Why+" "+map[bool]string{true: "alert", false: "info"}[e.Alert])
	}
	want := []string{"Ironic_Python_Agent governed alert", "oslo-config held info"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
	j.err = errors.New("XML-RPC down")
	if _, _, err := Watch(context.Background(), j, "openstackci", audit, nil, 14); err == nil {
		t.Error("a poll that could not list the owner's packages succeeded: it must fail, and the state stay")
	}
}

// The watch reads openstack/releases as the audit does: a repo renamed
// since its releases were recorded is found through its deliverable, and
// a version nobody recorded is an alert.
func TestReleaseCheckReadsAsTheAudit(t *testing.T) {
	t.Parallel()
	ix, err := releases.NewIndex(map[string][]byte{
		"deliverables/zed/xstatic-tv4.yaml": []byte("releases:\n- version: 1.2.0\n  projects: [{repo: openstack/xstatic-tv4-old, hash: a}]\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	audit := &report.Report{Findings: []report.Finding{{Package: "XStatic-tv4", Repo: "openstack/xstatic-tv4", Deliverable: "xstatic-tv4", Status: report.Clean}}}
	rc := NewReleaseCheck(ix, audit)
	for _, tc := range []struct {
		pkg, version string
		want         bool
	}{
		{"xstatic-tv4", "1.2.0", false}, // recorded under the repo's old name: its deliverable says so
		{"xstatic-tv4", "1.3.0", true},  // never recorded: OpenStack never made it
		{"unknown", "9.9.9", false},     // no governed repo: not judged
	} {
		if got := rc.Unrecorded(tc.pkg, tc.version); got != tc.want {
			t.Errorf("Unrecorded(%s, %s) = %v, want %v", tc.pkg, tc.version, got, tc.want)
		}
	}
}
