package guard

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/pep440"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
)

// ReleaseTarget is one governed package to compare with openstack/releases.
// Others are the other governed repos (and their deliverables) that map to
// the same package: what any of them recorded counts (a repo renamed or
// retired into another, say).
type ReleaseTarget struct {
	Package, Repo, Deliverable string
	Others                     [][2]string // {repo, deliverable}
	File                       string
	Line                       int
	Roles                      []report.Role
	Releases                   []pypi.Release
}

// recorded is what openstack/releases recorded for a package: for each of
// its repos, the releases that tag the repo, or else its deliverable's (a
// repo renamed since, say).
type recorded []*releases.Versions

func recordedFor(ix *releases.Index, t ReleaseTarget) recorded {
	var out recorded
	for _, rd := range append([][2]string{{t.Repo, t.Deliverable}}, t.Others...) {
		v := ix.Repo(rd[0])
		if len(v.All()) == 0 {
			v = ix.Deliverable(rd[1])
		}
		if len(v.All()) > 0 {
			out = append(out, v)
		}
	}
	return out
}

// Find reports whether any repo recorded version.
func (rc recorded) Find(version string) bool {
	for _, v := range rc {
		if len(v.Find(version)) > 0 {
			return true
		}
	}
	return false
}

// Lowest is the lowest version any repo recorded.
func (rc recorded) Lowest() (releases.Recorded, bool) {
	var low releases.Recorded
	ok := false
	for _, v := range rc {
		if l, has := v.Lowest(); has && (!ok || pep440.Compare(l.Version, low.Version) < 0) {
			low, ok = l, true
		}
	}
	return low, ok
}

// All is every recorded version once, lowest first.
func (rc recorded) All() []releases.Recorded {
	seen := map[string]bool{}
	var out []releases.Recorded
	for _, v := range rc {
		for _, r := range v.All() {
			if !seen[r.Version.Key()] {
				seen[r.Version.Key()] = true
				out = append(out, r)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b releases.Recorded) int { return pep440.Compare(a.Version, b.Version) })
	return out
}

// CompareReleases judges one package's versions on PyPI against what
// openstack/releases recorded (issue 19). Pure: no I/O, no clock. ok is
// false when nothing is recorded for the repo or the deliverable.
func CompareReleases(ix *releases.Index, pol *policy.Policy, t ReleaseTarget) (out []report.ReleaseFinding, ok bool) {
	rec := recordedFor(ix, t)
	lowest, ok := rec.Lowest()
	if !ok {
		return nil, false
	}
	rels := sortedReleases(t.Releases)
	lowestFirst := firstUploadOf(rels, lowest.Version)
	var old []string
	for _, r := range rels {
		out = append(out, lateFiles(t, r, pol.LateFileAfter())...)
		if rec.Find(r.Version) {
			continue
		}
		if historical(pol, t.Package, r, lowest.Version, lowestFirst) {
			old = append(old, r.Version)
			continue
		}
		out = append(out, unreleased(t, r, lowest))
	}
	if len(old) > 0 {
		out = append(out, historicalFinding(t, old, lowest, pol.HistoryFor(t.Package)))
	}
	return append(out, unpublished(t, rec, rels)...), true
}

// sortedReleases orders releases as PEP 440 does; a version that is none
// (a legacy upload) goes first, by string.
func sortedReleases(rs []pypi.Release) []pypi.Release {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b pypi.Release) int {
		va, ea := pep440.Parse(a.Version)
		vb, eb := pep440.Parse(b.Version)
		switch {
		case ea != nil && eb != nil:
			return strings.Compare(a.Version, b.Version)
		case ea != nil:
			return -1
		case eb != nil:
			return 1
		}
		return pep440.Compare(va, vb)
	})
	return out
}

func firstUploadOf(rs []pypi.Release, v pep440.Version) time.Time {
	for _, r := range rs {
		if pv, err := pep440.Parse(r.Version); err == nil && pv.Equal(v) {
			return r.FirstUpload()
		}
	}
	return time.Time{}
}

// historical says whether r predates the pipeline: below the policy's
// cut-off, or uploaded no later than the lowest recorded version's first
// file. Time decides rather than version order: nova's 2011.2 sorts above
// its lowest recorded 12.0.0, and a low version uploaded after the
// pipeline began (11.9.9 beside 12.0.0) is no history. Only when the
// lowest recorded version is not on PyPI does the version order decide.
func historical(pol *policy.Policy, pkg string, r pypi.Release, lowest pep440.Version, lowestFirst time.Time) bool {
	v, err := pep440.Parse(r.Version)
	if h := pol.HistoryFor(pkg); h != nil && err == nil && pep440.Compare(v, h.Before) < 0 {
		return true
	}
	if first := r.FirstUpload(); !lowestFirst.IsZero() {
		return !first.IsZero() && !first.After(lowestFirst)
	}
	return err == nil && pep440.Compare(v, lowest) < 0
}

func unreleased(t ReleaseTarget, r pypi.Release, lowest releases.Recorded) report.ReleaseFinding {
	f := report.ReleaseFinding{Kind: report.UnreleasedUpload, Severity: report.Critical, Package: t.Package, Repo: t.Repo,
		Deliverable: t.Deliverable, Version: r.Version, Files: reportFiles(r.Files), Accounts: t.Roles, Lowest: lowest.Raw, File: t.File, Line: t.Line}
	when := "with no file left"
	if first := r.FirstUpload(); !first.IsZero() {
		f.Uploaded = &first
		when = "first uploaded " + first.Format(time.RFC3339)
	}
	f.Message = fmt.Sprintf("%s %s is on PyPI (%s, %d files) but openstack/releases records no such release of %s: it did not come through the release pipeline. Accounts that can upload now: %s",
		t.Package, r.Version, when, len(r.Files), t.Repo, accountList(t.Roles))
	return f
}

// lateFiles are r's files uploaded more than after past its first file.
func lateFiles(t ReleaseTarget, r pypi.Release, after time.Duration) []report.ReleaseFinding {
	var out []report.ReleaseFinding
	first := r.FirstUpload()
	for _, file := range r.Files {
		if file.Uploaded.Sub(first) <= after {
			continue
		}
		up := file.Uploaded
		out = append(out, report.ReleaseFinding{Kind: report.LateFile, Severity: report.High, Package: t.Package, Repo: t.Repo,
			Deliverable: t.Deliverable, Version: r.Version, Uploaded: &up, Files: reportFiles([]pypi.File{file}), Accounts: t.Roles, File: t.File, Line: t.Line,
			Message: fmt.Sprintf("%s was added to %s %s on %s, %s after the release's first file (%s); the release jobs upload every file within minutes. Accounts that can upload now: %s",
				file.Filename, t.Package, r.Version, up.Format(time.RFC3339), days(file.Uploaded.Sub(first)), first.Format(time.RFC3339), accountList(t.Roles))})
	}
	return out
}

func historicalFinding(t ReleaseTarget, old []string, lowest releases.Recorded, cut *policy.History) report.ReleaseFinding {
	why := "below the lowest version openstack/releases records (" + lowest.Raw + ", " + lowest.Pos.String() + ") and uploaded before it"
	if cut != nil {
		why += fmt.Sprintf("; or below the policy's cut-off %s (%s)", cut.Raw, cut.Reason)
	}
	return report.ReleaseFinding{Kind: report.Historical, Severity: report.Info, Package: t.Package, Repo: t.Repo, Deliverable: t.Deliverable,
		Versions: old, Lowest: lowest.Raw, File: t.File, Line: t.Line,
		Message: fmt.Sprintf("%d versions of %s predate the release pipeline: %s", len(old), t.Package, why)}
}

// unpublished are the recorded versions PyPI does not hold.
func unpublished(t ReleaseTarget, rec recorded, rels []pypi.Release) []report.ReleaseFinding {
	on := map[string]bool{}
	for _, r := range rels {
		if v, err := pep440.Parse(r.Version); err == nil {
			on[v.Key()] = true
		}
	}
	var out []report.ReleaseFinding
	for _, r := range rec.All() {
		if on[r.Version.Key()] {
			continue
		}
		out = append(out, report.ReleaseFinding{Kind: report.UnpublishedRelease, Severity: report.Info, Package: t.Package, Repo: t.Repo,
			Deliverable: r.Deliverable, Version: r.Raw, File: r.Pos.File, Line: r.Pos.Line,
			Message: fmt.Sprintf("openstack/releases records %s %s (%s), which is not on PyPI: the upload is still to come, or it failed", r.Deliverable, r.Raw, r.Series)})
	}
	return out
}

func reportFiles(fs []pypi.File) []report.ReleaseFile {
	out := make([]report.ReleaseFile, 0, len(fs))
	for _, f := range fs {
		out = append(out, report.ReleaseFile{Filename: f.Filename, PackageType: f.PackageType, Uploaded: f.Uploaded})
	}
	return out
}

func accountList(rs []report.Role) string {
	if len(rs) == 0 {
		return "none listed"
	}
	var b []string
	for _, r := range rs {
		b = append(b, r.User+" ("+r.Role+")")
	}
	return strings.Join(b, ", ")
}

func days(d time.Duration) string {
	return fmt.Sprintf("%.0f days", d.Hours()/24)
}
