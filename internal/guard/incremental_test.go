package guard_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// scene is the audit golden world (testdata/audit) on a fake PyPI, whose
// files and projects a case changes between a baseline and the audits
// compared.
type scene struct {
	pypi     *fakepypi.Server
	gov, pc  map[string][]byte
	pol      *policy.Policy
	pageSize int
}

var day0 = time.Date(2026, 12, 20, 6, 0, 0, 0, time.UTC)

func newScene(t *testing.T, pageSize int) *scene {
	t.Helper()
	td := filepath.Join(fixture.ModuleRoot(t), "testdata", "audit")
	w, err := fakepypi.LoadWorld(filepath.Join(td, "world.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Names the cases create or change before the baseline: a project
	// whose repo is not governed yet, one whose repo does not publish yet.
	w.Projects = append(w.Projects,
		fakepypi.Project{Name: "brand-new", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}},
		fakepypi.Project{Name: "horizon-specs", Roles: [][]string{{"Owner", "openstackci"}, {"Owner", "eve"}}})
	s := &scene{pypi: fakepypi.New(w, fakepypi.Options{JournalPageSize: pageSize}), pageSize: pageSize}
	t.Cleanup(s.pypi.Close)
	s.gov = fixture.ReadTree(t, filepath.Join(td, "governance"))
	s.pc = fixture.ReadTree(t, filepath.Join(td, "project-config"))
	if s.pol, err = policy.Load(filepath.Join(td, "policy.yaml")); err != nil {
		t.Fatal(err)
	}
	return s
}

// audit runs an audit of the scene as it is now.
func (s *scene) audit(t *testing.T, base *report.Report, full bool, now time.Time) *report.Report {
	t.Helper()
	g, err := governance.Parse(s.gov, nil)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := projectconfig.Parse(s.pc, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A client per audit, as per run: a client keeps its answers.
	client, err := pypi.New(pypi.Options{BaseURL: s.pypi.URL, XMLRPCRate: 1000, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	d := &guard.Deps{PyPI: client, Names: &names.Resolver{Overrides: s.pol.Names}, Policy: s.pol, Today: now,
		Loader: guard.Parsed{Gov: g, Config: pc}, Started: now}
	in := guard.AuditInput{Baseline: base, Reverse: true,
		Incremental: guard.Incremental{Journal: client, Full: full, Now: now}}
	r, err := guard.Audit(context.Background(), d, in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// edit replaces old by new in a governed file.
func edit(t *testing.T, files map[string][]byte, path, old, new string) {
	t.Helper()
	s := string(files[path])
	if !strings.Contains(s, old) {
		t.Fatalf("%s holds no %q", path, old)
	}
	files[path] = []byte(strings.Replace(s, old, new, 1))
}

func roles(rs ...string) [][]string {
	var out [][]string
	for i := 0; i+1 < len(rs); i += 2 {
		out = append(out, []string{rs[i], rs[i+1]})
	}
	return out
}

// changeCases are every kind of change the journal records, and changes
// to governance and project-config; changed names what the case changes,
// whose finding must differ from the baseline's (empty: nothing that
// changes a verdict).
var changeCases = []struct {
	name    string
	change  func(t *testing.T, s *scene)
	changed string
}{
	{"role added", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "horizon", Roles: roles("Owner", "openstackci", "Maintainer", "mallory")})
	}, "horizon"},
	{"role removed", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "ironic-python-agent", Roles: roles("Owner", "openstackci")})
	}, "ironic-python-agent"},
	{"role promoted", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "networking-baremetal", Roles: roles("Owner", "former-ptl", "Owner", "openstackci")})
	}, "networking-baremetal"},
	{"role demoted", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "python-ironicclient", Roles: roles("Maintainer", "openstackci")})
	}, "python-ironicclient"},
	{"invited, not accepted", func(t *testing.T, s *scene) {
		if err := s.pypi.Invite("python-ironicclient", "Maintainer", "eve"); err != nil {
			t.Fatal(err)
		}
	}, ""},
	{"invitation accepted", func(t *testing.T, s *scene) {
		if err := s.pypi.Invite("python-ironicclient", "Owner", "eve"); err != nil {
			t.Fatal(err)
		}
		if err := s.pypi.AcceptInvite("python-ironicclient", "eve"); err != nil {
			t.Fatal(err)
		}
	}, "python-ironicclient"},
	{"new release", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "horizon", Roles: roles("Owner", "openstackci"), Version: "2.0.0"})
	}, ""},
	{"new file", func(t *testing.T, s *scene) {
		s.pypi.AddJournalEntry("horizon", "1.0.0", "add py3 file horizon-1.0.0-py3-none-any.whl")
	}, ""},
	{"project removed", func(t *testing.T, s *scene) {
		s.pypi.RemoveProject("python-ironicclient")
	}, "python-ironicclient"},
	{"project created", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "xstatic-tv4", Roles: roles("Owner", "mallory")})
	}, "xstatic-tv4"},
	{"retired project created", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "tripleo-ui", Roles: roles("Owner", "openstackci", "Owner", "mallory")})
	}, "tripleo-ui"},
	{"orphan's roles changed", func(t *testing.T, s *scene) {
		s.pypi.SetProject(fakepypi.Project{Name: "stackalytics", Roles: roles("Owner", "openstackci")})
	}, ""},
	{"governance: repo added", func(t *testing.T, s *scene) {
		edit(t, s.gov, governance.ProjectsFile, "        - openstack/horizon\n", "        - openstack/horizon\n        - openstack/brand-new\n")
	}, "brand-new"},
	{"governance: repo moved", func(t *testing.T, s *scene) {
		edit(t, s.gov, governance.ProjectsFile, "        - openstack/python-ironicclient\n", "")
		edit(t, s.gov, governance.ProjectsFile, "        - openstack/horizon\n", "        - openstack/horizon\n        - openstack/python-ironicclient\n")
	}, ""},
	{"project-config: starts publishing", func(t *testing.T, s *scene) {
		edit(t, s.pc, projectconfig.ZuulFile, "- project:\n    name: openstack/horizon\n", "- project:\n    name: openstack/horizon-specs\n    templates:\n      - publish-to-pypi\n- project:\n    name: openstack/horizon\n")
	}, "horizon-specs"},
	{"project-config: stops publishing", func(t *testing.T, s *scene) {
		edit(t, s.pc, projectconfig.ZuulFile, "    name: openstack/pymod2pkg\n    templates:\n      - publish-to-pypi\n", "    name: openstack/pymod2pkg\n")
	}, "pymod2pkg"},
}

// TestIncrementalEqualsFull proves the incremental audit: for every kind of
// change, an incremental audit from the baseline and a full audit of the
// same changed world give the same report, carried markers aside; and the
// incremental one asks only a few names.
func TestIncrementalEqualsFull(t *testing.T) {
	t.Parallel()
	for _, tc := range changeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newScene(t, 7) // pages of 7: every case reads several
			base := s.audit(t, nil, false, day0)
			s.pypi.Churn(30)
			tc.change(t, s)
			s.pypi.Churn(30)
			now := day0.Add(24 * time.Hour)
			inc := s.audit(t, base, false, now)
			full := s.audit(t, base, true, now)
			if inc.Audit.Mode != report.AuditIncremental || full.Audit.Mode != report.AuditFull || full.Audit.FullReason != "--full was given" {
				t.Fatalf("modes %+v and %+v", inc.Audit, full.Audit)
			}
			if got, want := comparable(t, inc), comparable(t, full); got != want {
				t.Errorf("incremental and full audits differ:\nincremental %s\nfull        %s", got, want)
			}
			checkAsked(t, base, inc, full, tc.changed)
		})
	}
}

// checkAsked: the change shows, the incremental audit asked a few names and
// carried the rest, marked with the baseline's time.
func checkAsked(t *testing.T, base, inc, full *report.Report, changed string) {
	t.Helper()
	if changed != "" && finding(base, changed) == finding(inc, changed) {
		t.Errorf("%s: the change does not show in the finding %s", changed, finding(inc, changed))
	}
	if inc.Audit.Asked > 2 || inc.Audit.Carried < 10 || full.Audit.Asked < 15 || inc.Audit.JournalPages < 9 {
		t.Errorf("incremental asked %d, carried %d, read %d pages; full asked %d", inc.Audit.Asked, inc.Audit.Carried, inc.Audit.JournalPages, full.Audit.Asked)
	}
	for _, f := range inc.Findings {
		if f.CarriedFrom != nil && !f.CarriedFrom.Equal(base.GeneratedAt) || f.CarriedFrom != nil && strings.EqualFold(f.Package, changed) {
			t.Errorf("%s carried from %v", f.Package, f.CarriedFrom)
		}
	}
}

// finding is the JSON of the finding about pkg, "" when none.
func finding(r *report.Report, pkg string) string {
	for _, f := range r.Findings {
		if strings.EqualFold(f.Package, pkg) {
			f.CarriedFrom, f.Change = nil, ""
			data, _ := json.Marshal(f)
			return string(data)
		}
	}
	return ""
}

// comparable is the report's JSON without how it was made.
func comparable(t *testing.T, r *report.Report) string {
	t.Helper()
	c := *r
	c.Audit = nil
	c.Findings = append([]report.Finding(nil), r.Findings...)
	for i := range c.Findings {
		c.Findings[i].CarriedFrom = nil
	}
	c.Orphans = append([]report.Orphan(nil), r.Orphans...)
	for i := range c.Orphans {
		c.Orphans[i].CarriedFrom = nil
	}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestIncrementalFallsBackToFull: an audit is full, and says why, when the
// last full audit is older than --max-age (an organization change, which
// the journal does not record, then shows), when the policy changed, when
// the baseline has no serial, and when the journal cannot be read whole.
func TestIncrementalFallsBackToFull(t *testing.T) {
	t.Parallel()
	s := newScene(t, 0)
	base := s.audit(t, nil, false, day0)
	if base.Audit.Serial != s.pypi.LastSerial() || base.Audit.Mode != report.AuditFull || base.Audit.FullReason != "" {
		t.Fatalf("baseline's audit %+v, want serial %d", base.Audit, s.pypi.LastSerial())
	}
	s.pypi.SetProject(fakepypi.Project{Name: "horizon", Roles: roles("Owner", "openstackci"), Organization: "evil"})
	// Within --max-age, the organization is not seen: the documented limit.
	soon := s.audit(t, base, false, day0.Add(6*24*time.Hour))
	if soon.Audit.Mode != report.AuditIncremental || !strings.Contains(finding(soon, "horizon"), `"clean"`) {
		t.Errorf("6 days on: %+v, horizon %s", soon.Audit, finding(soon, "horizon"))
	}
	// A chain of incremental audits keeps the first full audit's time.
	late := s.audit(t, soon, false, day0.Add(8*24*time.Hour))
	if late.Audit.Mode != report.AuditFull || !strings.Contains(late.Audit.FullReason, "older than --max-age 168h0m0s") ||
		!strings.Contains(finding(late, "horizon"), `"organization-owned"`) {
		t.Errorf("8 days on, from a 2-day-old incremental baseline: %+v, horizon %s", late.Audit, finding(late, "horizon"))
	}
	noSerial := *base
	noSerial.Audit = nil
	policyChanged := *base
	run := *base.Audit
	run.PolicyHash = "another"
	policyChanged.Audit = &run
	for _, c := range []struct {
		base *report.Report
		why  string
	}{
		{&noSerial, "the baseline records no PyPI journal serial"},
		{&policyChanged, "the policy changed since the baseline"},
	} {
		r := s.audit(t, c.base, false, day0.Add(time.Hour))
		if r.Audit.Mode != report.AuditFull || !strings.HasPrefix(r.Audit.FullReason, c.why) {
			t.Errorf("audit %+v, want full because %s", r.Audit, c.why)
		}
	}
	s.pypi.Fail(fakepypi.KindXMLRPC, 100, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 500})
	r := s.audit(t, base, false, day0.Add(time.Hour))
	if r.Audit.Mode != report.AuditFull || r.Audit.Serial != 0 || !strings.Contains(r.Audit.FullReason, "serial could not be asked") {
		t.Errorf("PyPI's XML-RPC failing: %+v", r.Audit)
	}
}

// TestIncrementalJournalIncomplete: a journal page PyPI will not give makes
// the audit full, saying so.
func TestIncrementalJournalIncomplete(t *testing.T) {
	t.Parallel()
	s := newScene(t, 5)
	base := s.audit(t, nil, false, day0)
	s.pypi.Churn(20)
	// The last serial answers; every journal page after it fails.
	s.pypi.Fail(fakepypi.KindXMLRPC, 1, fakepypi.Failure{Mode: fakepypi.FailSlow})
	s.pypi.Fail(fakepypi.KindXMLRPC, 100, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 500})
	r := s.audit(t, base, false, day0.Add(time.Hour))
	if r.Audit.Mode != report.AuditFull || !strings.Contains(r.Audit.FullReason, "could not be read whole") {
		t.Errorf("audit %+v", r.Audit)
	}
}
