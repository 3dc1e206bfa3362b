package hook

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds a whole run. Gerrit runs hooks on one thread by
	// default (hooks.executorThreads): a slow hook delays every later one.
	DefaultTimeout = 3 * time.Minute
	maxTimeout     = time.Hour
)

// DefaultProjects and DefaultBranches are what the hook acts on unless the
// config says otherwise.
var (
	DefaultProjects = []string{"openstack/governance", "openstack/project-config"}
	DefaultBranches = []string{"master"}
)

// Config is the hook's settings, from $GERRIT_SITE/etc/pypiguard.yaml:
//
//	gerrit-url: https://review.opendev.org     # required
//	credentials: pypiguard.credentials         # required; relative to this file
//	projects: [openstack/governance, openstack/project-config]
//	branches: [master]
//	pypi-url: https://pypi.org
//	policy: pypiguard-policy.yaml              # default: the built-in policy
//	log-file: ../logs/pypiguard.log            # default: $GERRIT_SITE/logs/pypiguard.log
//	log-level: info
//	timeout: 3m
//	read-from-git: false                       # true: read files from $GIT_DIR, not REST
//	project-config: /opt/project-config        # a checkout: ACL files, publishing
type Config struct {
	GerritURL   string
	Credentials string
	Projects    []string
	Branches    []string
	PyPIURL     string
	Policy      string
	LogFile     string
	LogLevel    string
	Timeout     time.Duration
	ReadFromGit bool
	// ProjectConfig is a checkout of openstack/project-config, read as
	// check's --project-config: the ACL files that name each repo's core
	// groups, and which repos publish to PyPI. "" for none: a Gerrit
	// account that matched is then unverified, not core or contributor.
	ProjectConfig string
}

// Wants reports whether the hook acts on a change to branch of project.
func (c *Config) Wants(project, branch string) bool {
	branch = strings.TrimPrefix(branch, "refs/heads/")
	return slices.Contains(c.Projects, project) && slices.Contains(c.Branches, branch)
}

// ParseConfig parses the config file called name. Unknown keys and bad
// values are errors, all reported at once with their lines. Relative paths
// are resolved against the file's directory.
func ParseConfig(name string, data []byte) (*Config, error) {
	c := &Config{Projects: slices.Clone(DefaultProjects), Branches: slices.Clone(DefaultBranches), LogLevel: "info", Timeout: DefaultTimeout}
	p := &configParser{name: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	switch {
	case len(doc.Content) == 0:
		p.add(1, "empty: gerrit-url and credentials are required")
	case doc.Content[0].Kind != yaml.MappingNode:
		p.add(doc.Content[0].Line, "want a mapping of settings (gerrit-url: ..., credentials: ...)")
	default:
		p.mapping(doc.Content[0], c)
	}
	if len(p.problems) > 0 {
		return nil, errors.Join(p.problems...)
	}
	c.resolve(filepath.Dir(name))
	return c, nil
}

// resolve makes relative paths relative to dir.
func (c *Config) resolve(dir string) {
	for _, p := range []*string{&c.Credentials, &c.Policy, &c.LogFile, &c.ProjectConfig} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}

// configParser collects every problem of a config file.
type configParser struct {
	name     string
	problems []error
}

func (p *configParser) add(line int, format string, args ...any) {
	p.problems = append(p.problems, fmt.Errorf("%s:%d: %s", p.name, line, fmt.Sprintf(format, args...)))
}

func (p *configParser) mapping(m *yaml.Node, c *Config) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			p.add(k.Line, "%s is set twice", k.Value)
		}
		seen[k.Value] = true
		p.setting(k, v, c)
	}
	for _, req := range []string{"gerrit-url", "credentials"} {
		if !seen[req] {
			p.add(m.Line, "%s is required", req)
		}
	}
}

func (p *configParser) setting(k, v *yaml.Node, c *Config) {
	switch k.Value {
	case "gerrit-url":
		c.GerritURL = p.url(k, v, "without credentials (they go in the credentials file)")
	case "credentials":
		c.Credentials = p.str(k, v)
	case "projects":
		c.Projects = p.list(k, v, naming.ValidProject)
	case "branches":
		c.Branches = p.list(k, v, validBranch)
		for i, b := range c.Branches {
			c.Branches[i] = strings.TrimPrefix(b, "refs/heads/")
		}
	case "pypi-url":
		c.PyPIURL = p.url(k, v, "")
	case "policy":
		c.Policy = p.str(k, v)
	case "log-file":
		c.LogFile = p.str(k, v)
	case "log-level":
		if c.LogLevel = p.str(k, v); !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
			p.add(v.Line, "log-level %q: use one of debug, info, warn, error", c.LogLevel)
		}
	case "timeout":
		c.Timeout = p.duration(k, v)
	case "read-from-git":
		c.ReadFromGit = p.boolean(k, v)
	case "project-config":
		if c.ProjectConfig = p.str(k, v); c.ProjectConfig == "" {
			p.add(v.Line, "project-config: want the path of a project-config checkout")
		}
	default:
		p.add(k.Line, "unknown setting %q (known: gerrit-url, credentials, projects, branches, pypi-url, policy, log-file, log-level, timeout, read-from-git, project-config)", k.Value)
	}
}

func (p *configParser) str(k, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.add(v.Line, "%s: want a string", k.Value)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (p *configParser) list(k, v *yaml.Node, valid func(string) bool) []string {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		p.add(v.Line, "%s: want a list of at least one name", k.Value)
		return nil
	}
	out := []string{}
	for _, item := range v.Content {
		s := p.str(k, item)
		if !valid(s) {
			p.add(item.Line, "%s: %q is not a valid name", k.Value, s)
		}
		out = append(out, s)
	}
	return out
}

// url reads an http(s) URL without user information.
func (p *configParser) url(k, v *yaml.Node, more string) string {
	s := p.str(k, v)
	if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		p.add(v.Line, "%s %q: want http(s)://host[/path] %s", k.Value, redacted(s), more)
	}
	return s
}

func validBranch(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

func (p *configParser) duration(k, v *yaml.Node) time.Duration {
	s := p.str(k, v)
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > maxTimeout {
		p.add(v.Line, "%s %q: want a duration from 1s to %s, such as 3m", k.Value, s, maxTimeout)
		return DefaultTimeout
	}
	return d
}

func (p *configParser) boolean(k, v *yaml.Node) bool {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
		p.add(v.Line, "%s: want true or false", k.Value)
	}
	return b
}

// redacted hides the user information a URL should not have had.
func redacted(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		u.User = url.User("REDACTED")
		return u.String()
	}
	if strings.Contains(s, "@") {
		return "(a URL with user information, not shown)"
	}
	return s
}
