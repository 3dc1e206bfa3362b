package hook_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/hook"
)

func TestParseConfigDefaults(t *testing.T) {
	t.Parallel()
	c, err := hook.ParseConfig("/site/etc/pypiguard.yaml", []byte("gerrit-url: https://review.opendev.org\ncredentials: pypiguard.credentials\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := &hook.Config{GerritURL: "https://review.opendev.org", Credentials: "/site/etc/pypiguard.credentials",
		Projects: []string{"openstack/governance", "openstack/project-config"}, Branches: []string{"master"},
		LogLevel: "info", Timeout: 3 * time.Minute}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if !c.Wants("openstack/governance", "refs/heads/master") || c.Wants("openstack/nova", "master") || c.Wants("openstack/governance", "stable/2024.1") {
		t.Errorf("Wants is wrong")
	}
}

func TestParseConfigEverything(t *testing.T) {
	t.Parallel()
	c, err := hook.ParseConfig("/site/etc/pypiguard.yaml", []byte(`gerrit-url: http://127.0.0.1:8080/r
credentials: /secret/creds
projects: [example/governance]
branches: [main, refs/heads/stable/1]
pypi-url: http://127.0.0.1:9000
policy: policy.yaml
log-file: ../logs/pypiguard.log
log-level: debug
timeout: 90s
read-from-git: true
project-config: ../project-config
`))
	want := &hook.Config{GerritURL: "http://127.0.0.1:8080/r", Credentials: "/secret/creds", Projects: []string{"example/governance"},
		Branches: []string{"main", "stable/1"}, PyPIURL: "http://127.0.0.1:9000", Policy: "/site/etc/policy.yaml",
		LogFile: "/site/logs/pypiguard.log", LogLevel: "debug", Timeout: 90 * time.Second, ReadFromGit: true,
		ProjectConfig: "/site/project-config"}
	if err != nil || !reflect.DeepEqual(c, want) {
		t.Errorf("%v\ngot  %+v\nwant %+v", err, c, want)
	}
}

// Every problem is reported at once, with its line.
func TestParseConfigIsStrict(t *testing.T) {
	t.Parallel()
	_, err := hook.ParseConfig("p.yaml", []byte(`gerrit-url: https://user:hunter2@review.example.org
projects: openstack/governance
branches: []
timeout: forever
read-from-git: yes please
log-level: loud
pypi-url: ftp://pypi.org
colour: blue
`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"p.yaml:1: gerrit-url", "p.yaml:2: projects: want a list", "p.yaml:3: branches: want a list", `p.yaml:4: timeout "forever"`,
		"p.yaml:5: read-from-git: want true or false", `p.yaml:6: log-level "loud"`, `p.yaml:7: pypi-url "ftp://pypi.org"`,
		`p.yaml:8: unknown setting "colour"`, "p.yaml:1: credentials is required",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("a password in the URL shows: %v", err)
	}
	for _, bad := range []string{"", "- a\n- b\n", "gerrit-url: [", "a: &a [*a, *a]\n"} {
		if _, err := hook.ParseConfig("p.yaml", []byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestCheckPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "pc")
	if err := os.MkdirAll(filepath.Join(good, "gerrit"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(good, "gerrit", "projects.yaml"), []byte("- project: a/b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{"", ""},
		{good, ""},
		{dir, "projects.yaml"},
		{filepath.Join(dir, "missing"), "no such file"},
		{filepath.Join(good, "gerrit", "projects.yaml"), "not a directory"},
	} {
		err := (&hook.Config{ProjectConfig: tt.path}).CheckPaths()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.path, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "project-config")):
			t.Errorf("%q: %v, want an error saying %q", tt.path, err, tt.want)
		}
	}
	if _, err := hook.ParseConfig("p.yaml", []byte("gerrit-url: https://r.example.org\ncredentials: c\nproject-config: ''\n")); err == nil {
		t.Error("an empty project-config was accepted")
	}
}
