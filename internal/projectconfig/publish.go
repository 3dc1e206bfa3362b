package projectconfig

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// CanonicalHosts are hostnames that may prefix a project name in a Zuul
// project stanza: Zuul accepts a project's canonical name
// ("opendev.org/openstack/nova") wherever its short name is accepted
// (zuul-ci/zuul doc/source/config/project.rst, project.name). OpenDev's
// canonical hostname is opendev.org; the others are its Gerrit's and the
// pre-2019 names, stripped too so that no spelling hides a stanza.
var CanonicalHosts = []string{"opendev.org", "review.opendev.org", "git.openstack.org", "review.openstack.org"}

// ShortName strips a canonical hostname prefix from a Zuul project name.
func ShortName(name string) string {
	for _, h := range CanonicalHosts {
		if rest, ok := strings.CutPrefix(name, h+"/"); ok {
			return rest
		}
	}
	return name
}

// What makes a job upload to PyPI, read from project-config's
// zuul.d/jobs.yaml: release-openstack-python holds the secret pypi_secret
// (as "- secret: pypi_secret\n  name: pypi_info") and runs
// playbooks/publish/pypi.yaml in post-run.
const (
	PyPISecret   = "pypi_secret"
	PyPIPlaybook = "playbooks/publish/pypi.yaml"
)

// DefaultParent is the parent of a job that names none: Zuul's tenant
// default-parent, base unless the tenant says otherwise (zuul-ci/zuul
// zuul/configloader.py, TenantParser: conf.get('default-parent', 'base')).
const DefaultParent = "base"

// Rule says what publishes to PyPI: templates whose name matches Templates,
// and jobs that upload (Jobs names more of them, such as jobs defined in
// other repositories).
type Rule struct {
	Templates *regexp.Regexp
	Jobs      []string
}

// Reason is why a repo publishes: the template or job that does it, where it
// is listed, and in words.
type Reason struct {
	Template string // the template, when a template publishes
	Job      string // the job that uploads (also through a template)
	Pos      Pos    // the line that lists the template or job for the repo
	// Source is where the job's uploading is decided (the job that holds
	// the secret or runs the playbook); zero when the policy names the job
	// or a template's name decides.
	Source Pos
	Why    string
}

// Lists reports whether a stanza applying to repo lists the template or job
// of r: whether r's cause was already in place for repo.
func (c *Config) Lists(repo string, r Reason) bool {
	for _, z := range c.stanzasFor(repo) {
		if r.Template != "" && slices.ContainsFunc(z.Templates, func(t Template) bool { return t.Name == r.Template }) {
			return true
		}
		if r.Template == "" && slices.ContainsFunc(z.Jobs, func(j JobUse) bool { return j.Name == r.Job }) {
			return true
		}
	}
	return false
}

// Publishes reports whether Zuul would publish repo to PyPI: whether any
// project stanza that applies to it (its own, by short or canonical name, or
// one whose regex matches either) uses, in any pipeline, a template matching
// the rule, a template defined here that runs an uploading job, or an
// uploading job.
func (c *Config) Publishes(repo string, r Rule) (Reason, bool) {
	up := uploads{c: c, rule: r, memo: map[string]cause{}}
	for _, z := range c.stanzasFor(repo) {
		if why, ok := up.stanza(z); ok {
			return why, true
		}
	}
	return Reason{}, false
}

// stanzasFor lists the project stanzas Zuul applies to repo. A regex is
// tried on the short and on the canonical name, as either may be what Zuul
// matches.
func (c *Config) stanzasFor(repo string) []*ZuulProject {
	out := slices.Clone(c.byName[repo])
	canonical := CanonicalHosts[0] + "/" + repo
	for _, z := range c.regexs {
		if z.re.MatchString(repo) || z.re.MatchString(canonical) {
			out = append(out, z)
		}
	}
	return out
}

// uploads decides, once per job name, whether a job uploads to PyPI.
type uploads struct {
	c    *Config
	rule Rule
	memo map[string]cause
}

// cause is why a job uploads, in words, and the job definition that decides
// it. The zero cause: it does not.
type cause struct {
	why string
	at  Pos
}

func (c cause) ok() bool { return c.why != "" }

func (c cause) via(parent string) cause {
	return cause{why: "inherits from " + parent + ", which " + c.why, at: c.at}
}

func (u *uploads) stanza(z *ZuulProject) (Reason, bool) {
	for _, t := range z.Templates {
		if u.rule.Templates != nil && u.rule.Templates.MatchString(t.Name) {
			return Reason{Template: t.Name, Pos: t.Pos, Why: fmt.Sprintf("template %s matches %s", t.Name, u.rule.Templates)}, true
		}
		if r, ok := u.template(t); ok {
			return r, true
		}
	}
	for _, j := range z.Jobs {
		if c := u.use(j.Job); c.ok() {
			return Reason{Job: j.Name, Pos: j.Pos, Source: c.at, Why: fmt.Sprintf("%s job %s %s", j.Pipeline, j.Name, c.why)}, true
		}
	}
	return Reason{}, false
}

// template reports whether a template project-config defines runs an
// uploading job, whatever its name.
func (u *uploads) template(t Template) (Reason, bool) {
	for _, def := range u.c.Templates[t.Name] {
		for _, j := range def.Jobs {
			if c := u.use(j.Job); c.ok() {
				return Reason{Template: t.Name, Job: j.Name, Pos: t.Pos, Source: c.at,
					Why: fmt.Sprintf("template %s (%s) runs %s job %s, which %s", t.Name, def.Pos, j.Pipeline, j.Name, c.why)}, true
			}
		}
	}
	return Reason{}, false
}

// use says why a job as a pipeline lists it uploads: its variant's own
// attributes, then the job it names.
func (u *uploads) use(j Job) cause {
	if c := own(&j); c.ok() {
		return c
	}
	if j.HasParent && j.Parent != "" {
		if c := u.job(j.Parent, nil); c.ok() {
			return c.via(j.Parent)
		}
	}
	return u.job(j.Name, nil)
}

// own says why a job's own attributes upload.
func own(j *Job) cause {
	if slices.Contains(j.Secrets, PyPISecret) {
		return cause{why: fmt.Sprintf("holds the secret %s (%s)", PyPISecret, j.Pos), at: j.Pos}
	}
	// Zuul's executor runs the file the path joined to the repo's root
	// names (zuul-ci/zuul zuul/executor/server.py, findPlaybook:
	// os.path.exists), so ./playbooks/publish/pypi.yaml is the same
	// playbook.
	if slices.ContainsFunc(j.Playbooks, func(p string) bool { return path.Clean(p) == PyPIPlaybook }) {
		return cause{why: fmt.Sprintf("runs %s (%s)", PyPIPlaybook, j.Pos), at: j.Pos}
	}
	return cause{}
}

// job says why the job name uploads: the policy names it, or one of its
// variants, or a parent of one, holds the PyPI secret or runs the PyPI
// playbook. path guards against a cycle of parents.
func (u *uploads) job(name string, path []string) cause {
	if c, ok := u.memo[name]; ok {
		return c
	}
	if slices.Contains(path, name) {
		return cause{}
	}
	c := u.decide(name, append(path, name))
	if len(path) == 0 { // a cycle cut below the top could hide a cause
		u.memo[name] = c
	}
	return c
}

func (u *uploads) decide(name string, path []string) cause {
	if slices.Contains(u.rule.Jobs, name) {
		return cause{why: "is one of the policy's publish-jobs"}
	}
	for _, v := range u.c.Jobs[name] {
		if c := own(v); c.ok() {
			return c
		}
	}
	for _, v := range u.c.Jobs[name] {
		parent := DefaultParent
		if v.HasParent {
			parent = v.Parent
		}
		if parent == "" || parent == name {
			continue
		}
		if c := u.job(parent, path); c.ok() {
			return c.via(parent)
		}
	}
	return cause{}
}
