package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	digest := func() string { return "0123456789ab" }
	none := func() string { return "" }
	rev := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "b1fa49e0a7bb682b5ba7c6937091c726e36c80b1"}, {Key: "vcs.modified", Value: "false"}}
	dirty := []debug.BuildSetting{{Key: "vcs.revision", Value: "b1fa49e0a7bb682b5ba7c6937091c726e36c80b1"}, {Key: "vcs.modified", Value: "true"}}
	for _, tc := range []struct {
		name   string
		bi     *debug.BuildInfo
		digest func() string
		want   string
	}{
		{"module version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: rev}, digest, "v1.2.3"},
		{"vcs revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, digest, "rev-b1fa49e0a7bb"},
		{"dirty tree", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: dirty}, digest, "rev-b1fa49e0a7bb-dirty"},
		{"no vcs", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, digest, "build-0123456789ab"},
		{"no build info", nil, digest, "build-0123456789ab"},
		{"nothing at all", nil, none, "unknown"},
	} {
		if got := FromBuildInfo(tc.bi, tc.digest); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
