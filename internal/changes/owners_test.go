package changes_test

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/source"
)

// TestOwnerSets: a repo's owners are a set (team deliverables, SIGs, the
// TC). Only an owner a repo did not have at base is an event; real history
// listed repos in two places for years, and losing one of two owners hands
// the repo to nobody new.
func TestOwnerSets(t *testing.T) {
	t.Parallel()
	const (
		teamA     = "a:\n  deliverables:\n    x:\n      repos: [openstack/x]\n"
		teamB     = "b:\n  deliverables:\n    y:\n      repos: [openstack/y]\n"
		teamBwith = "b:\n  deliverables:\n    y:\n      repos: [openstack/y, openstack/x]\n"
		sigX      = "Packaging:\n  - repo: openstack/x\n"
		tcX       = "Technical Committee:\n  - repo: openstack/x\n"
	)
	files := func(projects, sigs, tc string) map[string][]byte {
		return govFiles(projects, "---\n", sigs, tc)
	}
	cases := []struct {
		name       string
		base, head map[string][]byte
		events     []string
		info       []string
	}{
		{"listed by a SIG and the TC, unchanged", files(teamA, sigX, tcX), files(teamA+"# edit\n", sigX, tcX), nil, nil},
		{"one of two owners lost", files(teamB, sigX, tcX), files(teamB, "---\n", tcX), nil, nil},
		{"a second owner gained", files(teamA+teamB, "---\n", "---\n"), files(teamA+teamBwith, "---\n", "---\n"),
			[]string{"moved-repo openstack/x d=y t=b <-a @reference/projects.yaml:8"}, nil},
		{"the TC gains a SIG's repo", files(teamB, sigX, "---\n"), files(teamB, sigX, tcX),
			[]string{"moved-repo openstack/x t=Technical Committee <-Packaging @reference/technical-committee-repos.yaml:2"}, nil},
		{"new, and listed by two owners at once", files(teamB, "---\n", "---\n"), files(teamBwith, sigX, "---\n"),
			[]string{"new-repo openstack/x d=y t=b @reference/projects.yaml:4", "new-repo openstack/x t=Packaging @reference/sigs-repos.yaml:2"}, nil},
		{"a deliverable renamed inside its team", files(teamA, "---\n", "---\n"), files("a:\n  deliverables:\n    x-lib:\n      repos: [openstack/x]\n", "---\n", "---\n"),
			nil, []string{"renamed-deliverable openstack/x d=x-lib t=a <-x @reference/projects.yaml:3"}},
		{"a deliverable renamed into another team is new there", files(teamA+teamB, "---\n", "---\n"), files(teamB+"c:\n  deliverables:\n    x-lib:\n      repos: [openstack/x]\n", "---\n", "---\n"),
			[]string{"new-deliverable openstack/x d=x-lib t=c @reference/projects.yaml:7"}, []string{"removed-deliverable openstack/x d=x t=a @reference/projects.yaml:3"}},
		{"a renamed deliverable with another repo is new", files(teamA, "---\n", "---\n"), files("a:\n  deliverables:\n    x-lib:\n      repos: [openstack/x, openstack/z]\n", "---\n", "---\n"),
			[]string{"new-deliverable openstack/x,openstack/z d=x-lib t=a @reference/projects.yaml:3"}, []string{"removed-deliverable openstack/x d=x t=a @reference/projects.yaml:3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := diffRepo(t, tc.base, tc.head, changes.Options{})
			check(t, "events", r.Events, tc.events)
			check(t, "info", r.Info, tc.info)
		})
	}
}

// TestUnreadableBase: real history merged a legacy.yaml PyYAML cannot read
// (upstream a1a7d4a2 fixed it). The change that repairs such a file is
// judged, as if the file were new, with a warning; a head that cannot be
// read is still refused.
func TestUnreadableBase(t *testing.T) {
	t.Parallel()
	broken := []byte("a:\n  deliverables:\n    - x\n        repos: [openstack/x]\n")
	fixed := []byte("a:\n  deliverables:\n    x:\n      repos: [openstack/x]\n")
	c := &source.Change{
		Base: source.Files{"reference/projects.yaml": broken},
		Head: source.Files{"reference/projects.yaml": fixed},
	}
	l, err := changes.Load(c)
	if err != nil {
		t.Fatalf("the repair of a broken file is refused: %v", err)
	}
	check(t, "events", changes.Diff(l.Base, l.Head, changes.Options{}).Events, []string{"new-deliverable openstack/x d=x t=a @reference/projects.yaml:3"})
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0].Message, "the base revision's reference/projects.yaml cannot be read") {
		t.Errorf("warnings: %+v", l.Warnings)
	}
	c.Base, c.Head = c.Head, c.Base
	if _, err := changes.Load(c); err == nil || !strings.Contains(err.Error(), "(in the head revision)") {
		t.Errorf("a head that cannot be read: %v", err)
	}
}
