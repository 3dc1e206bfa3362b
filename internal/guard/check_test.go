package guard_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// The collectors of a check as plain values: guard is the orchestrator,
// and takes them through its small interfaces, so a check runs with no
// server, no git and no checkout.

type change changes.Change

func (c *change) ReadChange(context.Context) (*changes.Change, error) {
	cc := changes.Change(*c)
	return &cc, nil
}

type basenames struct{}

func (basenames) Resolve(_ context.Context, repo, _ string) (names.Resolved, error) {
	return names.Resolved{Repo: repo, Name: naming.RepoBase(repo), Source: names.FromBasename, Guessed: true}, nil
}

func (b basenames) ResolveRelease(ctx context.Context, repo, del string, _ names.Release) (names.Resolved, error) {
	return b.Resolve(ctx, repo, del)
}

// pypiAnswers answers from a map of roles; a name it lacks is not on PyPI.
type pypiAnswers struct {
	roles map[string][]pypi.Role
	asked []string
}

func (p *pypiAnswers) Lookup(_ context.Context, ns []string) []pypi.Result {
	out := make([]pypi.Result, len(ns))
	for i, n := range ns {
		p.asked = append(p.asked, n)
		rs, ok := p.roles[n]
		out[i] = pypi.Result{Name: n, Ownership: &pypi.Ownership{Name: n, Exists: ok, Roles: rs}}
	}
	return out
}

func (p *pypiAnswers) UserPackages(context.Context, string) ([]pypi.Package, error) {
	return nil, errors.New("not asked by a check")
}

const projectsBase = `nova:
  ptl:
    name: A
  deliverables:
    nova:
      repos:
        - openstack/nova
`

func TestCheckThroughItsCollectors(t *testing.T) {
	t.Parallel()
	head := projectsBase + `    nova-tempest-plugin:
      repos:
        - openstack/nova-tempest-plugin
    osc-placement:
      repos:
        - openstack/osc-placement
    nova-specs:
      release-management: none
      repos:
        - openstack/nova-specs
`
	src := &change{BaseRev: "b", HeadRev: "h", Touched: map[string]bool{"reference/projects.yaml": true},
		Base: changes.Files{"reference/projects.yaml": []byte(projectsBase)},
		Head: changes.Files{"reference/projects.yaml": []byte(head)}}
	owner := pypi.Role{Role: "Owner", User: "openstackci"}
	ans := &pypiAnswers{roles: map[string][]pypi.Role{
		"nova-tempest-plugin": {owner},
		"osc-placement":       {owner, {Role: "Maintainer", User: "mallory"}},
	}}
	d := &guard.Deps{PyPI: ans, Names: basenames{}, Policy: policy.Default(), Loader: guard.Parsed{},
		Kind: mustKind(t, "governance"), Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Started: time.Unix(0, 0).UTC()}
	r, err := guard.Check(context.Background(), d, src)
	if err != nil {
		t.Fatal(err)
	}
	if r.Mode != "check" || r.Repository != "governance" || r.Base != "b" || r.Head != "h" || r.Owner != "openstackci" {
		t.Errorf("report header %q %q %q %q %q", r.Mode, r.Repository, r.Base, r.Head, r.Owner)
	}
	got := map[string]report.Status{}
	for _, f := range r.Findings {
		got[f.Repo] = f.Status
	}
	want := map[string]report.Status{"openstack/nova-tempest-plugin": report.Clean, "openstack/osc-placement": report.ExtraMaintainers,
		"openstack/nova-specs": report.NotApplicable}
	if len(got) != len(want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	for repo, s := range want {
		if got[repo] != s {
			t.Errorf("%s: %s, want %s", repo, got[repo], s)
		}
	}
	if r.Verdict != report.Fail || r.Summary.Findings != 3 {
		t.Errorf("verdict %s, summary %+v: want a fail on three findings", r.Verdict, r.Summary)
	}
	// Only the repos the change adds that publish are asked about; nova,
	// untouched, and nova-specs, which publishes nothing, are not.
	slices.Sort(ans.asked)
	if want := []string{"nova-tempest-plugin", "osc-placement"}; !slices.Equal(ans.asked, want) {
		t.Errorf("asked PyPI about %v, want %v", ans.asked, want)
	}
}

// A project-config the loader cannot read fails the check before PyPI is
// asked: nothing unverified is called clean.
func TestCheckLoaderFails(t *testing.T) {
	t.Parallel()
	src := &change{Base: changes.Files{"reference/projects.yaml": []byte(projectsBase)}, Head: changes.Files{"reference/projects.yaml": []byte(projectsBase)}}
	ans := &pypiAnswers{}
	d := &guard.Deps{PyPI: ans, Names: basenames{}, Policy: policy.Default(), Loader: brokenLoader{}, Kind: mustKind(t, "governance")}
	if _, err := guard.Check(context.Background(), d, src); err == nil || len(ans.asked) > 0 {
		t.Errorf("err %v after asking %v: want the loader's error and no question", err, ans.asked)
	}
}

type brokenLoader struct{ guard.Parsed }

func (brokenLoader) ProjectConfig(context.Context) (*projectconfig.Config, error) {
	return nil, errors.New("--project-config: no such directory")
}

func mustKind(t *testing.T, s string) changes.RepoKind {
	t.Helper()
	k, err := changes.ParseKind(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
