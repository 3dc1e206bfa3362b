package releases

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/pep440"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Recorded is one version openstack/releases recorded: a release entry
// whose version is a PEP 440 version.
type Recorded struct {
	Version     pep440.Version
	Raw         string // as written in the file
	Deliverable string
	Series      string
	Pos         yamlfile.Pos
	Repos       []string
}

// Skipped is a release entry whose version is not a PEP 440 version
// (yoga-eol, 2023.1-eom, ocata-em, zed-last): no upload can match it.
type Skipped struct {
	Raw         string
	Tag         Tag
	Deliverable string
	Series      string
	Pos         yamlfile.Pos
}

// Versions are the versions recorded for one deliverable or one repo,
// across every series and _independent.
type Versions struct {
	byKey  map[string][]Recorded
	sorted []Recorded // lowest first; one per version
}

// Find returns the entries that record version, compared as PEP 440
// compares (1.0 finds 1.0.0 and v1.0). A string that is no PEP 440 version
// (a legacy upload can be) finds nothing: no recorded entry is one.
func (v *Versions) Find(version string) []Recorded {
	if v == nil {
		return nil
	}
	if pv, err := pep440.Parse(version); err == nil {
		return v.byKey[pv.Key()]
	}
	return nil
}

// Lowest is the lowest version recorded, ok false when there is none.
// Versions below it on PyPI predate the release pipeline (issue 19's
// "historical").
func (v *Versions) Lowest() (Recorded, bool) {
	if v == nil || len(v.sorted) == 0 {
		return Recorded{}, false
	}
	return v.sorted[0], true
}

// All returns one entry per distinct version, lowest first.
func (v *Versions) All() []Recorded {
	if v == nil {
		return nil
	}
	return v.sorted
}

func (v *Versions) add(r Recorded) {
	k := r.Version.Key()
	v.byKey[k] = append(v.byKey[k], r)
}

func (v *Versions) finish() {
	for _, rs := range v.byKey {
		v.sorted = append(v.sorted, rs[0])
	}
	slices.SortFunc(v.sorted, func(a, b Recorded) int {
		return cmp.Or(pep440.Compare(a.Version, b.Version), cmp.Compare(a.Pos.File, b.Pos.File))
	})
}

// Index is what a whole releases checkout records: the versions per
// deliverable and per repo, and the entries that are not versions.
type Index struct {
	Deliverables map[string]*Versions
	Repos        map[string]*Versions
	Skipped      []Skipped
	Files        int // deliverable files read
	Entries      int // release entries read
	Warnings     []yamlfile.Warning
}

// Deliverable returns the versions recorded for a deliverable (nil when it
// has none: Find and Lowest work on nil).
func (ix *Index) Deliverable(name string) *Versions { return ix.Deliverables[name] }

// Repo returns the versions recorded for a repo (org/name): the releases
// whose projects list it.
func (ix *Index) Repo(repo string) *Versions { return ix.Repos[repo] }

// NewIndex builds the index from a releases tree's files, keyed by slash
// path from its root; files that are not deliverable files are ignored.
// One file that cannot be read fails the whole index, with its line.
func NewIndex(files map[string][]byte) (*Index, error) {
	var paths []string
	for p := range files {
		if _, _, ok := SplitPath(p); ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return build(paths, func(p string) ([]byte, error) { return files[p], nil })
}

// LoadIndex builds the index from a releases checkout on disk: every
// deliverables/*/*.yaml (regular files only).
func LoadIndex(root string) (*Index, error) {
	matches, err := filepath.Glob(filepath.Join(root, "deliverables", "*", "*.yaml"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(root, "deliverables")); err != nil {
		return nil, fmt.Errorf("releases: %s has no deliverables/ folder; is it a checkout of openstack/releases? %w", root, err)
	}
	var paths []string
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() {
			rel, _ := filepath.Rel(root, m)
			paths = append(paths, filepath.ToSlash(rel))
		}
	}
	slices.Sort(paths)
	return build(paths, func(p string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return data, err
	})
}

// build parses the files in parallel (about 6,000 in the real repo) and
// adds them in path order, so the index is the same on every run.
func build(paths []string, read func(string) ([]byte, error)) (*Index, error) {
	parsed := make([]*Deliverable, len(paths))
	warnings := make([][]yamlfile.Warning, len(paths))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var once sync.Once
	var firstErr error
	for i, p := range paths {
		g.Go(func() error {
			data, err := read(p)
			if err == nil {
				parsed[i], warnings[i], err = Parse(p, data, nil)
			}
			if err != nil {
				once.Do(func() { firstErr = fmt.Errorf("releases: %w", err) })
			}
			return nil
		})
	}
	_ = g.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	ix := &Index{Deliverables: map[string]*Versions{}, Repos: map[string]*Versions{}}
	for i, d := range parsed {
		ix.add(d)
		ix.Warnings = append(ix.Warnings, warnings[i]...)
	}
	for _, v := range ix.Deliverables {
		v.finish()
	}
	for _, v := range ix.Repos {
		v.finish()
	}
	return ix, nil
}

func (ix *Index) add(d *Deliverable) {
	ix.Files++
	for _, rel := range d.Releases {
		ix.Entries++
		tag := rel.Tag()
		if !tag.IsVersion() {
			ix.Skipped = append(ix.Skipped, Skipped{Raw: rel.Version, Tag: tag, Deliverable: d.Name, Series: d.Series, Pos: rel.Pos})
			continue
		}
		v, _ := pep440.Parse(rel.Version)
		r := Recorded{Version: v, Raw: rel.Version, Deliverable: d.Name, Series: d.Series, Pos: rel.Pos}
		for _, p := range rel.Projects {
			r.Repos = append(r.Repos, p.Repo)
		}
		versionsOf(ix.Deliverables, d.Name).add(r)
		for _, repo := range r.Repos {
			versionsOf(ix.Repos, repo).add(r)
		}
	}
}

func versionsOf(m map[string]*Versions, k string) *Versions {
	v, ok := m[k]
	if !ok {
		v = &Versions{byKey: map[string][]Recorded{}}
		m[k] = v
	}
	return v
}
