package releases

import (
	"strings"

	"opendev.org/openstack/pypiguard/internal/pep440"
)

// Tag is what a release entry's version names.
type Tag string

// Tags. The ids are stable: they appear in reports.
const (
	// TagVersion is a PEP 440 version: what the release jobs upload.
	TagVersion Tag = "version"
	// TagEOL, TagEOM and TagEM end a series' maintenance (yoga-eol,
	// 2023.1-eom, ocata-em): they tag a branch's end and upload nothing.
	TagEOL Tag = "eol"
	TagEOM Tag = "eom"
	TagEM  Tag = "em"
	// TagLast marks the last commit of an unmaintained branch (zed-last).
	TagLast Tag = "last"
	// TagOther is any other string that is not a PEP 440 version.
	TagOther Tag = "other"
)

// Classify says what version names. The suffixes are openstack/releases'
// (openstack_releases/deliverable.py Release.is_eol, is_eom, is_em,
// is_last: version.endswith('-eol') and so on), tested before PEP 440.
func Classify(version string) Tag {
	for _, t := range []Tag{TagEOL, TagEOM, TagEM, TagLast} {
		if strings.HasSuffix(version, "-"+string(t)) {
			return t
		}
	}
	if pep440.Valid(version) {
		return TagVersion
	}
	return TagOther
}

// SkippedForPyPI reports whether openstack/releases' validation skips the
// PyPI checks for a release with this tag: validate.py decorates
// validate_pypi_permissions with skip_em_eom_eol_tags. That decorator skips
// the whole file when any entry's version contains "-em", "-eom" or "-eol";
// pypiguard skips only the entries that are such tags (by suffix, as
// deliverable.py's is_em, is_eom and is_eol say), so every other new entry
// of the file is still checked. -last tags are not skipped there, nor here.
func (t Tag) SkippedForPyPI() bool {
	return t == TagEOL || t == TagEOM || t == TagEM
}

// IsVersion reports whether the tag is a PEP 440 version.
func (t Tag) IsVersion() bool { return t == TagVersion }
