package gerrit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/gerrit"
)

const secret = "Tr0ub4dor-xyzzy-secret"

func writeCredentials(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadCredentials(t *testing.T) {
	t.Parallel()
	p := writeCredentials(t, "username: pypiguard-bot\nhttp-password: "+secret+"\n", 0o600)
	c, err := gerrit.LoadCredentials(p)
	if err != nil || c.Username != "pypiguard-bot" || c.Password != secret || !strings.Contains(c.Source, p) {
		t.Fatalf("%+v, %v", c, err)
	}
	for _, s := range []string{c.String(), fmt.Sprintf("%v %+v %#v %s", c, c, c, c)} {
		if strings.Contains(s, secret) {
			t.Errorf("the password shows: %s", s)
		}
	}
}

func TestCredentialsFileReadableByOthersIsRefused(t *testing.T) {
	t.Parallel()
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		p := writeCredentials(t, "username: u\nhttp-password: "+secret+"\n", mode)
		if _, err := gerrit.LoadCredentials(p); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %o: %v", mode, err)
		}
	}
}

// A credentials file gone wrong must not put the password in an error.
func TestCredentialsErrorsDoNotQuoteTheFile(t *testing.T) {
	t.Parallel()
	for _, content := range []string{
		secret,
		"username: u\npassword: " + secret + "\n",
		"username: u\n" + secret + ": x\n",
		"username: u\nhttp-password: [" + secret + "]\n",
		"username: u\nhttp-password: " + secret + "\n  bad: indent\n",
		"username: u\n",
		"",
	} {
		_, err := gerrit.ParseCredentials("f", []byte(content))
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("%q: %v", content, err)
		}
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, ok, err := gerrit.CredentialsFromEnv(env(map[string]string{gerrit.EnvUsername: "u", gerrit.EnvPassword: secret}))
	if !ok || err != nil || c.Username != "u" || c.Password != secret || !strings.Contains(c.Source, gerrit.EnvPassword) {
		t.Errorf("%v %v %v", c, ok, err)
	}
	if _, ok, err := gerrit.CredentialsFromEnv(env(nil)); ok || err != nil {
		t.Errorf("none: %v %v", ok, err)
	}
	if _, _, err := gerrit.CredentialsFromEnv(env(map[string]string{gerrit.EnvUsername: "u"})); err == nil {
		t.Errorf("a username without a password must be an error")
	}
}
