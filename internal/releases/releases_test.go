package releases_test

import (
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/releases"
)

const novaYAML = `---
launchpad: nova
release-model: cycle-with-rc
team: nova
type: service
repository-settings:
  openstack/nova: {}
  openstack/python-novaclient:
    pypi-name: python-novaclient
    tarball-base: novaclient
    flags: [retired]
releases:
  - version: 27.0.0.0rc1
    projects:
      - repo: openstack/nova
        hash: aaaa
  - version: "27.0.0"
    projects:
      - repo: openstack/nova
        hash: bbbb
      - repo: openstack/python-novaclient
        hash: cccc
        tarball-base: own-base
  -   projects:
        - repo: openstack/nova
          hash: dddd
      version: 2023.1-eol
`

func TestParse(t *testing.T) {
	t.Parallel()
	d, warns, err := releases.Parse("deliverables/antelope/nova.yaml", []byte(novaYAML), nil)
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	if d.Series != "antelope" || d.Name != "nova" || d.Team != "nova" || d.Type != "service" || d.ReleaseModel != "cycle-with-rc" || d.Launchpad != "nova" {
		t.Errorf("metadata: %+v", d)
	}
	s := d.Settings["openstack/python-novaclient"]
	if s.PyPIName != "python-novaclient" || s.TarballBase != "novaclient" || !s.Retired || s.Pos.Line != 8 {
		t.Errorf("settings: %+v", s)
	}
	if s, ok := d.Settings["openstack/nova"]; !ok || s.Retired || s.Pos.Line != 7 {
		t.Errorf("settings of nova: %+v %v", s, ok)
	}
	var got []string
	for _, r := range d.Releases {
		var ps []string
		for _, p := range r.Projects {
			ps = append(ps, p.Repo+"@"+p.Hash+"/"+d.TarballBase(p)+":"+itoa(p.Pos.Line))
		}
		got = append(got, r.Version+":"+itoa(r.Pos.Line)+":"+string(r.Tag())+" "+strings.Join(ps, " "))
	}
	want := []string{
		"27.0.0.0rc1:13:version openstack/nova@aaaa/:15",
		"27.0.0:17:version openstack/nova@bbbb/:19 openstack/python-novaclient@cccc/own-base:21",
		"2023.1-eol:27:eol openstack/nova@dddd/:25",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("releases:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseTolerates(t *testing.T) {
	t.Parallel()
	cases := map[string]string{ // file -> a warning it gives ("" none)
		"":                   "",
		"---\n":              "",
		"team: a\nteam: b\n": `"team" is written twice`,
		"team: 2024\n":       "team is not a string",
		"releases:\n":        "",
		"repository-settings:\n  openstack/a:\n    flags: -retired\n":                         "",
		"repository-settings:\n  openstack/a:\n    flags: 3\n":                                "neither a list nor a string",
		"releases:\n- version: 1.0.0\n  projects: []\n  flags: [forced]\n  diff-start: abc\n": "",
		"releases:\n- version: 1.0.0\n  version: 1.0.1\n  projects: []\n":                     `"version" is written twice`,
	}
	for in, want := range cases {
		_, warns, err := releases.Parse("deliverables/_independent/x.yaml", []byte(in), nil)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		var msgs []string
		for _, w := range warns {
			msgs = append(msgs, w.String())
		}
		if all := strings.Join(msgs, "\n"); (want == "") != (all == "") || !strings.Contains(all, want) {
			t.Errorf("%q: warnings %q, want %q", in, all, want)
		}
	}
	d, _, _ := releases.Parse("deliverables/_independent/x.yaml", []byte("repository-settings:\n  openstack/a:\n    flags: -retired\n"), nil)
	if !d.Settings["openstack/a"].Retired {
		t.Error(`flags: -retired is retired to validate.py ('retired' in "-retired")`)
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	cases := map[string]string{ // file -> the error, which names the line
		"releases:\n- version: 1.0\n  projects: []\n":                          `:2: release version 1.0 is !!float to YAML, not a string; quote it`,
		"releases:\n- version: 2\n  projects: []\n":                            `:2: release version 2 is !!int`,
		"releases:\n- projects: []\n":                                          `:2: a release without a version`,
		"releases:\n- version: '1.0'\n":                                        `:2: release 1.0: projects: missing`,
		"releases:\n- version: '1.0'\n  projects:\n  - hash: abc\n":            `:4: release 1.0: projects: an entry without repo:`,
		"releases:\n- version: '1.0'\n  projects:\n  - repo: openstack/a\n":    `:4: release 1.0: projects: openstack/a has no hash:`,
		"releases:\n- version: '1.0'\n  projects:\n  - repo: [a]\n    hash: b": `:4: release 1.0: projects: repo: expected a single value`,
		"releases: {}\n": `:1: releases: expected a list`,
		"- a\n":          `:1: the deliverable file: expected a mapping`,
		"repository-settings:\n  openstack/a:\n    pypi-name: yes\n": `:3: repository-settings: openstack/a: pypi-name: "yes" is a boolean`,
		"a: [\n": `invalid YAML`,
	}
	for in, want := range cases {
		_, _, err := releases.Parse("deliverables/x/y.yaml", []byte(in), nil)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "deliverables/x/y.yaml") {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}

func TestSplitPath(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]string{
		"deliverables/epoxy/nova.yaml":        "epoxy nova",
		"deliverables/_independent/reno.yaml": "_independent reno",
		"deliverables/nova.yaml":              "",
		"deliverables/epoxy/sub/nova.yaml":    "",
		"deliverables/epoxy/nova.yml":         "",
		"data/series_status.yaml":             "",
		"deliverables/epoxy/.yaml":            "",
		"deliverables/epoxy/README.rst":       "",
	} {
		s, n, ok := releases.SplitPath(p)
		if got := strings.TrimSpace(s + " " + n); ok != (want != "") || got != want {
			t.Errorf("%s: %q %v", p, got, ok)
		}
	}
	if _, _, err := releases.Parse("data/series_status.yaml", nil, nil); err == nil {
		t.Error("a file outside deliverables/ parsed")
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]releases.Tag{
		"1.0.0": releases.TagVersion, "v2.0": releases.TagVersion, "1.0.0.0rc1": releases.TagVersion,
		"yoga-eol": releases.TagEOL, "2023.1-eom": releases.TagEOM, "ocata-em": releases.TagEM, "zed-last": releases.TagLast,
		"1.0.0-eom": releases.TagEOM, "stable-eol": releases.TagEOL, "newton-eol-x": releases.TagOther, "": releases.TagOther,
	} {
		if got := releases.Classify(v); got != want {
			t.Errorf("Classify(%q) = %s, want %s", v, got, want)
		}
		if skip := releases.Classify(v).SkippedForPyPI(); skip != (want == releases.TagEOL || want == releases.TagEOM || want == releases.TagEM) {
			t.Errorf("%q: SkippedForPyPI %v", v, skip)
		}
	}
}
