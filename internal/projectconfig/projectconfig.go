// Package projectconfig reads openstack/project-config: the Gerrit projects
// (gerrit/projects.yaml) and the Zuul configuration (every *.yaml under
// zuul.d/: project stanzas, project templates and jobs), which tell whether a
// repo publishes to PyPI.
//
// Parsing is pure, and every entry keeps its file and 1-based line.
package projectconfig

import (
	"regexp"
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// The files read, relative to the root of a project-config checkout.
const (
	GerritFile = "gerrit/projects.yaml"
	// ZuulDir holds Zuul's configuration: Zuul reads every file under it
	// whose name ends in ".yaml", in subdirectories too (zuul-ci/zuul
	// zuul/merger/merger.py, Repo.getFiles: tree[dn].traverse(), blob.path
	// endswith ".yaml").
	ZuulDir  = "zuul.d"
	ZuulFile = ZuulDir + "/projects.yaml"
	JobsFile = ZuulDir + "/jobs.yaml"
)

// Files lists the files project-config holds today: what a reader that
// cannot list a directory (Gerrit's REST API) reads, and how a change is
// recognised as one to project-config. Readers that can list zuul.d/ read
// every file IsFile accepts (see Paths).
var Files = []string{GerritFile, ZuulFile, JobsFile, ZuulDir + "/gerrit-projects.yaml",
	ZuulDir + "/pipelines.yaml", ZuulDir + "/starlingx-jobs.yaml"}

// MaxZuulFiles bounds the files read under zuul.d/ (project-config has five).
const MaxZuulFiles = 1000

// IsFile reports whether path (relative, with '/') is a file Parse reads:
// gerrit/projects.yaml, or a .yaml file anywhere under zuul.d/.
func IsFile(path string) bool { return path == GerritFile || IsZuulFile(path) }

// IsZuulFile reports whether path is a Zuul configuration file under zuul.d/.
func IsZuulFile(path string) bool {
	return strings.HasPrefix(path, ZuulDir+"/") && strings.HasSuffix(path, ".yaml") && len(path) > len(ZuulDir)+len("/.yaml")
}

// Paths returns the known Files and every path of listed that IsFile accepts,
// sorted and each once: what to read from a revision whose files were listed.
func Paths(listed []string) []string {
	out := append([]string(nil), Files...)
	for _, p := range listed {
		if IsFile(p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

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
// project-config marks a retired repository: the acl-config's file name is
// exactly retired.config (not notretired.config).
func (p *Project) Retired() bool {
	return p.ACLConfig[strings.LastIndexByte(p.ACLConfig, '/')+1:] == "retired.config"
}

// Template is one template a Zuul project stanza uses.
type Template struct {
	Name string
	Pos  Pos
}

// ZuulProject is one "- project:" stanza (or, in Templates of Config, one
// "- project-template:" stanza) of a file under zuul.d/. Its name is a
// project name, or a regex when it starts with "^".
type ZuulProject struct {
	Name      string
	Templates []Template
	// Jobs are the jobs its pipelines list, every pipeline.
	Jobs []JobUse
	Pos  Pos
	re   *regexp.Regexp
}

// JobUse is a job listed in a pipeline of a project stanza or template: by
// name, or as a variant "{name: {attributes}}" whose attributes can add
// secrets, playbooks or a parent.
type JobUse struct {
	Pipeline string
	Job
}

// Job is one "- job:" stanza (a variant: Zuul allows several of one name) or
// the attributes of a job listed in a pipeline. Only what decides uploading
// to PyPI is kept.
type Job struct {
	Name string
	// Parent is the parent job; HasParent says whether "parent:" was written
	// (absent: Zuul's default parent, base; null: none).
	Parent    string
	HasParent bool
	// Secrets are the names of the secrets the job holds (the secret, not
	// the alias it is passed under).
	Secrets []string
	// Playbooks are every playbook it runs: pre-run, run, post-run,
	// cleanup-run.
	Playbooks []string
	Pos       Pos
}

// Warning is a quirk that was tolerated.
type Warning = yamlfile.Warning

// Config is the content of project-config at one revision. An absent file
// reads as empty.
type Config struct {
	Projects []*Project
	// Zuul holds every project stanza, from every file under zuul.d/.
	Zuul []*ZuulProject
	// Templates are the project templates project-config defines, by name.
	Templates map[string][]*ZuulProject
	// Jobs are the job variants project-config defines, by name.
	Jobs     map[string][]*Job
	Warnings []Warning

	projects map[string]*Project
	byName   map[string][]*ZuulProject // exact-name stanzas, hostname stripped
	regexs   []*ZuulProject
}

// Project returns the gerrit/projects.yaml entry of name, or nil.
func (c *Config) Project(name string) *Project { return c.projects[name] }

// Listed reports whether repo has a stanza of its own under zuul.d/.
func (c *Config) Listed(repo string) bool { return len(c.byName[repo]) > 0 }
