package names

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// setting is what one deliverable file of openstack/releases says about a
// repo under repository-settings.
type setting struct {
	rank     int // 0 is the newest series
	pypiName string
	tarball  string
	where    string
}

// releasesIndex holds, per repo, the settings found, newest series first.
type releasesIndex struct {
	byRepo map[string][]setting
}

// fromReleasesName is repository-settings.<repo>.pypi-name, newest series
// first.
func (r *Resolver) fromReleasesName(ctx context.Context, repo, deliverable string) (Resolved, bool, error) {
	return r.fromReleases(repo, deliverable, FromReleases, func(s setting) string { return s.pypiName })
}

// fromReleasesTarball is repository-settings.<repo>.tarball-base: the sdist
// name, asked only after the repo's own files (the notes on real data: trust
// the PyPI name over the tarball name).
func (r *Resolver) fromReleasesTarball(ctx context.Context, repo, deliverable string) (Resolved, bool, error) {
	return r.fromReleases(repo, deliverable, FromTarballBase, func(s setting) string { return s.tarball })
}

func (r *Resolver) fromReleases(repo, deliverable string, src Source, pick func(setting) string) (Resolved, bool, error) {
	if r.Releases == "" {
		return Resolved{}, false, nil
	}
	idx, err := r.indexFor(deliverable)
	if err != nil {
		return Resolved{}, false, &ReadError{Repo: repo, Where: r.Releases, Err: err}
	}
	for _, s := range idx.byRepo[repo] {
		if v := pick(s); v != "" {
			return Resolved{Repo: repo, Name: v, Source: src, Where: s.where}, true, nil
		}
	}
	return Resolved{}, false, nil
}

// indexFor reads the deliverable's own files when the deliverable is known
// (deliverables/*/<name>.yaml: a few dozen files), or else every file that
// can hold a name. Each is read once per Resolver: a deliverable whose files
// name nothing (most) is remembered as such, not read again for the next
// step or repo.
func (r *Resolver) indexFor(deliverable string) (*releasesIndex, error) {
	r.seriesOnce.Do(r.readSeries)
	if r.seriesErr != nil {
		return nil, r.seriesErr
	}
	if deliverable != "" && !strings.ContainsAny(deliverable, `/\`) {
		v, ok := r.perDel.Load(deliverable)
		if !ok {
			files := make([]string, len(r.series))
			for i, s := range r.series {
				files[i] = filepath.Join(r.Releases, "deliverables", s, deliverable+".yaml")
			}
			idx, err := buildIndex(r.Releases, files, r.ranks)
			if err != nil {
				return nil, err
			}
			v, _ = r.perDel.LoadOrStore(deliverable, idx)
		}
		if idx := v.(*releasesIndex); len(idx.byRepo) > 0 {
			return idx, nil
		}
	}
	r.once.Do(func() {
		var files []string
		if files, r.idxErr = filepath.Glob(filepath.Join(r.Releases, "deliverables", "*", "*.yaml")); r.idxErr == nil {
			r.index, r.idxErr = buildIndex(r.Releases, files, r.ranks)
		}
	})
	return r.index, r.idxErr
}

// readSeries lists the series directories and ranks them, once.
func (r *Resolver) readSeries() {
	if r.ranks, r.seriesErr = seriesRanks(r.Releases); r.seriesErr != nil {
		return
	}
	entries, err := os.ReadDir(filepath.Join(r.Releases, "deliverables"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.seriesErr = err
		return
	}
	for _, e := range entries {
		if e.IsDir() {
			r.series = append(r.series, e.Name())
		}
	}
}

// buildIndex reads files; one that does not exist names nothing.
func buildIndex(root string, files []string, ranks func(string) int) (*releasesIndex, error) {
	idx := &releasesIndex{byRepo: map[string][]setting{}}
	for _, f := range files {
		if err := idx.add(root, f, ranks); err != nil {
			return nil, err
		}
	}
	for repo, ss := range idx.byRepo {
		slices.SortStableFunc(ss, func(a, b setting) int { return a.rank - b.rank })
		idx.byRepo[repo] = ss
	}
	return idx, nil
}

var nameKeys = [][]byte{[]byte("pypi-name"), []byte("tarball-base")}

func (idx *releasesIndex) add(root, file string, ranks func(string) int) error {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	// Most files hold neither key: skip them without parsing.
	if !bytes.Contains(data, nameKeys[0]) && !bytes.Contains(data, nameKeys[1]) {
		return nil
	}
	rel, _ := filepath.Rel(root, file)
	rel = filepath.ToSlash(rel)
	doc, err := yamlfile.Parse(rel, data)
	if err != nil {
		return err
	}
	settings := mapValue(doc, "repository-settings")
	if settings == nil || settings.Kind != yaml.MappingNode {
		return nil
	}
	rank := ranks(filepath.Base(filepath.Dir(file)))
	for i := 0; i+1 < len(settings.Content); i += 2 {
		repo, body := settings.Content[i].Value, settings.Content[i+1]
		s := setting{rank: rank, where: rel, pypiName: scalar(mapValue(body, "pypi-name")), tarball: scalar(mapValue(body, "tarball-base"))}
		if s.pypiName != "" || s.tarball != "" {
			idx.byRepo[repo] = append(idx.byRepo[repo], s)
		}
	}
	return nil
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// seriesRanks orders series newest first, as data/series_status.yaml lists
// them (codenames: the second alphabet, antelope onwards, defeats any sort).
// Series it does not list come after, _independent first; a releases
// checkout always has the file.
func seriesRanks(root string) (func(string) int, error) {
	order := map[string]int{}
	data, err := os.ReadFile(filepath.Join(root, "data", "series_status.yaml"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if doc, err := yamlfile.Parse("data/series_status.yaml", data); err == nil && doc != nil && doc.Kind == yaml.SequenceNode {
		for i, item := range doc.Content {
			if name := scalar(mapValue(item, "name")); name != "" {
				order[name] = i
			}
		}
	}
	n := len(order)
	return func(series string) int {
		if r, ok := order[series]; ok {
			return r
		}
		if series == "_independent" {
			return n
		}
		return n + 1
	}, nil
}
