package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestWatchUnrecordedRelease: with --releases, a new release of a governed
// package that openstack/releases never recorded is an alert within one
// poll; a recorded one is information.
func TestWatchUnrecordedRelease(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rel := filepath.Join(dir, "releases")
	must(t, os.MkdirAll(filepath.Join(rel, "deliverables", "_independent"), 0o755))
	must(t, os.WriteFile(filepath.Join(rel, "deliverables", "_independent", "oslo.config.yaml"), []byte(
		"launchpad: oslo.config\nteam: oslo\ntype: library\nrelease-model: independent\nreleases:\n  - version: 9.0.0\n    projects:\n      - repo: openstack/oslo.config\n        hash: 0123456789abcdef0123456789abcdef01234567\n"), 0o644))
	audit := filepath.Join(dir, "report.json")
	must(t, os.WriteFile(audit, []byte(`{"schema": 1, "mode": "audit", "findings": [{"repo": "openstack/oslo.config", "package": "oslo.config", "status": "clean"}]}`), 0o644))
	pypi := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}}}}}, fakepypi.Options{})
	defer pypi.Close()
	state := filepath.Join(dir, "watch.json")
	watch := func() fixture.Result {
		return fixture.Run(t, dir, nil, "watch", "--state", state, "--pypi-url", pypi.URL, "--pypi-rate", "50",
			"--audit-report", audit, "--releases", rel, "--format", "json", "--log-level", "error")
	}
	if res := watch(); res.Code != 0 {
		t.Fatalf("first poll: exit %d: %s", res.Code, res.Stderr)
	}
	up := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	pypi.SetProject(fakepypi.Project{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}}, Releases: []fakepypi.Release{
		{Version: "9.0.0", Files: []fakepypi.File{{Filename: "oslo_config-9.0.0.tar.gz", PackageType: "sdist", Uploaded: up}}},
		{Version: "9.9.9", Files: []fakepypi.File{{Filename: "oslo_config-9.9.9.tar.gz", PackageType: "sdist", Uploaded: up}}},
	}})
	res := watch()
	var alerts, releasesSeen []report.WatchEntry
	for _, line := range strings.Split(strings.TrimSpace(res.Stdout), "\n") {
		var e report.WatchEntry
		if json.Unmarshal([]byte(line), &e) != nil {
			continue
		}
		if e.Kind == "release-added" {
			releasesSeen = append(releasesSeen, e)
		}
		if e.Alert {
			alerts = append(alerts, e)
		}
	}
	if res.Code != 1 || len(releasesSeen) != 2 || len(alerts) != 1 || alerts[0].Version != "9.9.9" || !strings.Contains(alerts[0].Why, "openstack/releases has no release 9.9.9") {
		t.Errorf("exit %d, releases %+v, alerts %+v\n%s%s", res.Code, releasesSeen, alerts, res.Stdout, res.Stderr)
	}
	if res := fixture.Run(t, dir, nil, "watch", "--state", state, "--pypi-url", pypi.URL, "--releases", rel); res.Code != 2 || !strings.Contains(res.Stderr, "--releases needs --audit-report") {
		t.Errorf("--releases without --audit-report: exit %d: %s", res.Code, res.Stderr)
	}
}

// TestAuditUsesCachedReleases: without --releases, the audit compares
// PyPI's versions with its clone of openstack/releases, made and kept in
// the cache as check's gate inputs are; without one, the report says why.
func TestAuditUsesCachedReleases(t *testing.T) {
	t.Parallel()
	td, pypi := auditWorld(t, fakepypi.Options{})
	root := openDevWith(t, map[string]map[string][]byte{"releases": {"deliverables/_independent/horizon.yaml": []byte(
		"launchpad: horizon\nteam: horizon\ntype: horizon-plugin\nrelease-model: independent\nreleases:\n  - version: 1.0.0\n    projects:\n      - repo: openstack/horizon\n        hash: 0123456789abcdef0123456789abcdef01234567\n")}})
	cache := t.TempDir()
	args := []string{"--governance", "governance", "--project-config", "project-config", "--config", "policy.yaml",
		"--today", "2026-12-20", "--pypi-url", pypi.URL, "--fail-on", "never", "--cache-dir", cache}
	_, rep, _ := auditRunIn(t, td, []string{"PYPIGUARD_OPENDEV_URL=file://" + root}, args...)
	if rep.Releases == nil || !rep.Releases.Made || !strings.HasPrefix(rep.Releases.Source, cache) {
		t.Errorf("the cached clone was not compared with: %+v", rep.Releases)
	}
	_, rep, _ = auditRunIn(t, td, []string{"PYPIGUARD_OPENDEV_URL=file://" + filepath.Join(root, "missing")}, append(args[:len(args)-1], t.TempDir())...)
	if rep.Releases == nil || rep.Releases.Made || !strings.Contains(rep.Releases.Why, "could not be cloned") {
		t.Errorf("no clone to be had: %+v", rep.Releases)
	}
}
