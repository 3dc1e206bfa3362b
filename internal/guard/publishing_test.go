package guard

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestPublishingWinsOverReleaseManagement classifies every governed repo of
// today's real files as the audit does: the five repos that publish
// (publish-to-pypi in zuul.d/projects.yaml) although their deliverable says
// release-management: none are judged, not called not-applicable
// (issue 13); and none/external still skip the repos that publish nothing.
func TestPublishingWinsOverReleaseManagement(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	g, err := governance.Parse(fixture.ReadTree(t, filepath.Join(data, "governance")), nil)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := projectconfig.Parse(fixture.ReadTree(t, filepath.Join(data, "project-config")), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ws []report.Warning
	ts := auditTargets(g, &ws)
	d := &Deps{Policy: policy.Default()}
	var judgedDespite, skipped []string
	for i, j := range d.classify(ts, pc) {
		if governance.Publishes(ts[i].releaseManagement) || ts[i].retired {
			continue
		}
		if j.verdict.Status == report.NotApplicable {
			skipped = append(skipped, j.repo)
		} else {
			judgedDespite = append(judgedDespite, j.repo)
		}
	}
	slices.Sort(judgedDespite)
	want := []string{"openstack/coverage2sql", "openstack/molteniron", "openstack/os-performance-tools", "openstack/pyeclib", "openstack/rbd-iscsi-client"}
	if !slices.Equal(judgedDespite, want) {
		t.Errorf("repos judged although release-management says none/external: %q, want %q", judgedDespite, want)
	}
	if len(skipped) < 50 {
		t.Errorf("only %d repos skipped for release-management: none/external; want the many that publish nothing", len(skipped))
	}
	t.Logf("%d none/external repos skipped, %d judged because they publish", len(skipped), len(judgedDespite))
}

// TestPublishingUnknown: without project-config, publishing cannot be known
// and release-management decides (a basename looked up for a repo that
// publishes nothing would blame whoever holds that name); a repo
// project-config does not know yet is looked up.
func TestPublishingUnknown(t *testing.T) {
	t.Parallel()
	if why := notApplicable(target{repo: "openstack/x", releaseManagement: "none"}, nil, policy.Default()); !strings.Contains(why, "release-management: none") {
		t.Errorf("without project-config, release-management: none is judged: %q", why)
	}
	if why := notApplicable(target{repo: "openstack/x"}, nil, policy.Default()); why != "" {
		t.Errorf("without project-config, a managed repo is not judged: %s", why)
	}
	empty, _ := projectconfig.Parse(map[string][]byte{projectconfig.GerritFile: []byte("- project: openstack/y\n")}, nil)
	if why := notApplicable(target{repo: "openstack/x"}, empty, policy.Default()); why != "" {
		t.Errorf("a repo project-config does not know yet is not looked up: %s", why)
	}
	pc, _ := projectconfig.Parse(map[string][]byte{projectconfig.GerritFile: []byte("- project: openstack/x\n")}, nil)
	if why := notApplicable(target{repo: "openstack/x", releaseManagement: "external"}, pc, policy.Default()); why == "" {
		t.Error("a repo that publishes nothing with release-management: external is judged")
	}
}
