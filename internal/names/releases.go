package names

import (
	"bytes"
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

// fromReleases returns the newest series' non-empty pick of the repo's
// repository-settings, or nil.
func (r *Resolver) fromReleases(repo, deliverable string, src Source, pick func(setting) string) (*Candidate, error) {
	if r.Releases == "" {
		return nil, nil
	}
	idx, err := r.indexFor(deliverable)
	if err != nil {
		return nil, &ReadError{Repo: repo, Where: r.Releases, Err: err}
	}
	for _, s := range idx.byRepo[repo] {
		if v := pick(s); v != "" {
			return &Candidate{Name: v, Source: src, Where: s.where}, nil
		}
	}
	return nil, nil
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
	if err != nil || doc == nil {
		return err
	}
	settings, err := lookup(rel, doc, "repository-settings", "the deliverable file")
	if err != nil || yamlfile.IsNull(settings) {
		return err
	}
	repos, _, err := yamlfile.Pairs(rel, settings, "repository-settings")
	if err != nil {
		return err
	}
	rank := ranks(filepath.Base(filepath.Dir(file)))
	for _, p := range repos {
		s, err := readSetting(rel, p)
		if err != nil {
			return err
		}
		if s.pypiName != "" || s.tarball != "" {
			s.rank = rank
			idx.byRepo[p.Key] = append(idx.byRepo[p.Key], s)
		}
	}
	return nil
}

// readSetting reads one repo's entry of repository-settings; a key written
// twice counts once, the later one, as PyYAML (and so the releases tools)
// read it.
func readSetting(rel string, p yamlfile.Pair) (setting, error) {
	s := setting{where: rel}
	if yamlfile.IsNull(p.Value) {
		return s, nil
	}
	what := "repository-settings: " + p.Key
	var err error
	if s.pypiName, err = optString(rel, p.Value, "pypi-name", what); err != nil {
		return s, err
	}
	s.tarball, err = optString(rel, p.Value, "tarball-base", what)
	return s, err
}

// lookup returns the value of key in mapping n (the last one written), or
// nil.
func lookup(file string, n *yaml.Node, key, what string) (*yaml.Node, error) {
	pairs, _, err := yamlfile.Pairs(file, n, what)
	if err != nil {
		return nil, err
	}
	var v *yaml.Node
	for _, p := range pairs {
		if p.Key == key {
			v = p.Value
		}
	}
	return v, nil
}

// optString is key's string value in mapping n, "" when absent or null.
func optString(file string, n *yaml.Node, key, what string) (string, error) {
	v, err := lookup(file, n, key, what)
	if err != nil || yamlfile.IsNull(v) {
		return "", err
	}
	return yamlfile.String(file, v, what+": "+key)
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
	if err := seriesOrder(data, order); err != nil {
		return nil, err
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

// seriesOrder reads data/series_status.yaml, a list of {name: ...}.
func seriesOrder(data []byte, order map[string]int) error {
	const file = "data/series_status.yaml"
	doc, err := yamlfile.Parse(file, data)
	if err != nil || doc == nil {
		return err
	}
	if err := yamlfile.Expect(file, doc, yaml.SequenceNode, "the series list"); err != nil {
		return err
	}
	for i, item := range doc.Content {
		name, err := optString(file, item, "name", "a series")
		if err != nil {
			return err
		}
		if name != "" {
			order[name] = i
		}
	}
	return nil
}
