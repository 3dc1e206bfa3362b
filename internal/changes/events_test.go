package changes_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// The base governance tree every case edits.
const (
	projectsYAML = `---
nova:
  ptl:
    name: Alice
    irc: alice
  liaisons:
    release:
      - name: Bob
  deliverables:
    nova:
      repos:
        - openstack/nova
    python-novaclient:
      repos:
        - openstack/python-novaclient
horizon:
  ptl:
    name: Carol
  deliverables:
    horizon:
      repos:
        - openstack/horizon
    xstatic-foo:
      repos:
        - openstack/xstatic-foo
    horizon-specs:
      release-management: none
      repos:
        - openstack/horizon-specs
`
	legacyYAML = `---
oldteam:
  retired-on: 2019-01-01
  deliverables:
    oldthing:
      repos:
        - openstack/oldthing
nova:
  partial: yes
  deliverables:
    nova-retired:
      retired-on: 2020-01-01
      repos:
        - openstack/nova-retired
`
	sigsYAML = `---
Packaging:
  - repo: openstack/pymod2pkg
`
	tcYAML = `---
Technical Committee:
  - repo: openstack/governance
`
)

func govFiles(projects, legacy, sigs, tc string) map[string][]byte {
	return map[string][]byte{
		"reference/projects.yaml":                  []byte(projects),
		"reference/legacy.yaml":                    []byte(legacy),
		"reference/sigs-repos.yaml":                []byte(sigs),
		"reference/technical-committee-repos.yaml": []byte(tc),
	}
}

// diffRepo commits base then head in a new git repository, and diffs the two
// revisions the way pypiguard does: read with git, load, diff.
func diffRepo(t *testing.T, base, head map[string][]byte, opts changes.Options) changes.Result {
	t.Helper()
	r := fixture.NewRepo(t)
	r.Commit("base", base)
	r.Commit("head", head)
	c, err := (&source.Git{Dir: r.Dir}).ReadChange(context.Background(), "HEAD^", "HEAD", changes.Paths)
	if err != nil {
		t.Fatal(err)
	}
	l, err := changes.Load(c)
	if err != nil {
		t.Fatal(err)
	}
	return changes.Diff(l.Base, l.Head, opts)
}

// describe writes an event compactly: "kind repos [deliverable] [team] [<-from] @file:line".
func describe(e changes.Event) string {
	s := string(e.Kind) + " " + strings.Join(e.Repos, ",")
	if e.Deliverable != "" {
		s += " d=" + e.Deliverable
	}
	if e.Team != "" {
		s += " t=" + e.Team
	}
	if e.From != "" {
		s += " <-" + e.From
	}
	return s + fmt.Sprintf(" @%s:%d", e.File, e.Line)
}

func describeAll(evs []changes.Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, describe(e))
	}
	return out
}

func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

func check(t *testing.T, what string, got []changes.Event, want []string) {
	t.Helper()
	g := describeAll(got)
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(g, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, g, want)
	}
}

func TestGovernanceEvents(t *testing.T) {
	t.Parallel()
	const pf = "reference/projects.yaml"
	cases := []struct {
		name         string
		edit         func(t *testing.T) (projects, legacy, sigs, tc string)
		events       func(p, l, s, c string) []string
		info         func(p, l, s, c string) []string
		absentAtBase string // a file the base revision lacks
	}{
		{
			name: "new deliverable",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    python-novaclient:\n", "    placement:\n      repos:\n        - openstack/placement\n    python-novaclient:\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("new-deliverable openstack/placement d=placement t=nova @%s:%d", pf, lineOf(p, "    placement:"))}
			},
		},
		{
			// Found by FuzzDiff: an event must name something to check.
			name: "new deliverable without repos is no event",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    python-novaclient:\n", "    placement:\n      repos: []\n    python-novaclient:\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
		},
		{
			name: "deliverable moved between teams",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    xstatic-foo:\n      repos:\n        - openstack/xstatic-foo\n", "")
				p = replace(t, p, "    python-novaclient:\n", "    xstatic-foo:\n      repos:\n        - openstack/xstatic-foo\n    python-novaclient:\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("moved-deliverable openstack/xstatic-foo d=xstatic-foo t=nova <-horizon @%s:%d", pf, lineOf(p, "    xstatic-foo:"))}
			},
		},
		{
			name: "team recapitalised is not a move",
			edit: func(t *testing.T) (string, string, string, string) {
				return replace(t, projectsYAML, "\nnova:\n", "\nNova:\n"), legacyYAML, sigsYAML, tcYAML
			},
			info: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("renamed-team  t=Nova <-nova @%s:%d", pf, lineOf(p, "    nova:"))}
			},
		},
		{
			name: "team renamed with the same deliverables is not a move",
			edit: func(t *testing.T) (string, string, string, string) {
				return replace(t, projectsYAML, "\nnova:\n", "\ncompute:\n"), legacyYAML, sigsYAML, tcYAML
			},
			info: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("renamed-team  t=compute <-nova @%s:%d", pf, lineOf(p, "    nova:"))}
			},
		},
		{
			name: "repo added to a deliverable",
			edit: func(t *testing.T) (string, string, string, string) {
				return replace(t, projectsYAML, "        - openstack/nova\n", "        - openstack/nova\n        - openstack/nova-extra\n"), legacyYAML, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("new-repo openstack/nova-extra d=nova t=nova @%s:%d", pf, lineOf(p, "openstack/nova-extra"))}
			},
		},
		{
			name: "repo moved to another team's deliverable",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    python-novaclient:\n      repos:\n        - openstack/python-novaclient\n", "")
				p = replace(t, p, "        - openstack/horizon\n", "        - openstack/horizon\n        - openstack/python-novaclient\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("moved-repo openstack/python-novaclient d=horizon t=horizon <-nova @%s:%d", pf, lineOf(p, "openstack/python-novaclient"))}
			},
			info: func(_, _, _, _ string) []string {
				return []string{fmt.Sprintf("removed-deliverable openstack/python-novaclient d=python-novaclient t=nova @%s:%d", pf, lineOf(projectsYAML, "    python-novaclient:"))}
			},
		},
		{
			name: "repo moved between deliverables of one team is not an event",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "        - openstack/python-novaclient\n", "")
				p = replace(t, p, "        - openstack/nova\n", "        - openstack/nova\n        - openstack/python-novaclient\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
			info: func(p, _, _, _ string) []string { return nil },
		},
		{
			name: "repo renamed to another namespace, same basename, is not new",
			edit: func(t *testing.T) (string, string, string, string) {
				return replace(t, projectsYAML, "openstack/horizon\n", "opendev/horizon\n"), legacyYAML, sigsYAML, tcYAML
			},
			info: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("renamed-repo opendev/horizon d=horizon t=horizon <-openstack/horizon @%s:%d", pf, lineOf(p, "opendev/horizon"))}
			},
		},
		{
			name: "repo whose basename changed is new",
			edit: func(t *testing.T) (string, string, string, string) {
				return replace(t, projectsYAML, "        - openstack/python-novaclient\n", "        - openstack/novaclient\n"), legacyYAML, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("new-repo openstack/novaclient d=python-novaclient t=nova @%s:%d", pf, lineOf(p, "openstack/novaclient"))}
			},
			info: func(_, _, _, _ string) []string {
				return []string{fmt.Sprintf("removed-repo openstack/python-novaclient d=python-novaclient t=nova @%s:%d", pf, lineOf(projectsYAML, "- openstack/python-novaclient"))}
			},
		},
		{
			name: "deliverable unretired and removed from legacy",
			edit: func(t *testing.T) (string, string, string, string) {
				p := projectsYAML + "oldteam:\n  deliverables:\n    oldthing:\n      repos:\n        - openstack/oldthing\n"
				l := replace(t, legacyYAML, "oldteam:\n  retired-on: 2019-01-01\n  deliverables:\n    oldthing:\n      repos:\n        - openstack/oldthing\n", "")
				return p, l, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("unretired openstack/oldthing d=oldthing t=oldteam @%s:%d", pf, lineOf(p, "    oldthing:"))}
			},
		},
		{
			name: "deliverable unretired but left in legacy",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    python-novaclient:\n", "    nova-retired:\n      repos:\n        - openstack/nova-retired\n    python-novaclient:\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("unretired openstack/nova-retired d=nova-retired t=nova @%s:%d", pf, lineOf(p, "    nova-retired:"))}
			},
		},
		{
			name: "retired repo revived inside an existing deliverable",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "        - openstack/nova\n", "        - openstack/nova\n        - openstack/oldthing\n")
				l := replace(t, legacyYAML, "oldteam:\n  retired-on: 2019-01-01\n  deliverables:\n    oldthing:\n      repos:\n        - openstack/oldthing\n", "")
				return p, l, sigsYAML, tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("unretired openstack/oldthing d=nova t=nova @%s:%d", pf, lineOf(p, "openstack/oldthing"))}
			},
		},
		{
			name: "SIG and TC repos added",
			edit: func(t *testing.T) (string, string, string, string) {
				return projectsYAML, legacyYAML, sigsYAML + "  - repo: openstack/renderspec\n", tcYAML + "  - repo: openstack/election\n"
			},
			events: func(_, _, s, c string) []string {
				return []string{
					fmt.Sprintf("new-repo openstack/renderspec t=Packaging @reference/sigs-repos.yaml:%d", lineOf(s, "renderspec")),
					fmt.Sprintf("new-repo openstack/election t=Technical Committee @reference/technical-committee-repos.yaml:%d", lineOf(c, "election")),
				}
			},
		},
		{
			name: "repo handed from a SIG to a team",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "        - openstack/nova\n", "        - openstack/nova\n        - openstack/pymod2pkg\n")
				return p, legacyYAML, "---\nPackaging: []\n", tcYAML
			},
			events: func(p, _, _, _ string) []string {
				return []string{fmt.Sprintf("moved-repo openstack/pymod2pkg d=nova t=nova <-Packaging @%s:%d", pf, lineOf(p, "pymod2pkg"))}
			},
		},
		{
			name: "deliverable retired into legacy is information",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    xstatic-foo:\n      repos:\n        - openstack/xstatic-foo\n", "")
				l := legacyYAML + "horizon:\n  partial: yes\n  deliverables:\n    xstatic-foo:\n      retired-on: 2026-01-01\n      repos:\n        - openstack/xstatic-foo\n"
				return p, l, sigsYAML, tcYAML
			},
			info: func(_, l, _, _ string) []string {
				return []string{fmt.Sprintf("retired-deliverable openstack/xstatic-foo d=xstatic-foo t=horizon @reference/legacy.yaml:%d", lineOf(l, "    xstatic-foo:"))}
			},
		},
		{
			name: "reordering teams and deliverables is nothing",
			edit: func(t *testing.T) (string, string, string, string) {
				i := strings.Index(projectsYAML, "horizon:\n")
				p := "---\n" + projectsYAML[i:] + projectsYAML[len("---\n"):i]
				p = replace(t, p, "    nova:\n      repos:\n        - openstack/nova\n", "")
				p = replace(t, p, "        - openstack/python-novaclient\n", "        - openstack/python-novaclient\n    nova:\n      repos:\n        - openstack/nova\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
		},
		{
			name: "liaison, PTL and mission edits are nothing",
			edit: func(t *testing.T) (string, string, string, string) {
				p := replace(t, projectsYAML, "    name: Alice\n    irc: alice\n", "    name: Dave\n    irc: dave\n")
				p = replace(t, p, "      - name: Bob\n", "      - name: Erin\n      - name: Frank\n")
				p = replace(t, p, "    name: Carol\n", "    name: Carol\n  mission: >\n    Dashboards.\n")
				return p, legacyYAML, sigsYAML, tcYAML
			},
		},
		{
			name:         "file absent at base reads as empty",
			absentAtBase: "reference/technical-committee-repos.yaml",
			edit: func(t *testing.T) (string, string, string, string) {
				return projectsYAML, legacyYAML, sigsYAML, tcYAML + "  - repo: openstack/ideas\n"
			},
			events: func(_, _, _, c string) []string {
				return []string{
					fmt.Sprintf("new-repo openstack/governance t=Technical Committee @reference/technical-committee-repos.yaml:%d", lineOf(c, "governance")),
					fmt.Sprintf("new-repo openstack/ideas t=Technical Committee @reference/technical-committee-repos.yaml:%d", lineOf(c, "ideas")),
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, l, s, c := tc.edit(t)
			base := govFiles(projectsYAML, legacyYAML, sigsYAML, tcYAML)
			delete(base, tc.absentAtBase)
			r := diffRepo(t, base, govFiles(p, l, s, c), changes.Options{})
			var want, info []string
			if tc.events != nil {
				want = tc.events(p, l, s, c)
			}
			if tc.info != nil {
				info = tc.info(p, l, s, c)
			}
			check(t, "events", r.Events, want)
			check(t, "info", r.Info, info)
		})
	}
}

// lineOf returns the 1-based line of the first line of text containing
// sub, or -1.
func lineOf(text, sub string) int {
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	return -1
}

const (
	gerritYAML = `- project: openstack/nova
  description: Compute
- project: openstack/oldproj
  description: Old
- project: openstack/xstatic-foo
  description: xstatic
- project: x/kayobe
  description: Kayobe
  acl-config: /home/gerrit2/acls/x/kayobe.config
`
	zuulYAML = `- project:
    name: ^openstack.*
    templates:
      - system-required

- project:
    name: openstack/nova
    templates:
      - publish-to-pypi

- project:
    name: openstack/xstatic-foo
    templates:
      - noop-jobs
      # - publish-to-pypi

- project:
    name: x/kayobe
    templates:
      - publish-to-pypi
`
)

func pcFiles(gerrit, zuul string) map[string][]byte {
	return map[string][]byte{"gerrit/projects.yaml": []byte(gerrit), "zuul.d/projects.yaml": []byte(zuul)}
}

func TestProjectConfigEvents(t *testing.T) {
	t.Parallel()
	const gf, zf = "gerrit/projects.yaml", "zuul.d/projects.yaml"
	cases := []struct {
		name   string
		edit   func(t *testing.T) (gerrit, zuul string)
		opts   changes.Options
		events func(g, z string) []string
		info   func(g, z string) []string
	}{
		{
			name: "new project in the governed namespace",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML + "- project: openstack/newthing\n  description: New\n", zuulYAML
			},
			events: func(g, _ string) []string {
				return []string{fmt.Sprintf("new-project openstack/newthing @%s:%d", gf, lineOf(g, "openstack/newthing"))}
			},
		},
		{
			name: "new project elsewhere is not ours",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML + "- project: x/newthing\n  description: New\n", zuulYAML
			},
		},
		{
			name: "configured namespaces are honoured",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML + "- project: x/newthing\n  description: New\n", zuulYAML
			},
			opts: changes.Options{Namespaces: []string{"openstack", "x"}},
			events: func(g, _ string) []string {
				return []string{fmt.Sprintf("new-project x/newthing @%s:%d", gf, lineOf(g, "x/newthing"))}
			},
		},
		{
			name: "adoption into openstack is a rename event, and keeps its publishing",
			edit: func(t *testing.T) (string, string) {
				g := replace(t, gerritYAML, "- project: x/kayobe\n  description: Kayobe\n  acl-config: /home/gerrit2/acls/x/kayobe.config\n", "")
				g = replace(t, g, "- project: openstack/nova\n", "- project: openstack/kayobe\n  description: Kayobe\n- project: openstack/nova\n")
				z := replace(t, zuulYAML, "    name: x/kayobe\n", "    name: openstack/kayobe\n")
				return g, z
			},
			events: func(g, _ string) []string {
				return []string{fmt.Sprintf("renamed-project openstack/kayobe <-x/kayobe @%s:%d", gf, lineOf(g, "openstack/kayobe"))}
			},
		},
		{
			name: "leaving openstack is information",
			edit: func(t *testing.T) (string, string) {
				return replace(t, gerritYAML, "openstack/oldproj", "x/oldproj"), zuulYAML
			},
			info: func(g, _ string) []string {
				return []string{fmt.Sprintf("left-namespace x/oldproj <-openstack/oldproj @%s:%d", gf, lineOf(g, "x/oldproj"))}
			},
		},
		{
			name: "starts publishing",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML, replace(t, zuulYAML, "      # - publish-to-pypi\n", "      - publish-xstatic-to-pypi\n")
			},
			events: func(_, z string) []string {
				return []string{fmt.Sprintf("starts-publishing openstack/xstatic-foo @%s:%d", zf, lineOf(z, "publish-xstatic-to-pypi"))}
			},
		},
		{
			name: "a commented template is nothing",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML, replace(t, zuulYAML, "      - noop-jobs\n", "      - noop-jobs\n      # - publish-to-pypi-quietly\n")
			},
		},
		{
			name: "swapping one pypi template for another is not a start",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML, replace(t, zuulYAML, "    name: openstack/nova\n    templates:\n      - publish-to-pypi\n", "    name: openstack/nova\n    templates:\n      - publish-to-pypi-stable-only\n")
			},
		},
		{
			name: "a new project that publishes at once is both",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML + "- project: openstack/newlib\n  description: lib\n", zuulYAML + "\n- project:\n    name: openstack/newlib\n    templates:\n      - publish-to-pypi\n"
			},
			events: func(g, z string) []string {
				return []string{
					fmt.Sprintf("new-project openstack/newlib @%s:%d", gf, lineOf(g, "openstack/newlib")),
					fmt.Sprintf("starts-publishing openstack/newlib @%s:%d", zf, lineOf(z[strings.Index(z, "openstack/newlib"):], "publish-to-pypi")+strings.Count(z[:strings.Index(z, "openstack/newlib")], "\n")),
				}
			},
		},
		{
			name: "retiring a project is information",
			edit: func(t *testing.T) (string, string) {
				return replace(t, gerritYAML, "  description: Old\n", "  description: Old\n  acl-config: /home/gerrit2/acls/openstack/retired.config\n"), zuulYAML
			},
			info: func(g, _ string) []string {
				return []string{fmt.Sprintf("retired-project openstack/oldproj @%s:%d", gf, lineOf(g, "openstack/oldproj"))}
			},
		},
		{
			name: "a custom publish pattern",
			edit: func(t *testing.T) (string, string) {
				return gerritYAML, replace(t, zuulYAML, "      - noop-jobs\n", "      - release-to-warehouse\n")
			},
			opts: changes.Options{Publish: regexp.MustCompile(`pypi|warehouse`)},
			events: func(_, z string) []string {
				return []string{fmt.Sprintf("starts-publishing openstack/xstatic-foo @%s:%d", zf, lineOf(z, "release-to-warehouse"))}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, z := tc.edit(t)
			r := diffRepo(t, pcFiles(gerritYAML, zuulYAML), pcFiles(g, z), tc.opts)
			var want, info []string
			if tc.events != nil {
				want = tc.events(g, z)
			}
			if tc.info != nil {
				info = tc.info(g, z)
			}
			check(t, "events", r.Events, want)
			check(t, "info", r.Info, info)
		})
	}
}
