package fakepypi

import (
	"fmt"
	"slices"
	"time"
)

// Release is one version of a Project with its files, as the world file
// describes it:
//
//	{"version": "1.0.0", "files": [{"filename": "x-1.0.0.tar.gz", "packagetype": "sdist",
//	  "uploaded": "2024-01-02T03:04:05Z"}]}
type Release struct {
	Version string `json:"version"`
	Files   []File `json:"files"`
}

// File is one distribution file of a Release.
type File struct {
	Filename    string    `json:"filename"`
	PackageType string    `json:"packagetype"` // sdist or bdist_wheel
	Uploaded    time.Time `json:"uploaded"`
}

// DefaultUploaded is when the default release's file was uploaded.
var DefaultUploaded = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// releases are the project's releases: Releases, or else one release of
// version() with one sdist.
func (p Project) releases() []Release {
	if len(p.Releases) > 0 {
		return p.Releases
	}
	v := p.version()
	return []Release{{Version: v, Files: []File{{Filename: normalize(p.Name) + "-" + v + ".tar.gz", PackageType: "sdist", Uploaded: DefaultUploaded}}}}
}

func (r Release) check() error {
	if !validName.MatchString(r.Version) {
		return fmt.Errorf("release %q is not a version", r.Version)
	}
	for _, f := range r.Files {
		if !validName.MatchString(f.Filename) || f.Uploaded.IsZero() || (f.PackageType != "sdist" && f.PackageType != "bdist_wheel") {
			return fmt.Errorf("release %s: file %+v: give filename, packagetype sdist or bdist_wheel, and uploaded", r.Version, f)
		}
	}
	return nil
}

// jsonReleases is the JSON API's releases map and the latest version's
// files (urls). warehouse/legacy/api/json.py (_json_data) lists every
// release with its files, each with "filename", "packagetype", "url",
// "upload_time" (strftime "%Y-%m-%dT%H:%M:%S") and "upload_time_iso_8601"
// (isoformat() + "Z": microseconds shown unless zero), oldest first.
func jsonReleases(p Project, latest string) (map[string][]jsonFile, []jsonFile) {
	m := map[string][]jsonFile{}
	for _, r := range p.releases() {
		files := slices.Clone(r.Files)
		slices.SortStableFunc(files, func(a, b File) int { return a.Uploaded.Compare(b.Uploaded) })
		out := make([]jsonFile, 0, len(files))
		for _, f := range files {
			out = append(out, jsonFile{Filename: f.Filename, PackageType: f.PackageType,
				URL:        "https://files.pythonhosted.org/packages/" + f.Filename,
				UploadTime: f.Uploaded.UTC().Format("2006-01-02T15:04:05"), UploadTimeISO: isoformatZ(f.Uploaded)})
		}
		m[r.Version] = out
	}
	return m, m[latest]
}

// isoformatZ is Python's datetime.isoformat() + "Z" for a naive UTC time.
func isoformatZ(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05") + "Z"
	}
	return t.Format("2006-01-02T15:04:05") + fmt.Sprintf(".%06dZ", t.Nanosecond()/1000)
}

// pythonVersion is the python_version warehouse writes in the journal's
// "add <python_version> file <filename>" (forklift/legacy.py): "source"
// for an sdist.
func (f File) pythonVersion() string {
	if f.PackageType == "sdist" {
		return "source"
	}
	return "py3"
}

// releasedSince writes what uploads made p from old: "new release" for
// each version old lacked, then "add <python_version> file <filename>" for
// each file it lacked (warehouse/forklift/legacy.py file_upload).
func (t journalTx) releasedSince(old *Project, p Project) {
	had := map[string]bool{}
	oldVersions := map[string]bool{}
	if old != nil && !old.NoReleases {
		for _, r := range old.releases() {
			oldVersions[r.Version] = true
			for _, f := range r.Files {
				had[f.Filename] = true
			}
		}
	}
	for _, r := range p.releases() {
		if !oldVersions[r.Version] {
			t.add(p.Name, r.Version, "new release")
		}
		for _, f := range r.Files {
			if !had[f.Filename] {
				t.add(p.Name, r.Version, "add "+f.pythonVersion()+" file "+f.Filename)
			}
		}
	}
}
