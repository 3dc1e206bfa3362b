package acl_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/acl"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// realLoader reads the real project-config files.
func realLoader(t *testing.T) (*acl.Loader, *projectconfig.Config, string) {
	t.Helper()
	root := filepath.Join(fixture.SharedData(t), "project-config")
	data, err := os.ReadFile(filepath.Join(root, projectconfig.GerritFile))
	if err != nil {
		t.Fatal(err)
	}
	c, err := projectconfig.Parse(map[string][]byte{projectconfig.GerritFile: data}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return acl.NewLoader(c, os.DirFS(root)), c, root
}

// Every real ACL file parses, and every project of gerrit/projects.yaml
// has its core groups: no error on any.
func TestRealACLs(t *testing.T) {
	t.Parallel()
	l, c, root := realLoader(t)
	files := 0
	err := fs.WalkDir(os.DirFS(root), acl.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(filepath.Join(root, p))
		if err == nil {
			_, err = acl.Parse(p, data)
		}
		return err
	})
	if err != nil || files < 700 {
		t.Fatalf("%d files: %v", files, err)
	}
	withCore := 0
	for _, p := range c.Projects {
		core, err := l.CoreGroups(p.Name)
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		if len(core.Warnings) > 0 {
			t.Errorf("%s: warnings %q", p.Name, core.Warnings)
		}
		if len(core.Groups) > 0 {
			withCore++
		}
	}
	t.Logf("%d ACL files, %d projects, %d with core groups", files, len(c.Projects), withCore)
	if withCore < 1500 {
		t.Errorf("only %d projects have core groups", withCore)
	}
}

func TestRealCoreGroups(t *testing.T) {
	t.Parallel()
	l, _, _ := realLoader(t)
	for _, tt := range []struct {
		project string
		want    []string
		files   []string
	}{
		// No acl-config: jeepyb's default file, inheriting meta-config.
		{"openstack/ironic", []string{"ironic-core", "ironic-reviewers"},
			[]string{"gerrit/acls/openstack/ironic.config", "gerrit/acls/openstack/meta-config.config"}},
		// acl-config pointing at another project's file.
		{"openstack/metalsmith", []string{"ironic-core", "ironic-reviewers"}, nil},
		{"openstack/nova", []string{"nova-core"}, nil},
		// Its own file grants nothing: the core groups come from its
		// parent, openstack/openstack-ansible.
		{"openstack/openstack-ansible-os_nova", []string{"openstack-ansible-core", "openstack-ansible-power-reviewers"}, nil},
		// refs/heads/* is exclusive for Code-Review.
		{"openstack/openstack", []string{"Project Bootstrappers", "Release Managers"}, nil},
	} {
		core, err := l.CoreGroups(tt.project)
		if err != nil {
			t.Errorf("%s: %v", tt.project, err)
			continue
		}
		if !reflect.DeepEqual(core.Groups, tt.want) {
			t.Errorf("%s: core groups %q, want %q", tt.project, core.Groups, tt.want)
		}
		if tt.files != nil && !reflect.DeepEqual(core.Files, tt.files) {
			t.Errorf("%s: files %q, want %q", tt.project, core.Files, tt.files)
		}
	}
	if _, err := l.CoreGroups("openstack/no-such-project"); err == nil || !strings.Contains(err.Error(), "not in gerrit/projects.yaml") {
		t.Errorf("unknown project: %v", err)
	}
}

// gitList is what git reads from a config file, or ok=false when git
// refuses it.
func gitList(t *testing.T, data []byte) (lines []string, ok bool) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.config")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "config", "--file", path, "--list", "-z")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		if _, isExit := err.(*exec.ExitError); !isExit {
			t.Fatalf("git: %v", err)
		}
		return nil, false
	}
	for _, rec := range bytes.Split(bytes.TrimSuffix(out, []byte{0}), []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		// -z: "key\nvalue", or "key" alone for a boolean without value.
		k, v, has := strings.Cut(string(rec), "\n")
		if !has {
			v = "true"
		}
		lines = append(lines, k+"="+v)
	}
	return lines, true
}

// The git-config reader reads as git does: every real ACL file, and
// tricky synthetic ones, give the same variables, or are refused by both.
func TestConfigReadsAsGit(t *testing.T) {
	t.Parallel()
	cases := map[string][]byte{
		"quotes":       []byte("[access \"refs/heads/*\"]\n\tpush = \"group  x\" ; c\n\ta = b  c   # d\n\tb = \"x;y#z\"\n"),
		"escapes":      []byte("[s \"a\\\"b\\\\c\\d\"]\n\tk = x\\ty\\\\z\\\"\n"),
		"continuation": []byte("[s]\n\tk = a \\\n  b\n\tflag\n"),
		"dotted":       []byte("[Sect.SUB]\n\tKey = v\n[sect \"SUB\"] inline = w\n"),
		"crlf and bom": []byte("\xef\xbb\xbf[s]\r\n\tk = v \r\n"),
		"no newline":   []byte("[s]\nk=v"),
		"empty value":  []byte("[s]\nk =\nj = \"\"\n"),
		"bad escape":   []byte("[s]\nk = \\q\n"),
		"open quote":   []byte("[s]\nk = \"v\n"),
		"bad name":     []byte("[s]\n1k = v\n"),
		"no section":   []byte("k = v\n"),
		"bad header":   []byte("[s \"x\" ]\nk = v\n"),
		"comment name": []byte("[s]\nk # c\n"),
		"space name":   []byte("[s]\nk x = v\n"),
	}
	root := filepath.Join(fixture.SharedData(t), "project-config", acl.Dir)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			cases[p] = data
		}
		return nil
	})
	if len(cases) < 700 {
		t.Fatalf("only %d cases: the real ACL files are missing", len(cases))
	}
	for name, data := range cases {
		want, gitOK := gitList(t, data)
		got, err := acl.Entries(name, data)
		if gitOK != (err == nil) {
			t.Errorf("%s: git accepts: %v; pypiguard: %v", name, gitOK, err)
			continue
		}
		if gitOK && !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %q\n git  %q", name, got, want)
		}
	}
}
