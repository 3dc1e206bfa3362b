package pypi

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Release is one version PyPI holds for a project, with its files, as the
// JSON API's releases map lists it (issue 19).
type Release struct {
	// Version is the version string as PyPI keeps it (the uploader's
	// metadata, normalized by warehouse since PEP 440 enforcement; older
	// uploads can be any string).
	Version string
	Files   []File // oldest first; empty when every file was deleted
}

// File is one distribution file of a release.
type File struct {
	Filename    string
	PackageType string    // sdist, bdist_wheel, ...
	Uploaded    time.Time // upload_time_iso_8601, UTC
}

// FirstUpload is when the release's first file was uploaded; zero when it
// has no file left.
func (r Release) FirstUpload() time.Time {
	if len(r.Files) == 0 {
		return time.Time{}
	}
	return r.Files[0].Uploaded
}

// jsonFile is one file of the JSON API's releases map. warehouse writes it
// in warehouse/legacy/api/json.py (_json_data): "filename", "packagetype",
// and "upload_time_iso_8601" (f.upload_time.isoformat() + "Z", UTC, with
// microseconds unless they are zero), beside fields pypiguard does not read.
type jsonFile struct {
	Filename    string `json:"filename"`
	PackageType string `json:"packagetype"`
	UploadTime  string `json:"upload_time_iso_8601"`
}

// fileChars are the characters of a version or a filename PyPI accepts
// (warehouse/forklift/legacy.py refuses others): nothing that could carry
// markup or escapes into a report.
var fileChars = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+!-]{0,254}$`)

// decodeReleases turns the releases map into Releases, sorted by version
// string (the caller orders them as PEP 440 does) with each release's files
// oldest first. A version, filename or time that PyPI could not have
// written makes the whole answer malformed: a report must not show it.
func decodeReleases(m map[string][]jsonFile) ([]Release, error) {
	out := make([]Release, 0, len(m))
	for v, files := range m {
		if !fileChars.MatchString(v) {
			return nil, fmt.Errorf("%w: JSON releases: %q is not a version PyPI could hold", ErrMalformed, v)
		}
		r := Release{Version: v, Files: make([]File, 0, len(files))}
		for _, f := range files {
			file, err := decodeFile(v, f)
			if err != nil {
				return nil, err
			}
			r.Files = append(r.Files, file)
		}
		slices.SortStableFunc(r.Files, func(a, b File) int { return a.Uploaded.Compare(b.Uploaded) })
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Release) int { return strings.Compare(a.Version, b.Version) })
	return out, nil
}

func decodeFile(version string, f jsonFile) (File, error) {
	if !fileChars.MatchString(f.Filename) || (f.PackageType != "" && !fileChars.MatchString(f.PackageType)) {
		return File{}, fmt.Errorf("%w: JSON releases: %s: file %q of type %q is not a distribution PyPI could hold", ErrMalformed, version, f.Filename, f.PackageType)
	}
	t, err := time.Parse(time.RFC3339Nano, f.UploadTime)
	if err != nil {
		return File{}, fmt.Errorf("%w: JSON releases: %s: %s: upload_time_iso_8601 %q is not an ISO 8601 time", ErrMalformed, version, f.Filename, f.UploadTime)
	}
	return File{Filename: f.Filename, PackageType: f.PackageType, Uploaded: t.UTC()}, nil
}

// cloneReleases copies rs deeply.
func cloneReleases(rs []Release) []Release {
	if rs == nil {
		return nil
	}
	out := make([]Release, len(rs))
	for i, r := range rs {
		out[i] = Release{Version: r.Version, Files: slices.Clone(r.Files)}
	}
	return out
}
