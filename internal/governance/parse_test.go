package governance_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

func parse(t *testing.T, files map[string]string) (*governance.Governance, error) {
	t.Helper()
	m := map[string][]byte{}
	for k, v := range files {
		m[k] = []byte(v)
	}
	return governance.Parse(m, nil)
}

func TestParseKeepsPositions(t *testing.T) {
	t.Parallel()
	g, err := parse(t, map[string]string{
		governance.ProjectsFile: "---\nnova:\n  ptl:\n    name: A\n  deliverables:\n    nova:\n      release-management: external\n      repos:\n        - openstack/nova\n        - openstack/nova-lib\n",
		governance.SIGsFile:     "Packaging:\n  - repo: openstack/pymod2pkg\n",
		governance.TCFile:       "Technical Committee:\n  - repo: openstack/governance\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	team := g.Teams[0]
	d := team.Deliverables[0]
	if team.Name != "nova" || team.Pos.Line != 2 || d.Name != "nova" || d.Pos.Line != 6 || d.Team != "nova" {
		t.Errorf("team %+v deliverable %+v", team, d)
	}
	if d.ReleaseManagement != "external" || d.Publishable() {
		t.Errorf("release-management %q, publishable %v", d.ReleaseManagement, d.Publishable())
	}
	if len(d.Repos) != 2 || d.Repos[1].Name != "openstack/nova-lib" || d.Repos[1].Pos != (governance.Pos{File: governance.ProjectsFile, Line: 10}) {
		t.Errorf("repos %+v", d.Repos)
	}
	if len(g.Groups) != 2 || g.Groups[0].Kind != governance.KindSIG || g.Groups[1].Name != "Technical Committee" || g.Groups[1].Repos[0].Pos.Line != 2 {
		t.Errorf("groups %+v %+v", g.Groups[0], g.Groups[1])
	}
	if len(g.Warnings) != 0 {
		t.Errorf("unexpected warnings %v", g.Warnings)
	}
}

func TestParseToleratesHistoryQuirks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		file    string
		yaml    string
		warning string
		check   func(t *testing.T, g *governance.Governance)
	}{
		{
			name: "repos written as one string", file: governance.ProjectsFile,
			yaml:    "nova:\n  deliverables:\n    nova:\n      repos: openstack/nova\n",
			warning: "reference/projects.yaml:4: deliverable nova: repos is written as one string",
			check: func(t *testing.T, g *governance.Governance) {
				if r := g.Teams[0].Deliverables[0].Repos; len(r) != 1 || r[0].Name != "openstack/nova" || r[0].Pos.Line != 4 {
					t.Errorf("repos %+v", r)
				}
			},
		},
		{
			name: "legacy deliverables written as an empty list", file: governance.LegacyFile,
			yaml: "RefStack:\n  retired-on: 2018-08-10\n  deliverables: []\n",
			check: func(t *testing.T, g *governance.Governance) {
				if len(g.Legacy) != 1 || len(g.Legacy[0].Deliverables) != 0 || g.Legacy[0].RetiredOn != "2018-08-10" {
					t.Errorf("legacy %+v", g.Legacy)
				}
			},
		},
		{
			name: "legacy deliverables written as a list of names and mappings", file: governance.LegacyFile,
			yaml:    "Old:\n  deliverables:\n    - old-a\n    - old-b:\n        repos:\n          - openstack/old-b\n",
			warning: "reference/legacy.yaml:3: team Old: deliverables are written as a list",
			check: func(t *testing.T, g *governance.Governance) {
				d := g.Legacy[0].Deliverables
				if len(d) != 2 || d[0].Name != "old-a" || d[1].Name != "old-b" || d[1].Repos[0].Name != "openstack/old-b" {
					t.Errorf("deliverables %+v", d)
				}
			},
		},
		{
			name: "legacy team without deliverables", file: governance.LegacyFile,
			yaml: "Old:\n  retired-on: 2015-01-01\n",
			check: func(t *testing.T, g *governance.Governance) {
				if len(g.Legacy) != 1 || g.Legacy[0].Deliverables != nil {
					t.Errorf("legacy %+v", g.Legacy)
				}
			},
		},
		{
			name: "a key written twice keeps the later one, as PyYAML", file: governance.LegacyFile,
			yaml:    "tripleo:\n  partial: yes\n  deliverables:\n    ui:\n      repos:\n        - openstack/ui-old\n    ui:\n      repos:\n        - openstack/ui\n",
			warning: `reference/legacy.yaml:7: team tripleo: deliverables: key "ui" is written twice (lines 4 and 7)`,
			check: func(t *testing.T, g *governance.Governance) {
				d := g.Legacy[0].Deliverables
				if len(d) != 1 || d[0].Repos[0].Name != "openstack/ui" || !g.Legacy[0].Partial {
					t.Errorf("deliverables %+v", d)
				}
			},
		},
		{
			name: "a free-text legacy deliverable name", file: governance.LegacyFile,
			yaml: "UC:\n  deliverables:\n    User Committee:\n      repos:\n        - openstack/uc\n",
			check: func(t *testing.T, g *governance.Governance) {
				if g.Legacy[0].Deliverables[0].Name != "User Committee" {
					t.Errorf("%+v", g.Legacy[0].Deliverables[0])
				}
			},
		},
		{
			name: "unknown release-management", file: governance.ProjectsFile,
			yaml:    "nova:\n  deliverables:\n    nova:\n      release-management: sometimes\n      repos: [openstack/nova]\n",
			warning: `reference/projects.yaml:4: deliverable nova: unknown release-management "sometimes"`,
		},
		{
			name: "SIG entry written as a plain string", file: governance.SIGsFile,
			yaml:    "Packaging:\n  - openstack/renderspec\n",
			warning: "reference/sigs-repos.yaml:2: Packaging: entry is written as a plain string",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, err := parse(t, map[string]string{tc.file: tc.yaml})
			if err != nil {
				t.Fatal(err)
			}
			var ws []string
			for _, w := range g.Warnings {
				ws = append(ws, w.String())
			}
			if tc.warning == "" && len(ws) > 0 {
				t.Errorf("unexpected warnings %q", ws)
			}
			if tc.warning != "" && (len(ws) != 1 || !strings.HasPrefix(ws[0], tc.warning)) {
				t.Errorf("warnings %q, want one starting %q", ws, tc.warning)
			}
			if tc.check != nil {
				tc.check(t, g)
			}
		})
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file, yaml, want string
	}{
		{"invalid YAML", governance.ProjectsFile, "nova:\n  deliverables:\n    nova: [\n", "reference/projects.yaml:3: invalid YAML"},
		{"top level is a list", governance.ProjectsFile, "- nova\n", "reference/projects.yaml:1: the top level (team: ...): expected a mapping"},
		{"team is a string", governance.ProjectsFile, "nova: yes\n", `reference/projects.yaml:1: team nova: expected a mapping (key: value), found "yes"`},
		{"repo not org/name", governance.ProjectsFile, "nova:\n  deliverables:\n    nova:\n      repos:\n        - nova\n", `reference/projects.yaml:5: deliverable nova: repo "nova" is not an org/name`},
		{"repo crafted for URLs", governance.ProjectsFile, "nova:\n  deliverables:\n    nova:\n      repos:\n        - openstack/../x\n", `repo "openstack/../x" is not an org/name`},
		{"repo with %2F", governance.ProjectsFile, "nova:\n  deliverables:\n    nova:\n      repos:\n        - openstack%2Fx/y\n", `is not an org/name`},
		{"deliverable with HTML", governance.ProjectsFile, "nova:\n  deliverables:\n    \"<script>x</script>\":\n      repos: [openstack/x]\n", `reference/projects.yaml:3: deliverable name "<script>x</script>" has characters`},
		{"deliverable with a newline", governance.ProjectsFile, "nova:\n  deliverables:\n    \"a\\nb\":\n      repos: [openstack/x]\n", `deliverable name "a\nb" has characters`},
		{"team with markdown", governance.ProjectsFile, "\"[x](http://evil)\":\n  deliverables: {}\n", `team name "[x](http://evil)" has characters`},
		{"legacy name with Gerrit's prefix", governance.LegacyFile, "Old:\n  deliverables:\n    \")]}'\":\n      repos: []\n", `reference/legacy.yaml:3: deliverable name ")]}'" has characters`},
		{"alias to the wrong kind of value", governance.ProjectsFile, "x: &a\n  deliverables: {}\nnova:\n  deliverables:\n    nova:\n      repos: *a\n", "reference/projects.yaml:6: deliverable nova: repos: expected a list, found a mapping"},
		{"merge key", governance.ProjectsFile, "base: &b {deliverables: {}}\nnova:\n  <<: *b\n", "YAML merge keys (<<) are not supported here"},
		{"invalid UTF-8", governance.ProjectsFile, "nova:\n  mission: \xff\xfe\n", "reference/projects.yaml:2: is not valid UTF-8"},
		{"SIG entry without repo", governance.SIGsFile, "Packaging:\n  - name: x\n", "reference/sigs-repos.yaml:2: Packaging: entry has no repo: key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parse(t, map[string]string{tc.file: tc.yaml})
			var ye *yamlfile.Error
			if !errors.As(err, &ye) {
				t.Fatalf("want a *yamlfile.Error, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

// TestRepoListedTwice: a repo two owners list is a warning naming both
// places (real history had openstack/governance-sigs in sigs-repos.yaml and
// technical-committee-repos.yaml for two and a half years), never an error.
func TestRepoListedTwice(t *testing.T) {
	t.Parallel()
	g, err := parse(t, map[string]string{
		governance.ProjectsFile: "a:\n  deliverables:\n    x:\n      repos: [openstack/x]\nb:\n  deliverables:\n    y:\n      repos:\n        - openstack/x\n",
		governance.SIGsFile:     "Packaging:\n  - repo: openstack/x\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range g.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		"reference/projects.yaml:9: repo openstack/x is listed twice: by team a (deliverable x) at reference/projects.yaml:4, and by team b (deliverable y) at reference/projects.yaml:9; remove one unless both own it",
		"reference/sigs-repos.yaml:2: repo openstack/x is listed twice: by team a (deliverable x) at reference/projects.yaml:4, and by SIG Packaging at reference/sigs-repos.yaml:2; remove one unless both own it",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseHugeFile(t *testing.T) {
	t.Parallel()
	_, err := governance.Parse(map[string][]byte{governance.ProjectsFile: make([]byte, yamlfile.MaxSize+1)}, nil)
	if err == nil || !strings.Contains(err.Error(), "over the 16 MiB") {
		t.Errorf("got %v", err)
	}
}
