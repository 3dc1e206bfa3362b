package report

import "time"

// ReleaseKind is what the comparison of PyPI's versions with
// openstack/releases found (issue 19). The ids are stable.
type ReleaseKind string

// The kinds.
const (
	// UnreleasedUpload is a version on PyPI that openstack/releases never
	// recorded: someone uploaded outside the release pipeline.
	UnreleasedUpload ReleaseKind = "unreleased-upload"
	// LateFile is a file added to a release long after its first file.
	LateFile ReleaseKind = "late-file"
	// Historical are versions older than the pipeline's records: counted,
	// never failed.
	Historical ReleaseKind = "historical"
	// UnpublishedRelease is a recorded release not on PyPI (yet).
	UnpublishedRelease ReleaseKind = "unpublished-release"
)

// Fails reports whether k fails the audit.
func (k ReleaseKind) Fails() bool { return k == UnreleasedUpload || k == LateFile }

// Releases is the audit's comparison of PyPI's versions with
// openstack/releases.
type Releases struct {
	// Made is false when the comparison was not made; Why says why.
	Made bool   `json:"made"`
	Why  string `json:"why,omitempty"`
	// Source is the openstack/releases checkout compared with.
	Source string `json:"source,omitempty"`
	// Compared counts the packages compared; Counts the findings by kind
	// (historical counts versions).
	Compared int                 `json:"compared"`
	Counts   map[ReleaseKind]int `json:"counts"`
	Findings []ReleaseFinding    `json:"findings"`
	// Unrecorded are packages whose repo and deliverable have no release
	// entry: nothing to compare with.
	Unrecorded []string `json:"unrecorded,omitempty"`
	// Unknown are packages whose release list was not read this run
	// (no JSON document, or an answer carried from the baseline).
	Unknown []string `json:"unknown,omitempty"`
	// LateFileAfter is the late-file threshold, in hours.
	LateFileAfter float64 `json:"late_file_after_hours"`
}

// ReleaseFinding is one version (or, for historical, one package's old
// versions) of one package.
type ReleaseFinding struct {
	Kind        ReleaseKind `json:"kind"`
	Severity    Severity    `json:"severity"`
	Package     string      `json:"package"`
	Repo        string      `json:"repo,omitempty"`
	Deliverable string      `json:"deliverable,omitempty"`
	Version     string      `json:"version,omitempty"`
	// Versions are a historical finding's versions, lowest first.
	Versions []string `json:"versions,omitempty"`
	// Uploaded is the version's first upload (unreleased-upload) or the
	// late file's (late-file).
	Uploaded *time.Time    `json:"uploaded,omitempty"`
	Files    []ReleaseFile `json:"files,omitempty"`
	// Accounts could upload when the audit ran (the current roles); the
	// roles at the upload time are known only from PyPI's journal.
	Accounts []Role `json:"accounts,omitempty"`
	// Lowest is the lowest version openstack/releases records.
	Lowest  string `json:"lowest_recorded,omitempty"`
	Message string `json:"message"`
	// File and Line point at the release entry (unpublished-release) or
	// at the repo in governance.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Change string `json:"change,omitempty"`
}

// ReleaseFile is one file of a version on PyPI.
type ReleaseFile struct {
	Filename    string    `json:"filename"`
	PackageType string    `json:"packagetype"`
	Uploaded    time.Time `json:"uploaded"`
}
