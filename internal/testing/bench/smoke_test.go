package bench

import (
	"bytes"
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestScenarios runs each benchmark's scenario once, without latency, so
// that CI notices when one stops doing what it measures.
func TestScenarios(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	t.Run("real audit: one JSON request per package", func(t *testing.T) {
		names := governedWorld(t, data)
		pypi := fakepypi.New(fakepypi.CleanWorld(names, nil), fakepypi.Options{})
		defer pypi.Close()
		r := runBinary(t, t.TempDir(), "audit", "--governance", filepath.Join(data, "governance"), "--project-config", filepath.Join(data, "project-config"),
			"--pypi-url", pypi.URL, "--fail-on", "never", "--log-level", "error")
		mustCode(t, r, 0)
		c := pypi.Counts()
		// XML-RPC: user_packages (the reverse audit) and changelog_last_serial
		// (the serial an incremental audit starts from).
		if c.Simple+c.HTML != 0 || c.XMLRPC != 2 || c.JSON < 900 || r.MaxRSS == 0 {
			t.Errorf("requests %+v, peak RSS %d", c, r.MaxRSS)
		}
	})
	t.Run("check with no deliverable asks nothing", func(t *testing.T) {
		base := fixture.ReadTree(t, filepath.Join(data, "governance"))
		head := map[string][]byte{}
		for p, d := range base {
			head[p] = bytes.Clone(d)
		}
		head["reference/projects.yaml"] = append(head["reference/projects.yaml"], "\n# a comment\n"...)
		pypi := fakepypi.New(fakepypi.World{}, fakepypi.Options{})
		defer pypi.Close()
		r := runBinary(t, t.TempDir(), "check", "--repo", governanceRepo(t, base, head), "--pypi-url", pypi.URL)
		mustCode(t, r, 0)
		if n := pypi.Counts().Total(); n != 0 {
			t.Errorf("%d requests", n)
		}
	})
	t.Run("scale tree", func(t *testing.T) {
		dir := t.TempDir()
		names := synthetic(t, dir, 120)
		pypi := fakepypi.New(fakepypi.CleanWorld(names, nil), fakepypi.Options{})
		defer pypi.Close()
		r := runBinary(t, dir, "audit", "--governance", filepath.Join(dir, "governance"), "--project-config", filepath.Join(dir, "project-config"),
			"--pypi-url", pypi.URL, "--fail-on", "any", "--log-level", "error")
		mustCode(t, r, 0)
		if c := pypi.Counts(); c.JSON != 120 {
			t.Errorf("requests %+v", c)
		}
	})
}
