package hook_test

import (
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/hook"
)

// FuzzParse checks that Parse never panics on any argument list, and that
// whatever values the plugin writes (a topic is free text) come back
// exactly: no value can pass for a flag and shift the others.
func FuzzParse(f *testing.F) {
	f.Add(strings.Join(plugin(), "\x00"), "t", "openstack/governance", "master", sha)
	f.Add("--change\x00\x00--kind", "--project", `"a b"`, "--branch", "--commit")
	f.Add("--=x\x00--\x00-h\x00--a=b=c", "--help", "-h", "", "--topic=x")
	f.Fuzz(func(t *testing.T, argv, topic, project, branch, commit string) {
		_ = hook.Parse(strings.Split(argv, "\x00"))
		args := plugin()
		for flag, value := range map[string]string{"--topic": topic, "--project": project, "--branch": branch, "--commit": commit} {
			args[slices.Index(args, flag)+1] = value
		}
		a := hook.Parse(args)
		if a.Topic != topic || a.Project != project || a.Branch != branch || a.Commit != commit || a.Help || len(a.Ignored) != 0 {
			t.Errorf("topic %q project %q branch %q commit %q: got %+v", topic, project, branch, commit, a)
		}
	})
}

// FuzzParseConfig loads arbitrary settings files: no crash, and settings
// that load have what the hook cannot do without.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("gerrit-url: https://review.opendev.org\ncredentials: c\n"))
	f.Add([]byte("gerrit-url: http://x\ncredentials: c\nprojects: [a/b]\nbranches: [refs/heads/m]\ntimeout: 1s\nread-from-git: true\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := hook.ParseConfig("/site/etc/pypiguard.yaml", data)
		if err != nil {
			return
		}
		if c.GerritURL == "" || c.Credentials == "" || len(c.Projects) == 0 || len(c.Branches) == 0 || c.Timeout <= 0 {
			t.Fatalf("loaded settings lack what the hook needs: %+v", c)
		}
	})
}
