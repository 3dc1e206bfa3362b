package main

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
)

// TestHookProjectConfigMakesCores: the hook identifies with its own Gerrit
// and credentials. A Gerrit account holding xstatic-tv4 is core when the
// hook's settings name a project-config checkout (the ACL names
// horizon-core), and unverified without one (no core groups to read).
func TestHookProjectConfigMakesCores(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, setting, want, not string
	}{
		{"with project-config", "project-config: %s\n", "mallory (horizon-core), same username", "is unknown"},
		{"without", "", "whether it is a core of horizon is unknown", "same username, member"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newGerritScene(t, fakegerrit.Options{})
			s.gerrit.AddAccount(fakegerrit.Account{Username: "mallory", ID: 2001, Name: "Mal Lory"})
			s.gerrit.AddGroup(fakegerrit.Group{Name: "horizon-core", Members: []string{"mallory"}, Viewers: []string{botUser}})
			setting := tt.setting
			if setting != "" {
				setting = strings.Replace(setting, "%s", idProjectConfig(t, "xstatic-tv4"), 1)
			}
			h := newHookSite(t, s, setting)
			res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...)
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s", res.Code, res.Stderr)
			}
			rs := s.gerrit.Reviews()
			if len(rs) != 1 {
				t.Fatalf("%d reviews, want 1", len(rs))
			}
			msg := rs[0].Input.Message
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, tt.not) {
				t.Errorf("review message, want %q:\n%s", tt.want, msg)
			}
			noViolations(t, s.gerrit)
		})
	}
}

// TestHookRefusesABadProjectConfig: a project-config setting that is no
// checkout is the operator's error (exit 2), before anything is asked.
func TestHookRefusesABadProjectConfig(t *testing.T) {
	t.Parallel()
	s := newGerritScene(t, fakegerrit.Options{})
	h := newHookSite(t, s, "project-config: "+t.TempDir()+"\n")
	res := runHook(t, h.env(s.repo.Dir), pluginArgs(s.triplet(s.dirtyN), "openstack/governance", "master", s.dirty, "1")...)
	if res.Code != 2 || len(s.gerrit.Requests()) != 0 {
		t.Errorf("exit %d, %d requests; want 2 and none\n%s", res.Code, len(s.gerrit.Requests()), res.Stderr)
	}
	if !strings.Contains(res.Stderr+res.Stdout, "project-config") {
		t.Errorf("output does not name the setting:\n%s%s", res.Stdout, res.Stderr)
	}
}
