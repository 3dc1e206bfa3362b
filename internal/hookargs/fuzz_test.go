package hookargs_test

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/hookargs"
)

// FuzzParse checks that Parse never panics, and that a value written after
// a known flag comes back unless it names a known flag itself.
func FuzzParse(f *testing.F) {
	f.Add(strings.Join(plugin(), "\x00"), "--topic", "t")
	f.Add("--change\x00\x00--kind", "--project", `"a b"`)
	f.Add("--=x\x00--\x00-h\x00--a=b=c", "--commit", "--help")
	f.Add("", "--branch", "--not-known")
	f.Fuzz(func(t *testing.T, argv, flag, value string) {
		_ = hookargs.Parse(strings.Split(argv, "\x00"))
		if flag != "--topic" && flag != "--project" && flag != "--commit" && flag != "--branch" {
			return
		}
		a := hookargs.Parse(append(strings.Split(argv, "\x00"), flag, value))
		got := map[string]string{"--topic": a.Topic, "--project": a.Project, "--commit": a.Commit, "--branch": a.Branch}[flag]
		if known := hookargs.Parse([]string{"--topic", value}).Topic == ""; !known && got != value {
			t.Errorf("%q then %s %q: got %q", argv, flag, value, got)
		}
	})
}

// FuzzParseConfig loads arbitrary settings files: no crash, and settings
// that load have what the hook cannot do without.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("gerrit-url: https://review.opendev.org\ncredentials: c\n"))
	f.Add([]byte("gerrit-url: http://x\ncredentials: c\nprojects: [a/b]\nbranches: [refs/heads/m]\ntimeout: 1s\nread-from-git: true\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := hookargs.ParseConfig("/site/etc/pypiguard.yaml", data)
		if err != nil {
			return
		}
		if c.GerritURL == "" || c.Credentials == "" || len(c.Projects) == 0 || len(c.Branches) == 0 || c.Timeout <= 0 {
			t.Fatalf("loaded settings lack what the hook needs: %+v", c)
		}
	})
}
