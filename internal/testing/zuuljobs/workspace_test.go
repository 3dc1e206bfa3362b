package zuuljobs

import (
	"os"
	"path/filepath"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// The projects a pypiguard job needs, by short name, as Zuul names them.
const hostname = "opendev.org"

var requiredProjects = []string{"pypiguard", "governance", "project-config", "releases"}

// workspace is a node and an executor on one machine, laid out as Zuul lays
// them out: the node's home holds src/opendev.org/openstack/<repo> for every
// required project, the executor has a log root and a work folder.
type workspace struct {
	root    string // ZUUL_JOBDIR
	home    string // the node's ansible_user_dir
	logRoot string
	project string // the short name of the change's project
	commit  string // the change's commit
	branch  string // zuul.branch: master unless a test says otherwise
}

// change is what a test checks: the change's project, its files before and
// after the change, and the other required projects' files.
type change struct {
	project    string
	base, head map[string][]byte
	others     map[string]map[string][]byte
}

func srcDir(short string) string { return filepath.Join("src", hostname, "openstack", short) }

// newWorkspace lays out a workspace. The change's project is a git
// repository whose origin/master is the base and whose HEAD is the change,
// as Zuul's merger leaves it; pypiguard's checkout is this module.
func newWorkspace(t *testing.T, c change) *workspace {
	t.Helper()
	root := t.TempDir()
	ws := &workspace{root: root, home: filepath.Join(root, "home"), logRoot: filepath.Join(root, "work", "logs"), project: c.project, branch: "master"}
	for _, dir := range []string{ws.logRoot, filepath.Join(root, "work", "src"), filepath.Join(ws.home, "src", hostname, "openstack")} {
		mkdir(t, dir)
	}
	if err := os.Symlink(fixture.ModuleRoot(t), filepath.Join(ws.home, srcDir("pypiguard"))); err != nil {
		t.Fatal(err)
	}
	for _, short := range requiredProjects[1:] {
		if short != c.project {
			writeTree(t, filepath.Join(ws.home, srcDir(short)), c.others[short])
		}
	}
	if c.project != "" {
		ws.commit = ws.changeRepo(t, c)
	}
	return ws
}

// changeRepo makes the change's project: base pushed to a bare origin, the
// change committed on top of it locally.
func (ws *workspace) changeRepo(t *testing.T, c change) string {
	t.Helper()
	origin := filepath.Join(ws.root, "origin", c.project+".git")
	mkdir(t, origin)
	fixture.Git(t, origin, "init", "-q", "--bare", "-b", "master")
	dir := filepath.Join(ws.home, srcDir(c.project))
	mkdir(t, dir)
	fixture.Git(t, dir, "init", "-q", "-b", "master")
	writeTree(t, dir, c.base)
	fixture.Git(t, dir, "add", "-A")
	fixture.Git(t, dir, "commit", "-q", "-m", "base")
	fixture.Git(t, dir, "remote", "add", "origin", origin)
	fixture.Git(t, dir, "push", "-q", "origin", "master")
	writeTree(t, dir, c.head)
	fixture.Git(t, dir, "add", "-A")
	fixture.Git(t, dir, "commit", "-q", "-m", "the change")
	return fixture.Git(t, dir, "rev-parse", "HEAD")
}

// zuulVar is the zuul variable of a build of job in pipeline, shaped like
// Zuul's (doc/source/job-content.rst). A periodic build has no change.
func (ws *workspace) zuulVar(job, pipeline string) map[string]any {
	projects := map[string]any{}
	for _, short := range requiredProjects {
		projects[hostname+"/openstack/"+short] = projectVar(short, map[string]any{"checkout": ws.branch, "required": true})
	}
	z := map[string]any{
		"job": job, "pipeline": pipeline, "tenant": "openstack", "voting": true, "attempts": 1,
		"build": "5f0e0a6d1b1c4b1e9d7f0c9a8b7c6d5e", "buildset": "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
		"branch": ws.branch, "ref": "refs/heads/" + ws.branch,
		"projects": projects,
		"executor": map[string]any{
			"hostname": "localhost", "log_root": ws.logRoot, "work_root": filepath.Join(ws.root, "work"),
			"src_root": filepath.Join(ws.root, "work", "src"), "inventory_file": filepath.Join(ws.root, "ansible", "inventory.yaml"),
		},
	}
	project := ws.project
	if project == "" {
		project = "governance" // a periodic build runs for the project that has the template
	}
	z["project"] = projectVar(project, nil)
	if pipeline != "periodic" {
		z["change"], z["patchset"] = "912345", "1"
		z["ref"] = "refs/changes/45/912345/1"
		z["change_url"] = "https://review.opendev.org/c/openstack/" + project + "/+/912345"
		z["commit_id"] = ws.commit
	}
	return z
}

func projectVar(short string, extra map[string]any) map[string]any {
	p := map[string]any{
		"name": "openstack/" + short, "short_name": short, "canonical_hostname": hostname,
		"canonical_name": hostname + "/openstack/" + short, "src_dir": filepath.ToSlash(srcDir(short)),
	}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

func writeTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	mkdir(t, dir)
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		mkdir(t, filepath.Dir(p))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}
