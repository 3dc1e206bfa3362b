package governance_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// projectionScript reads each input as reference/projects.yaml with
// PyYAML's safe_load, the way OpenStack's tools read it, and prints what
// pypiguard judges: teams, their deliverables, each one's repos and
// release-management. A name that is not a string, or a shape no tool
// could walk, is "invalid": pypiguard must refuse such a file. The shapes
// pypiguard tolerates with a warning (repos written as one string,
// deliverables written as a list) are read the same way here.
const projectionScript = `
import sys, os, json, yaml
class Invalid(Exception): pass
def need(ok):
    if not ok: raise Invalid()
def deliverable(db):
    if db is None: return {'repos': [], 'rm': ''}
    need(isinstance(db, dict))
    r, rm = db.get('repos'), db.get('release-management')
    if r is None: r = []
    elif isinstance(r, str): r = [r]
    need(isinstance(r, list) and all(isinstance(x, str) for x in r))
    need(rm is None or isinstance(rm, str))
    return {'repos': r, 'rm': rm or ''}
def deliverables(ds):
    out = {}
    if ds is None: return out
    if isinstance(ds, list):
        for item in ds:
            if isinstance(item, str): out[item] = deliverable(None)
            else:
                need(isinstance(item, dict) and len(item) == 1)
                (k, v), = item.items()
                need(isinstance(k, str)); out[k] = deliverable(v)
        return out
    need(isinstance(ds, dict))
    for name, db in ds.items():
        need(isinstance(name, str)); out[name] = deliverable(db)
    return out
def projects(d):
    out = {}
    if d is None: return out
    need(isinstance(d, dict))
    for team, body in d.items():
        need(isinstance(team, str))
        need(body is None or isinstance(body, dict))
        out[team] = deliverables((body or {}).get('deliverables'))
    return out
res = {}
for name in os.listdir(sys.argv[1]):
    try:
        with open(os.path.join(sys.argv[1], name), encoding='utf-8') as f:
            data = yaml.safe_load(f)
    except Exception as e:
        res[name] = {'load_error': str(e)[:200]}
        continue
    try:
        res[name] = {'teams': projects(data)}
    except Invalid:
        res[name] = {'invalid': True}
print(json.dumps(res))
`

type projection struct {
	LoadError string                               `json:"load_error"`
	Invalid   bool                                 `json:"invalid"`
	Teams     map[string]map[string]projectedDeliv `json:"teams"`
}

type projectedDeliv struct {
	Repos []string `json:"repos"`
	RM    string   `json:"rm"`
}

// TestProjectsMatchPyYAML is the differential test of the governance
// reader: what PyYAML's reading of projects.yaml says about teams,
// deliverables, repos and release-management is what pypiguard reads, or
// pypiguard refuses the file; and a file whose names PyYAML does not read
// as strings is always refused.
func TestProjectsMatchPyYAML(t *testing.T) {
	t.Parallel()
	inputs := projectsCorpus(t)
	answers := fixture.RunPython(t, projectionScript, inputs)
	agree, refused, pyRefused := 0, 0, 0
	for i, in := range inputs {
		var py projection
		if err := json.Unmarshal(answers[i], &py); err != nil {
			t.Fatal(err)
		}
		g, err := governance.Parse(map[string][]byte{governance.ProjectsFile: in}, nil)
		if py.LoadError != "" {
			pyRefused++
			if err == nil {
				t.Errorf("input %d: PyYAML refuses it (%s), yet pypiguard reads it:\n%s", i, py.LoadError, in)
			}
			continue
		}
		switch {
		case err != nil:
			refused++
			continue
		case py.Invalid:
			t.Errorf("input %d: PyYAML reads a name that is not a string, yet pypiguard reads it:\n%s", i, in)
			continue
		}
		got := map[string]map[string]projectedDeliv{}
		for _, team := range g.Teams {
			dels := map[string]projectedDeliv{}
			for _, d := range team.Deliverables {
				repos := []string{}
				for _, r := range d.Repos {
					repos = append(repos, r.Name)
				}
				dels[d.Name] = projectedDeliv{Repos: repos, RM: d.ReleaseManagement}
			}
			got[team.Name] = dels
		}
		if !reflect.DeepEqual(got, py.Teams) && (len(got) > 0 || len(py.Teams) > 0) {
			t.Errorf("input %d reads differently:\n%s\npypiguard: %v\nPyYAML:    %v", i, in, got, py.Teams)
			continue
		}
		agree++
	}
	t.Logf("%d inputs: %d read as PyYAML reads them, %d refused by pypiguard, %d refused by PyYAML", len(inputs), agree, refused, pyRefused)
	if agree < len(inputs)/3 {
		t.Errorf("only %d of %d inputs read: the corpus or the reader is broken", agree, len(inputs))
	}
}

// projectsCorpus: a small projects.yaml with each name and value replaced
// by scalars whose reading differs between YAML 1.1 and 1.2 or that carry
// tags, keys written twice in every combination, the governance fuzz
// corpus, and the real file.
func projectsCorpus(t *testing.T) [][]byte {
	// Braced placeholders: none is part of another, so the order of the
	// replacements does not matter and the corpus is the same every run.
	const tmpl = "{TEAM}:\n  {DELIVERABLES}:\n    {DEL}:\n      {RM}: {VALUE}\n      {REPOS}:\n        - {REPO}\n"
	normal := [][2]string{{"{TEAM}", "nova"}, {"{DELIVERABLES}", "deliverables"}, {"{DEL}", "python-novaclient"}, {"{RM}", "release-management"}, {"{VALUE}", "none"}, {"{REPOS}", "repos"}, {"{REPO}", "openstack/nova"}}
	tricky := []string{"2024", `"2024"`, "yes", "'yes'", "on", "no", "~", "null", `""`, "017", "0o17", "1:20", "1.0", "2024-01-01",
		"!!str 2024", "!!str yes", "!!null nova", "!!null deliverables", "!!str deliverables", `"deliverables"`, "!!int 12", "! x",
		"!!str none", "!!null none", "!!bool yes", "external", "deprecated", "Nova", "openstack/x", "&a openstack/y", "nova:x"}
	var docs []string
	for _, key := range normal {
		for _, v := range tricky {
			doc := tmpl
			for _, kn := range normal {
				n := kn[1]
				if kn[0] == key[0] {
					n = v
				}
				doc = strings.ReplaceAll(doc, kn[0], n)
			}
			docs = append(docs, doc)
		}
	}
	for _, a := range []string{"nova", "'nova'", "!!str nova", `"2024"`, "2024"} {
		for _, b := range []string{"nova", "\"nova\"", "2024", "'2024'"} {
			docs = append(docs, a+":\n  deliverables:\n    x: {repos: [openstack/x]}\n"+b+":\n  deliverables:\n    y: {repos: [openstack/y]}\n")
		}
	}
	docs = append(docs,
		"nova:\n  deliverables:\n    x: {repos: [openstack/x]}\n  deliverables:\n    y: {repos: [openstack/y]}\n",
		"nova:\n  deliverables:\n    x: {repos: [openstack/x], repos: [openstack/z]}\n",
		"nova:\n  deliverables: &d\n    x: {repos: [openstack/x]}\nneutron:\n  deliverables: *d\n",
		"nova:\n  deliverables:\n    x:\n      repos: openstack/x\n",
		"nova:\n  deliverables:\n    - x\n    - y: {repos: [openstack/y]}\n",
		"nova:\n  deliverables:\n    x: {repos: [openstack/x]}\n---\nevil:\n  deliverables:\n    y: {repos: [openstack/y]}\n",
		"nova:\n  deliverables: &d\n    x: {repos: [openstack/x]}\nneutron:\n  deliverables: &d\n    y: {repos: [openstack/y]}\nkeystone:\n  deliverables: *d\n",
		"nova:\n  deliverables:\n    x: {repos: [openstack/x], release-management: 2023-02-29}\n",
	)
	inputs := make([][]byte, 0, len(docs)+64)
	for _, d := range docs {
		inputs = append(inputs, []byte(d))
	}
	files, _ := filepath.Glob(filepath.Join(fixture.ModuleRoot(t), "internal", "governance", "testdata", "fuzz", "FuzzParse", "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, q, ok := strings.Cut(string(data), "[]byte("); ok {
			if s, err := unquote(q[:strings.LastIndex(q, ")")]); err == nil {
				inputs = append(inputs, []byte(s))
			}
		}
	}
	real, err := os.ReadFile(filepath.Join(fixture.SharedData(t), "governance", "reference", "projects.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return append(inputs, real)
}

func unquote(s string) (string, error) { return strconv.Unquote(s) }
