package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
)

// releasesInput reads openstack/releases for the audit's comparison of
// PyPI's versions (issue 19) from dir (--releases, already fetched when a
// URL). Without one the report says the comparison was not made; this is
// the hook for the cached clone of openstack/releases: once the CLI has
// one, pass its directory here.
func releasesInput(dir string) (guard.ReleasesInput, error) {
	if dir == "" {
		return guard.ReleasesInput{}, nil
	}
	ix, err := releases.LoadIndex(dir)
	if err != nil {
		return guard.ReleasesInput{}, usageError(fmt.Errorf("--releases: %w", err))
	}
	return guard.ReleasesInput{Index: ix, Source: dir}, nil
}

// releaseViolation reports whether a release finding fails the run under
// --fail-on.
func releaseViolation(r *report.Report, failOn string) bool {
	if r.Releases == nil {
		return false
	}
	for _, f := range r.Releases.Findings {
		if f.Kind.Fails() && (failOn == "any" || (failOn == "new" && f.Change != "unchanged")) {
			return true
		}
	}
	return false
}

// defaultReleases fills an empty --releases with the cached clone of
// openstack/releases, brought up to date (as check does for its gate
// inputs), so that the audit and the watch compare PyPI's versions with it
// by default. When it cannot be had, why says so, for the report.
func defaultReleases(ctx context.Context, cacheFlag string, releases *string) (why string, err error) {
	if *releases != "" {
		return "", nil
	}
	cache, err := cacheDir(cacheFlag)
	if err != nil {
		return "", err
	}
	url := openDevURL("") + "/openstack/releases"
	dir, reason := (&gateFlags{}).get(ctx, url, cache)
	if dir == "" {
		return "openstack/releases " + reason + "; pass --releases DIR", nil
	}
	if st, err := os.Stat(filepath.Join(dir, "deliverables")); err != nil || !st.IsDir() {
		return "the clone of " + url + " in " + cache + " has no deliverables/ folder; pass --releases DIR", nil
	}
	*releases = dir
	return "", nil
}
