package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
)

// releaseShown are the kinds listed one by one; unpublished releases are
// counted (a package can have hundreds), and historical ones are one line
// a package.
var releaseShown = []report.ReleaseKind{report.UnreleasedUpload, report.LateFile, report.Historical}

// releasesHeadline is the section's first line: what was compared, with
// what, and the counts, or why nothing was compared.
func releasesHeadline(rs *report.Releases) string {
	if !rs.Made {
		return "Releases OpenStack made: not compared; " + rs.Why + "."
	}
	return fmt.Sprintf("Releases OpenStack made: %d packages compared with openstack/releases (%s): %d unreleased uploads, %d late files, %d historical versions (not failed), %d recorded releases not on PyPI; %d packages with no release recorded, %d whose versions were not read.",
		rs.Compared, rs.Source, rs.Counts[report.UnreleasedUpload], rs.Counts[report.LateFile], rs.Counts[report.Historical],
		rs.Counts[report.UnpublishedRelease], len(rs.Unrecorded), len(rs.Unknown))
}

// releaseLine is one finding for people.
func releaseLine(f report.ReleaseFinding) string {
	tag := string(f.Kind) + " (" + string(f.Severity) + ")"
	if f.Change == "new" {
		tag += ", new"
	}
	files := ""
	if f.Kind == report.UnreleasedUpload && len(f.Files) > 0 {
		var names []string
		for _, file := range f.Files {
			names = append(names, file.Filename+" "+file.Uploaded.Format(time.RFC3339))
		}
		files = "; files: " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s: %s%s", tag, f.Message, files)
}

// shownReleases are the findings listed one by one, in releaseShown's
// order.
func shownReleases(rs *report.Releases) []report.ReleaseFinding {
	var out []report.ReleaseFinding
	for _, k := range releaseShown {
		for _, f := range rs.Findings {
			if f.Kind == k {
				out = append(out, f)
			}
		}
	}
	return out
}

func writeReleasesText(w io.Writer, r *report.Report) {
	rs := r.Releases
	if rs == nil {
		return
	}
	fmt.Fprintf(w, "%s\n", releasesHeadline(rs))
	for _, f := range shownReleases(rs) {
		fmt.Fprintf(w, "  %s\n", releaseLine(f))
	}
	fmt.Fprintln(w)
}

func writeReleasesMarkdown(w io.Writer, r *report.Report) {
	rs := r.Releases
	if rs == nil {
		return
	}
	fmt.Fprintf(w, "## Releases OpenStack made\n\n%s\n\n", mdProse(releasesHeadline(rs)))
	shown := shownReleases(rs)
	for _, f := range shown {
		fmt.Fprintf(w, "- **%s** %s\n", md(f.Package), mdProse(releaseLine(f)))
	}
	if len(shown) > 0 {
		fmt.Fprintln(w)
	}
}
