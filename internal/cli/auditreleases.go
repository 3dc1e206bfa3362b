package cli

import (
	"context"
	"os"
	"path/filepath"

	"opendev.org/openstack/pypiguard/internal/report"
)

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
