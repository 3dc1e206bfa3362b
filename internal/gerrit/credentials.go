package gerrit

import (
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// The environment variables that hold the credentials.
const (
	EnvUsername = "GERRIT_USERNAME"
	EnvPassword = "GERRIT_HTTP_PASSWORD"
)

// Credentials are a Gerrit account and its HTTP password. They print
// without the password, so that no log line or error can show it by
// accident.
type Credentials struct {
	Username string
	Password string
	// Source says where they came from, for messages that tell the user
	// what to fix.
	Source string
}

func (c Credentials) String() string {
	if c.Username == "" {
		return "anonymous"
	}
	return fmt.Sprintf("%s (from %s)", c.Username, c.Source)
}

// GoString keeps the password out of %#v too.
func (c Credentials) GoString() string { return "gerrit.Credentials{" + c.String() + "}" }

// CredentialsFromEnv reads GERRIT_USERNAME and GERRIT_HTTP_PASSWORD with
// getenv. ok is false when neither is set; one without the other is an error.
func CredentialsFromEnv(getenv func(string) string) (c Credentials, ok bool, err error) {
	user, pass := getenv(EnvUsername), getenv(EnvPassword)
	switch {
	case user == "" && pass == "":
		return c, false, nil
	case user == "" || pass == "":
		return c, false, fmt.Errorf("set both %s and %s, or neither", EnvUsername, EnvPassword)
	}
	return Credentials{Username: user, Password: pass, Source: "the environment (" + EnvUsername + ", " + EnvPassword + ")"}, true, nil
}

// LoadCredentials reads a credentials file, a YAML mapping of two keys:
//
//	username: pypiguard-bot
//	http-password: the account's HTTP password (Gerrit: Settings > HTTP Credentials)
//
// A file that the group or others may read is refused: the password would
// not be secret.
func LoadCredentials(path string) (Credentials, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return Credentials{}, fmt.Errorf("credentials file %s is not a regular file", path)
	}
	if perm := st.Mode().Perm(); perm&0o044 != 0 {
		return Credentials{}, fmt.Errorf("credentials file %s can be read by its group or others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials file: %w", err)
	}
	return ParseCredentials(path, data)
}

// ParseCredentials parses the content of a credentials file called name.
// Its errors never quote the file: a misplaced password must not end up in
// a log.
func ParseCredentials(name string, data []byte) (Credentials, error) {
	var doc yaml.Node
	bad := fmt.Errorf("credentials file %s: want a YAML mapping of two keys, 'username: NAME' and 'http-password: PASSWORD'", name)
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return Credentials{}, bad
	}
	c := Credentials{Source: "the credentials file " + name}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		var field *string
		switch k.Value {
		case "username":
			field = &c.Username
		case "http-password":
			field = &c.Password
		default:
			return Credentials{}, fmt.Errorf("credentials file %s:%d: unknown key (only username and http-password)", name, k.Line)
		}
		if v.Kind != yaml.ScalarNode {
			return Credentials{}, fmt.Errorf("credentials file %s:%d: %s must be a string", name, v.Line, k.Value)
		}
		*field = strings.TrimSpace(v.Value)
	}
	if c.Username == "" || c.Password == "" {
		return Credentials{}, bad
	}
	return c, nil
}
