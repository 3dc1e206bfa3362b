package guard

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// The assembly after the look-ups is pure: these tests give it what the
// look-ups would have found, with no fake PyPI, Gerrit or git.

var (
	ownerRole = pypi.Role{Role: "Owner", User: "openstackci"}
	bobRole   = pypi.Role{Role: "Maintainer", User: "bob"}
)

func judgedRepo(repo, team string, s report.Status, sev report.Severity, roles ...pypi.Role) judged {
	j := judged{target: target{repo: repo, team: team, file: "reference/projects.yaml", line: 3},
		name: names.Resolved{Repo: repo, Name: repo[len("openstack/"):], Source: names.FromSetupCfg}, verdict: policy.Verdict{Status: s, Severity: sev}}
	if roles != nil {
		j.own = &pypi.Ownership{Exists: s != report.Pending, Roles: roles}
	}
	for _, r := range roles {
		if r.User != "openstackci" {
			j.verdict.Extra = append(j.verdict.Extra, r.User)
		}
	}
	return j
}

func TestAssembleCheck(t *testing.T) {
	t.Parallel()
	core := []identity.Result{{User: "bob", Identity: identity.Core, Evidence: "Gerrit user bob (nova-core)"}}
	stranger := []identity.Result{{User: "bob", Identity: identity.Unknown}}
	unverified := judgedRepo("openstack/u", "nova", report.StatusUnverified, report.Info)
	for _, tc := range []struct {
		name     string
		judged   []judged
		verdict  report.Verdict
		severity []report.Severity
		accounts int
	}{
		{"nothing to judge passes", nil, report.Pass, nil, 0},
		{"clean passes", []judged{judgedRepo("openstack/a", "nova", report.Clean, report.Info, ownerRole)}, report.Pass, []report.Severity{report.Info}, 0},
		{"unverified is never clean", []judged{judgedRepo("openstack/a", "nova", report.Clean, report.Info, ownerRole), unverified},
			report.Unverified, []report.Severity{report.Info, report.Info}, 0},
		{"an extra account fails, high when nobody asked who", []judged{judgedRepo("openstack/a", "nova", report.ExtraMaintainers, report.High, ownerRole, bobRole)},
			report.Fail, []report.Severity{report.High}, 0},
		{"a proven core makes it a policy question", []judged{withWho(judgedRepo("openstack/a", "nova", report.ExtraMaintainers, report.High, ownerRole, bobRole), core)},
			report.Fail, []report.Severity{report.Medium}, 1},
		{"a stranger makes it critical", []judged{withWho(judgedRepo("openstack/a", "nova", report.ExtraMaintainers, report.High, ownerRole, bobRole), stranger), unverified},
			report.Fail, []report.Severity{report.Critical, report.Info}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &report.Report{}
			assemble(assembly{policy: policy.Default(), judged: tc.judged}, r)
			if r.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s", r.Verdict, tc.verdict)
			}
			var sevs []report.Severity
			accounts := 0
			for _, f := range r.Findings {
				sevs = append(sevs, f.Severity)
				accounts += len(f.Accounts)
				if f.Roles == nil || f.ExtraAccounts == nil {
					t.Errorf("%s: roles and extra accounts are [] when known, never null", f.Repo)
				}
			}
			if !reflect.DeepEqual(sevs, tc.severity) || accounts != tc.accounts {
				t.Errorf("severities %v with %d accounts, want %v with %d", sevs, accounts, tc.severity, tc.accounts)
			}
			if r.Summary == nil || r.Summary.Findings != len(tc.judged) || r.Orphans != nil || r.History != nil || r.Releases != nil {
				t.Errorf("a check has findings and a summary only: %+v", r)
			}
		})
	}
}

func withWho(j judged, who []identity.Result) judged { j.who = who; return j }

func TestAssembleAudit(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	pol := policy.Default()
	pol.Exceptions = []policy.Exception{{Package: "nobody-uses-me", Expires: today.AddDate(1, 0, 0), Line: 9}}
	retired := func(j judged) judged { j.retired = true; return j }
	notApplicable := judgedRepo("openstack/docs-only", "nova", report.NotApplicable, report.Info)
	notApplicable.releaseManagement = "none"
	pc := &projectconfig.Config{Projects: []*projectconfig.Project{{Name: "x/outside"}}}
	owned := []ownedJudged{
		{pkg: pypi.Package{Name: "docs-only", Role: "Owner"}, verdict: policy.Verdict{Status: report.Clean}, own: &pypi.Ownership{Exists: true, Roles: []pypi.Role{ownerRole}}, governed: notApplicable},
		{pkg: pypi.Package{Name: "outside", Role: "Owner"}, verdict: policy.Verdict{Status: report.ExtraMaintainers, Extra: []string{"bob"}},
			own: &pypi.Ownership{Exists: true, Roles: []pypi.Role{ownerRole, bobRole}}, who: []identity.Result{{User: "bob", Identity: identity.Unknown}}},
		{pkg: pypi.Package{Name: "lost", Role: "Maintainer"}, verdict: policy.Verdict{Status: report.Clean}},
	}
	base := &report.Report{GeneratedAt: today.AddDate(0, 0, -7), Findings: []report.Finding{
		{Repo: "openstack/a", Package: "a", Status: report.ExtraMaintainers, Roles: []report.Role{{Role: "Owner", User: "openstackci"}, {Role: "Maintainer", User: "bob"}}},
		{Repo: "openstack/gone", Package: "gone", Status: report.ExtraMaintainers},
	}}
	for _, tc := range []struct {
		name    string
		a       assembly
		verdict report.Verdict
		repos   []string
		check   func(t *testing.T, r *report.Report)
	}{
		{
			name: "retired repos are kept only when their package exists",
			a: assembly{judged: []judged{
				judgedRepo("openstack/a", "nova", report.Clean, report.Info, ownerRole),
				retired(judgedRepo("openstack/old", "nova", report.Pending, report.Info)),
				retired(judgedRepo("openstack/old-docs", "nova", report.NotApplicable, report.Info)),
				retired(judgedRepo("openstack/old-lib", "nova", report.Clean, report.Info, ownerRole)),
			}},
			verdict: report.Pass, repos: []string{"openstack/a", "openstack/old-lib"},
			check: func(t *testing.T, r *report.Report) {
				if !reflect.DeepEqual(r.Audit.Absent, []string{"old"}) {
					t.Errorf("absent %v: the next audit needs the retired package PyPI lacks", r.Audit.Absent)
				}
			},
		},
		{
			name: "orphans say which governed repo maps to them, or which outside repo",
			a:    assembly{judged: []judged{notApplicable}, reverse: &report.Reverse{Owner: "openstackci", Packages: 3, Orphans: 3}, owned: owned},
			// Orphans are for information: they never fail the run.
			verdict: report.Pass, repos: []string{"openstack/docs-only"},
			check: func(t *testing.T, r *report.Report) {
				if len(r.Orphans) != 3 || r.Reverse.Unjudged != 1 {
					t.Fatalf("orphans %+v, unjudged %d: want 3, 1 governed", r.Orphans, r.Reverse.Unjudged)
				}
				o := r.Orphans
				if o[0].Governed != "openstack/docs-only" || !contains(o[0].Message, "is not judged by the audit: it does not publish to PyPI (its deliverable has release-management: none") {
					t.Errorf("governed orphan: %+v", o[0])
				}
				if o[1].Repo != "x/outside" || !contains(o[1].Message, "project-config lists x/outside, outside the governed namespaces") ||
					len(o[1].Accounts) != 1 || o[1].Accounts[0].Identity != "unknown" || !reflect.DeepEqual(o[1].ExtraAccounts, []string{"bob"}) {
					t.Errorf("outside orphan: %+v", o[1])
				}
				if o[2].Governed != "" || o[2].Repo != "" || !contains(o[2].Message, "openstackci holds the Maintainer role on lost, but no governed repo maps to it") || o[2].Roles == nil {
					t.Errorf("unmapped orphan: %+v", o[2])
				}
			},
		},
		{
			name:    "the owner's projects not listed is unverified, never a pass",
			a:       assembly{judged: []judged{judgedRepo("openstack/a", "nova", report.Clean, report.Info, ownerRole)}, reverse: &report.Reverse{Owner: "openstackci", Error: "XML-RPC down"}},
			verdict: report.Unverified, repos: []string{"openstack/a"},
		},
		{
			name: "an unused exception and history against the baseline",
			a: assembly{judged: []judged{judgedRepo("openstack/a", "nova", report.ExtraMaintainers, report.High, ownerRole, bobRole),
				judgedRepo("openstack/b", "nova", report.ExtraMaintainers, report.High, ownerRole, bobRole)}, baseline: base},
			verdict: report.Fail, repos: []string{"openstack/a", "openstack/b"},
			check: func(t *testing.T, r *report.Report) {
				if len(r.Exceptions) != 1 || r.Exceptions[0].State != "unused" {
					t.Errorf("exceptions %+v: want nobody-uses-me unused", r.Exceptions)
				}
				h := r.History
				if h == nil || h.New != 1 || h.Unchanged != 1 || len(h.Resolved) != 1 || h.Resolved[0].Repo != "openstack/gone" {
					t.Errorf("history %+v: want b new, a unchanged, gone resolved", h)
				}
				if r.Findings[0].Change != "unchanged" || r.Findings[1].Change != "new" {
					t.Errorf("changes %q, %q", r.Findings[0].Change, r.Findings[1].Change)
				}
			},
		},
		{
			name:    "no openstack/releases: said, and the comparison not made",
			a:       assembly{judged: []judged{judgedRepo("openstack/a", "nova", report.Clean, report.Info, ownerRole)}, releases: ReleasesInput{Why: "no checkout"}},
			verdict: report.Pass, repos: []string{"openstack/a"},
			check: func(t *testing.T, r *report.Report) {
				if r.Releases == nil || r.Releases.Made || r.Releases.Why != "no checkout" {
					t.Errorf("releases %+v", r.Releases)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a
			a.policy, a.audit, a.today, a.publishing, a.carry = pol, true, today, pc, newCarrier(nil, nil)
			r := &report.Report{Audit: &report.AuditRun{}}
			assemble(a, r)
			if r.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s", r.Verdict, tc.verdict)
			}
			var repos []string
			for _, f := range r.Findings {
				repos = append(repos, f.Repo)
			}
			if !reflect.DeepEqual(repos, tc.repos) {
				t.Errorf("findings %v, want %v", repos, tc.repos)
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
