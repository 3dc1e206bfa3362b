package releases_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// pyyamlScript reads each deliverable file with PyYAML (the C loader: the
// same resolver and constructors as safe_load) and prints what pypiguard
// reads from it, the way openstack/releases' code reads it.
const pyyamlScript = `
import json, os, sys, yaml
out = {}
for name in os.listdir(sys.argv[1]):
    d = yaml.load(open(os.path.join(sys.argv[1], name), encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    settings = {}
    for repo, s in (d.get("repository-settings") or {}).items():
        s = s or {}
        settings[repo] = [s.get("pypi-name") or "", s.get("tarball-base") or "", "retired" in (s.get("flags") or [])]
    rels = []
    for r in d.get("releases") or []:
        rels.append([r["version"], [[p["repo"], p["hash"], p.get("tarball-base") or ""] for p in r["projects"]]])
    out[name] = {"meta": [d.get("team") or "", d.get("type") or "", d.get("release-model") or "", d.get("launchpad") or ""],
                 "settings": settings, "releases": rels}
print(json.dumps(out))
`

type summary struct {
	Meta     []string         `json:"meta"`
	Settings map[string][]any `json:"settings"`
	Releases [][]any          `json:"releases"`
}

// TestPyYAMLReadsTheSame holds Parse to PyYAML over every deliverable file of
// the real openstack/releases.
func TestPyYAMLReadsTheSame(t *testing.T) {
	t.Parallel()
	files := fixture.GitTree(t, fixture.ReleasesGit(t), "HEAD", "deliverables")
	var paths []string
	for p := range files {
		if _, _, ok := releases.SplitPath(p); ok {
			paths = append(paths, p)
		}
	}
	if len(paths) < 1000 {
		t.Fatalf("only %d deliverable files in the real openstack/releases: the fixture is broken", len(paths))
	}
	slices.Sort(paths)
	for i, flags := range synthFlags {
		p := fmt.Sprintf("deliverables/_independent/synthetic-%d.yaml", i)
		files[p] = []byte("repository-settings:\n  openstack/x:\n    flags: " + flags + "\n" +
			"releases:\n- version: '1.0'\n  projects:\n  - {repo: openstack/x, hash: abc}\n")
		paths = append(paths, p)
	}
	inputs := make([][]byte, len(paths))
	for i, p := range paths {
		inputs[i] = files[p]
	}
	answers := fixture.RunPython(t, pyyamlScript, inputs)
	for i, p := range paths {
		d, _, err := releases.Parse(p, files[p], nil)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		want, got := normalise(t, answers[i]), normalise(t, mustJSON(t, summarise(d)))
		if want != got {
			t.Errorf("%s:\npypiguard %s\nPyYAML    %s", p, got, want)
		}
	}
	t.Logf("%d files compared", len(paths))
}

// synthFlags are repository-settings flags of every shape validate.py's
// "'retired' in flags" reads without raising: a list, a string (a
// substring test) and a mapping (a test of its keys).
var synthFlags = []string{"[retired]", "[Retired]", "[]", "[retired, other]", "retired", "not-retired", "'-retired'", "other",
	"{retired: 1}", "{retired: }", "{other: retired}", "{Retired: 1}", "[[retired]]", "[{retired: 1}]"}

func summarise(d *releases.Deliverable) summary {
	s := summary{Meta: []string{d.Team, d.Type, d.ReleaseModel, d.Launchpad}, Settings: map[string][]any{}, Releases: [][]any{}}
	for repo, st := range d.Settings {
		s.Settings[repo] = []any{st.PyPIName, st.TarballBase, st.Retired}
	}
	for _, r := range d.Releases {
		ps := [][]string{}
		for _, p := range r.Projects {
			ps = append(ps, []string{p.Repo, p.Hash, p.TarballBase})
		}
		s.Releases = append(s.Releases, []any{r.Version, ps})
	}
	return s
}

func mustJSON(t *testing.T, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// normalise re-encodes JSON so that key order does not matter.
func normalise(t *testing.T, data []byte) string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return string(mustJSON(t, v))
}
