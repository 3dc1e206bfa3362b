package guard

import (
	"slices"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
)

// ReleasesInput is what the audit compares PyPI's versions with.
type ReleasesInput struct {
	// Index is openstack/releases, from the Loader when it has one; nil
	// skips the comparison, and the report says so with Why (the caller
	// says why there is none).
	Index  *releases.Index
	Source string
	Why    string
}

// noReleases says why the comparison was not made.
const noReleases = "no openstack/releases checkout was given (--releases DIR): PyPI's versions were not compared with the releases OpenStack made"

// auditReleases compares every judged package's versions on PyPI with
// openstack/releases, from the JSON answers the audit already has. A
// package whose answer was carried from the baseline keeps the baseline's
// findings (the journal showed no upload since).
func auditReleases(pol *policy.Policy, in ReleasesInput, base *report.Report, out []judged) *report.Releases {
	rs := &report.Releases{Counts: map[report.ReleaseKind]int{}, Findings: []report.ReleaseFinding{}, LateFileAfter: pol.LateFileAfter().Hours()}
	if in.Index == nil {
		rs.Why = in.Why
		if rs.Why == "" {
			rs.Why = noReleases
		}
		return rs
	}
	rs.Made, rs.Source = true, in.Source
	carried := baselineReleases(base)
	others := reposByPackage(out)
	done := map[string]bool{}
	for _, j := range out {
		norm := naming.Normalize(j.name.Name)
		if j.own == nil || !j.own.Exists || j.verdict.Status == report.NotApplicable || done[norm] {
			continue
		}
		done[norm] = true
		if !j.own.ReleasesKnown {
			if fs, ok := carried[norm]; ok {
				rs.Findings = append(rs.Findings, fs...)
				rs.Compared++
			} else {
				rs.Unknown = append(rs.Unknown, j.name.Name)
			}
			continue
		}
		fs, ok := CompareReleases(in.Index, pol, ReleaseTarget{Package: j.name.Name, Repo: j.repo, Deliverable: j.deliverable,
			Others: others[norm], File: j.file, Line: j.line, Roles: reportRoles(j.own.Roles), Releases: j.own.Releases})
		if !ok {
			rs.Unrecorded = append(rs.Unrecorded, j.name.Name)
			continue
		}
		rs.Compared++
		rs.Findings = append(rs.Findings, fs...)
	}
	markReleaseChanges(rs, base)
	for _, f := range rs.Findings {
		rs.Counts[f.Kind] += max(1, len(f.Versions))
	}
	return rs
}

// reposByPackage lists, by normalized package, every judged repo that maps
// to it with its deliverable: one package is compared once, with what any
// of them recorded.
func reposByPackage(out []judged) map[string][][2]string {
	m := map[string][][2]string{}
	for _, j := range out {
		if j.verdict.Status != report.NotApplicable && j.name.Name != "" {
			n := naming.Normalize(j.name.Name)
			m[n] = append(m[n], [2]string{j.repo, j.deliverable})
		}
	}
	return m
}

// baselineReleases are the baseline's release findings by package.
func baselineReleases(base *report.Report) map[string][]report.ReleaseFinding {
	m := map[string][]report.ReleaseFinding{}
	if base == nil || base.Releases == nil || !base.Releases.Made {
		return m
	}
	for _, f := range base.Releases.Findings {
		n := naming.Normalize(f.Package)
		m[n] = append(m[n], f)
	}
	return m
}

// markReleaseChanges marks findings new or unchanged against the baseline,
// for --fail-on new.
func markReleaseChanges(rs *report.Releases, base *report.Report) {
	if base == nil {
		return
	}
	seen := map[string]bool{}
	if base.Releases != nil {
		for _, f := range base.Releases.Findings {
			seen[releaseKey(f)] = true
		}
	}
	for i := range rs.Findings {
		rs.Findings[i].Change = "new"
		if seen[releaseKey(rs.Findings[i])] {
			rs.Findings[i].Change = "unchanged"
		}
	}
}

func releaseKey(f report.ReleaseFinding) string {
	k := string(f.Kind) + "\x00" + naming.Normalize(f.Package) + "\x00" + f.Version
	if f.Kind == report.LateFile && len(f.Files) > 0 {
		k += "\x00" + f.Files[0].Filename
	}
	return k
}

// releaseFails reports whether rs holds a finding that fails the audit.
func releaseFails(rs *report.Releases) bool {
	return rs != nil && slices.ContainsFunc(rs.Findings, func(f report.ReleaseFinding) bool { return f.Kind.Fails() })
}

// uploadEntry reports whether a journal entry is an upload or removal of
// a release or file: with the comparison on, an incremental audit asks
// PyPI again about its package.
func uploadEntry(e pypi.JournalEntry) bool {
	switch e.Change().Kind {
	case pypi.ReleaseAdded, pypi.ReleaseRemoved, pypi.FileAdded, pypi.FileRemoved:
		return true
	}
	return false
}
