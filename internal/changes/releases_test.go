package changes_test

import (
	"fmt"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/releases"
)

const osloBase = `---
team: oslo
type: library
repository-settings:
  openstack/oslo.config:
    pypi-name: oslo.config
  openstack/oslo.extra:
    tarball-base: oslo-extra
releases:
  - version: 9.7.0
    projects:
      - repo: openstack/oslo.config
        hash: aaaa
`

// snapshot parses files (path -> content) as guard would.
func relSnapshot(t *testing.T, files map[string]string) changes.Snapshot {
	t.Helper()
	raw := map[string][]byte{}
	for p, c := range files {
		raw[p] = []byte(c)
	}
	ds, _, err := releases.ParseFiles(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	return changes.Snapshot{Releases: ds}
}

// describeRelease writes an event of a releases diff on one line.
func describeRelease(e changes.Event) string {
	s := fmt.Sprintf("%s %s/%s %s @%s:%d", e.Kind, e.Release.Series, e.Deliverable, e.Release.Version, e.File, e.Line)
	for _, p := range e.Release.Projects {
		s += fmt.Sprintf(" %s#%s", p.Repo, p.Hash)
		if p.PyPIName != "" {
			s += " name=" + p.PyPIName
		}
		if p.TarballBase != "" {
			s += " tarball=" + p.TarballBase
		}
	}
	if e.AtBase {
		s += " (base)"
	}
	return s
}

func TestReleasesDiff(t *testing.T) {
	t.Parallel()
	const file = "deliverables/epoxy/oslo.config.yaml"
	cases := []struct {
		name       string
		base, head map[string]string
		events     []string
		info       []string
	}{{
		name:   "a new release",
		base:   map[string]string{file: osloBase},
		head:   map[string]string{file: osloBase + "  - version: 9.7.1\n    projects:\n      - repo: openstack/oslo.config\n        hash: bbbb\n      - repo: openstack/oslo.extra\n        hash: cccc\n"},
		events: []string{"new-release epoxy/oslo.config 9.7.1 @deliverables/epoxy/oslo.config.yaml:14 openstack/oslo.config#bbbb name=oslo.config openstack/oslo.extra#cccc tarball=oslo-extra"},
	}, {
		name: "an end-of-life tag",
		base: map[string]string{file: osloBase},
		head: map[string]string{file: osloBase + "  - version: 2025.1-eol\n    projects:\n      - repo: openstack/oslo.config\n        hash: aaaa\n"},
		info: []string{"skipped-release epoxy/oslo.config 2025.1-eol @deliverables/epoxy/oslo.config.yaml:14 openstack/oslo.config#aaaa name=oslo.config"},
	}, {
		name:   "a -last tag is checked: validate_pypi_permissions does not skip it either",
		base:   map[string]string{file: osloBase},
		head:   map[string]string{file: osloBase + "  - version: 2025.1-last\n    projects:\n      - repo: openstack/oslo.config\n        hash: aaaa\n"},
		events: []string{"new-release epoxy/oslo.config 2025.1-last @deliverables/epoxy/oslo.config.yaml:14 openstack/oslo.config#aaaa name=oslo.config"},
	}, {
		name:   "a repo added to a release, a hash moved",
		base:   map[string]string{file: osloBase},
		head:   map[string]string{file: strings.Replace(osloBase, "hash: aaaa\n", "hash: ffff\n      - repo: openstack/oslo.extra\n        hash: dddd\n", 1)},
		events: []string{"new-release epoxy/oslo.config 9.7.0 @deliverables/epoxy/oslo.config.yaml:14 openstack/oslo.extra#dddd tarball=oslo-extra"},
		info:   []string{"changed-release epoxy/oslo.config 9.7.0 @deliverables/epoxy/oslo.config.yaml:12 openstack/oslo.config#ffff name=oslo.config"},
	}, {
		name: "a new file: its first release, then the others",
		base: map[string]string{},
		head: map[string]string{"deliverables/_independent/reno.yaml": "team: reno\nreleases:\n- version: 1.0.0\n  projects: [{repo: openstack/reno, hash: a1}]\n- version: x-eol\n  projects: [{repo: openstack/reno, hash: a1}]\n- version: 1.0.1\n  projects: [{repo: openstack/reno, hash: a2}]\n"},
		events: []string{
			"new-deliverable-file _independent/reno 1.0.0 @deliverables/_independent/reno.yaml:3 openstack/reno#a1",
			"new-release _independent/reno 1.0.1 @deliverables/_independent/reno.yaml:7 openstack/reno#a2",
		},
		info: []string{"skipped-release _independent/reno x-eol @deliverables/_independent/reno.yaml:5 openstack/reno#a1"},
	}, {
		name:   "a new file that tags nothing yet",
		base:   map[string]string{},
		head:   map[string]string{"deliverables/hibiscus/reno.yaml": "team: reno\nrepository-settings:\n  openstack/reno: {}\n"},
		events: []string{"new-deliverable-file hibiscus/reno  @deliverables/hibiscus/reno.yaml:1 openstack/reno#"},
	}, {
		name: "removals",
		base: map[string]string{file: osloBase + "  - version: 9.7.1\n    projects:\n      - repo: openstack/oslo.config\n        hash: bbbb\n", "deliverables/zed/reno.yaml": "team: reno\n"},
		head: map[string]string{file: osloBase},
		info: []string{
			"removed-release epoxy/oslo.config 9.7.1 @deliverables/epoxy/oslo.config.yaml:14 openstack/oslo.config#bbbb name=oslo.config (base)",
			"removed-deliverable-file zed/reno  @deliverables/zed/reno.yaml:1 (base)",
		},
	}, {
		name: "files that are not deliverable files, and an unchanged one",
		base: map[string]string{file: osloBase, "deliverables/README.rst": "x"},
		head: map[string]string{file: osloBase, "deliverables/epoxy/extra/x.yaml": "releases: [{version: '1', projects: []}]\n", "data/series_status.yaml": "- name: x\n"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := changes.Diff(relSnapshot(t, c.base), relSnapshot(t, c.head), changes.Options{})
			var events, info []string
			for _, e := range r.Events {
				if !e.Kind.IsEvent() || e.Line <= 0 || e.AtBase || len(e.Repos) == 0 {
					t.Errorf("bad event %+v", e)
				}
				events = append(events, describeRelease(e))
			}
			for _, e := range r.Info {
				if e.Kind.IsEvent() {
					t.Errorf("an event among the information: %+v", e)
				}
				info = append(info, describeRelease(e))
			}
			checkLines(t, "events", events, c.events)
			checkLines(t, "info", info, c.info)
		})
	}
}

func checkLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}
