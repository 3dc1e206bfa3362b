package cli

import (
	"os"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestMain keeps the in-process runs of check off the network: their
// clones of project-config and releases come from nowhere.
func TestMain(m *testing.M) {
	kv := strings.SplitN(fixture.NoOpenDev, "=", 2)
	os.Setenv(kv[0], kv[1])
	os.Setenv("XDG_CACHE_HOME", os.TempDir()+"/pypiguard-cli-tests-cache")
	os.Exit(m.Run())
}
