package changes

import (
	"maps"
	"slices"

	"opendev.org/openstack/pypiguard/internal/releases"
)

// Information about openstack/releases changes: reported, never checked.
const (
	// SkippedRelease is a new -em, -eom or -eol tag: it ends a branch's
	// maintenance and uploads nothing; openstack/releases' validation skips
	// its PyPI checks too (validate.py skip_em_eom_eol_tags).
	SkippedRelease Kind = "skipped-release"
	// ChangedRelease is a release entry whose hash for a repo changed: the
	// tag exists already (validate.py validate_existing_tags refuses to move
	// it), so nothing new is uploaded.
	ChangedRelease         Kind = "changed-release"
	RemovedRelease         Kind = "removed-release"
	RemovedDeliverableFile Kind = "removed-deliverable-file"
)

// Release is the release entry a releases event is about.
type Release struct {
	Series  string // a series name or _independent
	Version string // as written; "" for a new file without releases
	Tag     releases.Tag
	// Projects are the repos the event asks to tag: every repo of a new
	// entry, or those added to an existing one.
	Projects []ReleaseProject
}

// ReleaseProject is one repo of a release, with what the deliverable file
// says about its PyPI name.
type ReleaseProject struct {
	Repo string
	Hash string
	// TarballBase is the entry's tarball-base, else the repo's
	// repository-settings one: a guessed PyPI name.
	TarballBase string
	// PyPIName is repository-settings' pypi-name: a declared PyPI name.
	PyPIName string
	// Retired is repository-settings' retired flag, whose repos
	// openstack/releases' validation skips.
	Retired bool
	Line    int
}

// diffReleases compares deliverable files by path. A file only at head is
// new; its first release that is checked is new-deliverable-file and the
// others new-release.
func diffReleases(base, head map[string]*releases.Deliverable, r *Result) {
	for _, path := range slices.Sorted(maps.Keys(head)) {
		d := head[path]
		if d == nil {
			continue
		}
		if b := base[path]; b != nil {
			changedFile(b, d, r)
		} else {
			newFile(d, r)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(base)) {
		if b := base[path]; b != nil && head[path] == nil {
			r.Info = append(r.Info, Event{Kind: RemovedDeliverableFile, Team: b.Team, Deliverable: b.Name,
				File: b.File, Line: 1, AtBase: true, Release: &Release{Series: b.Series}})
		}
	}
}

func newFile(d *releases.Deliverable, r *Result) {
	kind := NewDeliverableFile
	for _, rel := range d.Releases {
		if releaseEvent(d, rel, rel.Projects, kind, r) {
			kind = NewRelease
		}
	}
	if len(d.Releases) > 0 {
		return
	}
	// A file that tags nothing yet: its repos are those of
	// repository-settings.
	var ps []releases.Project
	for _, repo := range slices.Sorted(maps.Keys(d.Settings)) {
		ps = append(ps, releases.Project{Repo: repo, Pos: d.Settings[repo].Pos})
	}
	r.Events = append(r.Events, newEvent(NewDeliverableFile, d, releases.Release{}, ps))
}

// releaseEvent adds the event (or, for an -em/-eom/-eol tag, the
// information) of a release whose projects ps are new, and reports whether
// it was an event.
func releaseEvent(d *releases.Deliverable, rel releases.Release, ps []releases.Project, kind Kind, r *Result) bool {
	if rel.Tag().SkippedForPyPI() {
		r.Info = append(r.Info, newEvent(SkippedRelease, d, rel, ps))
		return false
	}
	r.Events = append(r.Events, newEvent(kind, d, rel, ps))
	return true
}

func newEvent(kind Kind, d *releases.Deliverable, rel releases.Release, ps []releases.Project) Event {
	ev := Event{Kind: kind, Team: d.Team, Deliverable: d.Name, File: d.File, Line: rel.Pos.Line,
		Release: &Release{Series: d.Series, Version: rel.Version, Tag: rel.Tag()}}
	if ev.Line == 0 {
		ev.Line = 1
	}
	for _, p := range ps {
		s := d.Settings[p.Repo]
		ev.Repos = append(ev.Repos, p.Repo)
		ev.Release.Projects = append(ev.Release.Projects, ReleaseProject{Repo: p.Repo, Hash: p.Hash,
			TarballBase: d.TarballBase(p), PyPIName: s.PyPIName, Retired: s.Retired, Line: p.Pos.Line})
	}
	return ev
}

// changedFile finds the releases a change adds to an existing file: a
// version the file did not have, or repos added to a version it had.
// Versions are compared as written: each is a git tag name.
func changedFile(b, d *releases.Deliverable, r *Result) {
	before := map[string]map[string]string{} // version -> repo -> hash
	for _, rel := range b.Releases {
		if before[rel.Version] == nil {
			before[rel.Version] = map[string]string{}
		}
		for _, p := range rel.Projects {
			before[rel.Version][p.Repo] = p.Hash
		}
	}
	now := map[string]bool{}
	for _, rel := range d.Releases {
		now[rel.Version] = true
		had, ok := before[rel.Version]
		if !ok {
			releaseEvent(d, rel, rel.Projects, NewRelease, r)
			continue
		}
		addedRepos(d, rel, had, r)
	}
	for _, rel := range b.Releases {
		if !now[rel.Version] {
			ev := newEvent(RemovedRelease, b, rel, rel.Projects)
			ev.AtBase = true
			r.Info = append(r.Info, ev)
		}
	}
}

// addedRepos handles a release entry the file had: repos added to it are a
// new release of those repos (pointing at the first one added); a hash
// changed for a repo it had is information.
func addedRepos(d *releases.Deliverable, rel releases.Release, had map[string]string, r *Result) {
	var added []releases.Project
	for _, p := range rel.Projects {
		hash, ok := had[p.Repo]
		switch {
		case !ok:
			added = append(added, p)
		case hash != p.Hash:
			ev := newEvent(ChangedRelease, d, rel, []releases.Project{p})
			ev.Line = p.Pos.Line
			r.Info = append(r.Info, ev)
		}
	}
	if len(added) == 0 {
		return
	}
	at := rel
	at.Pos = added[0].Pos
	releaseEvent(d, at, added, NewRelease, r)
}
