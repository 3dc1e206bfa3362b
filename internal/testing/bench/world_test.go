package bench

import (
	"path/filepath"
	"slices"
	"testing"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// governedWorld is every name the real audit looks up, so that each gets
// one JSON answer: the governed repos' names (legacy's too) and the
// basenames of the repos the policy names otherwise, which are looked up
// beside the declared name (names.Resolved.Also).
func governedWorld(tb testing.TB, data string) []string {
	names := fixture.GovernedNames(tb, filepath.Join(data, "governance"), true)
	for repo := range policy.Default().Names {
		names = append(names, naming.RepoBase(repo))
	}
	slices.Sort(names)
	return slices.Compact(names)
}
