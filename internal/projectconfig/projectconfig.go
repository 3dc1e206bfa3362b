// Package projectconfig reads openstack/project-config: the Gerrit projects
// (gerrit/projects.yaml) and the Zuul templates each project uses
// (zuul.d/projects.yaml), which tell whether a repo publishes to PyPI.
//
// Parsing is pure, and every entry keeps its file and 1-based line.
package projectconfig

import (
	"regexp"
	"strings"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// The files read, relative to the root of a project-config checkout.
const (
	GerritFile = "gerrit/projects.yaml"
	ZuulFile   = "zuul.d/projects.yaml"
)

// Files lists the files Parse reads.
var Files = []string{GerritFile, ZuulFile}

// DefaultPublishPattern matches the templates that publish to PyPI:
// publish-to-pypi, publish-to-pypi-stable-only, publish-xstatic-to-pypi,
// publish-to-pypi-quietly.
const DefaultPublishPattern = "pypi"

// Pos is where a YAML node sits: file and 1-based line.
type Pos = yamlfile.Pos

// Project is one entry of gerrit/projects.yaml.
type Project struct {
	Name      string
	Upstream  string
	ACLConfig string
	Pos       Pos
}

// Retired reports whether the project uses the retired ACL, which is how
// project-config marks a retired repository.
func (p *Project) Retired() bool { return strings.HasSuffix(p.ACLConfig, "retired.config") }

// Template is one template a Zuul project stanza uses.
type Template struct {
	Name string
	Pos  Pos
}

// ZuulProject is one "- project:" stanza of zuul.d/projects.yaml. Its name is
// a project name, or a regex when it starts with "^".
type ZuulProject struct {
	Name      string
	Templates []Template
	Pos       Pos
	re        *regexp.Regexp
}

// Warning is a quirk that was tolerated.
type Warning = yamlfile.Warning

// Config is the content of the two files at one revision. An absent file
// reads as empty.
type Config struct {
	Projects []*Project
	Zuul     []*ZuulProject
	Warnings []Warning

	projects map[string]*Project
	byName   map[string][]*ZuulProject // exact-name stanzas
	regexs   []*ZuulProject
}

// Project returns the gerrit/projects.yaml entry of name, or nil.
func (c *Config) Project(name string) *Project { return c.projects[name] }

// PublishTemplate returns the first template matching pattern among those
// Zuul applies to repo: its own stanzas, and stanzas whose regex name matches
// it. ok is false when repo does not publish.
func (c *Config) PublishTemplate(repo string, pattern *regexp.Regexp) (t Template, ok bool) {
	for _, z := range c.byName[repo] {
		if t, ok := z.match(pattern); ok {
			return t, true
		}
	}
	for _, z := range c.regexs {
		if z.re.MatchString(repo) {
			if t, ok := z.match(pattern); ok {
				return t, true
			}
		}
	}
	return Template{}, false
}

// Listed reports whether repo has a stanza of its own in zuul.d/projects.yaml.
func (c *Config) Listed(repo string) bool { return len(c.byName[repo]) > 0 }

func (z *ZuulProject) match(pattern *regexp.Regexp) (Template, bool) {
	for _, t := range z.Templates {
		if pattern.MatchString(t.Name) {
			return t, true
		}
	}
	return Template{}, false
}
