package zuuljobs

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Config is what a repository's zuul.d/ defines.
type Config struct {
	Jobs      map[string]*Job
	Templates map[string]*Template
	// Files are the files read, relative to the repository.
	Files []string
}

// Job is a job definition, as far as the tests need it.
type Job struct {
	Name, Parent     string
	Voting           *bool
	Timeout          int
	Files            []string
	RequiredProjects []string
	Playbooks        []string // pre-run, run and post-run, in that order
	PreRun, Run      []string
	PostRun          []string
	HasSecrets       bool
	Vars             map[string]any
	Roles            []map[string]string
}

// Template is a project-template: pipeline name to job names.
type Template struct {
	Name      string
	Pipelines map[string][]string
}

// stanzas are the kinds of top-level items pypiguard's zuul.d/ may hold.
var stanzas = map[string]schema{"job": jobSchema, "project": projectSchema, "project-template": templateSchema}

// Load reads every .yaml file under root/zuul.d (recursively, in sorted
// order, pruning folders that hold a .zuul.ignore, as Zuul does), checks
// each stanza against Zuul's schema, and checks what refers to what: each
// playbook exists under root, each parent and template job is defined (or
// named in external), no name is defined twice. It returns every problem.
func Load(root string, external ...string) (*Config, error) {
	files, err := configFiles(root)
	if err != nil {
		return nil, err
	}
	cfg := &Config{Jobs: map[string]*Job{}, Templates: map[string]*Template{}, Files: files}
	var errs []error
	for _, rel := range files {
		errs = append(errs, cfg.loadFile(root, rel)...)
	}
	errs = append(errs, cfg.crossCheck(root, external)...)
	return cfg, errors.Join(errs...)
}

func configFiles(root string) ([]string, error) {
	dir := filepath.Join(root, "zuul.d")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if _, err := os.Stat(filepath.Join(p, ".zuul.ignore")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".yaml") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("%s holds no .yaml file", dir)
	}
	slices.Sort(files)
	return files, err
}

func (cfg *Config) loadFile(root, rel string) []error {
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return []error{err}
	}
	// Zuul reads its configuration with PyYAML (a SafeLoader, YAML 1.1):
	// "timeout: 0o17" is the string '0o17' to it, which its schema
	// refuses, where yaml.v3 would read the integer 15; "voting: no" is
	// False. yamlfile tags every node as PyYAML types it.
	top, err := yamlfile.Parse(rel, data)
	if err != nil {
		return []error{err}
	}
	if top == nil {
		return nil
	}
	c := &checker{file: rel}
	top = resolve(top)
	if top.Kind != yaml.SequenceNode {
		c.fail(top, "(top)", "want a list of stanzas, got %s", describe(top))
	}
	for i, item := range top.Content {
		cfg.stanza(c, resolve(item), fmt.Sprintf("[%d]", i))
	}
	return problems(c.errs)
}

func problems(ps []problem) []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// stanza checks one top-level item, {kind: body}, and records it.
func (cfg *Config) stanza(c *checker, item *yaml.Node, path string) {
	if item.Kind != yaml.MappingNode || len(item.Content) != 2 {
		c.fail(item, path, "want a mapping with one key (job, project or project-template)")
		return
	}
	kind, body := item.Content[0].Value, resolve(item.Content[1])
	s, ok := stanzas[kind]
	if !ok {
		c.fail(item, path, "unknown or unsupported stanza %q (pypiguard defines jobs, projects and project-templates)", kind)
		return
	}
	before := len(c.errs)
	s.run(c, body, path+"."+kind)
	if len(c.errs) > before {
		return
	}
	switch kind {
	case "job":
		cfg.addJob(c, body)
	case "project-template":
		cfg.addTemplate(c, body)
	}
}

func (cfg *Config) addJob(c *checker, n *yaml.Node) {
	var j struct {
		Name     string              `yaml:"name"`
		Parent   string              `yaml:"parent"`
		Abstract bool                `yaml:"abstract"` // unused: decoded to refuse "!!bool maybe", which the schema lets through
		Voting   *bool               `yaml:"voting"`
		Timeout  int                 `yaml:"timeout"`
		Vars     map[string]any      `yaml:"vars"`
		Roles    []map[string]string `yaml:"roles"`
		Secrets  any                 `yaml:"secrets"`
	}
	if err := n.Decode(&j); err != nil {
		c.fail(n, "job", "%v", err)
		return
	}
	if _, dup := cfg.Jobs[j.Name]; dup {
		c.fail(n, "job "+j.Name, "defined twice")
	}
	job := &Job{Name: j.Name, Parent: j.Parent, Voting: j.Voting, Timeout: j.Timeout,
		Vars: j.Vars, Roles: j.Roles, HasSecrets: j.Secrets != nil,
		Files: names(valueOf(n, "files")), RequiredProjects: names(valueOf(n, "required-projects")),
		PreRun: names(valueOf(n, "pre-run")), Run: names(valueOf(n, "run")), PostRun: names(valueOf(n, "post-run"))}
	job.Playbooks = slices.Concat(job.PreRun, job.Run, job.PostRun)
	cfg.Jobs[j.Name] = job
}

func (cfg *Config) addTemplate(c *checker, n *yaml.Node) {
	t := &Template{Pipelines: map[string][]string{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, resolve(n.Content[i+1])
		switch k {
		case "name":
			t.Name = v.Value
		case "description", "queue", "vars":
		default:
			t.Pipelines[k] = names(valueOf(v, "jobs"))
		}
	}
	if _, dup := cfg.Templates[t.Name]; dup {
		c.fail(n, "project-template "+t.Name, "defined twice")
	}
	cfg.Templates[t.Name] = t
}

// valueOf returns a mapping's value for key, or nil.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}

// names lists the names a one-or-list attribute holds: plain strings,
// {name: ...} mappings (playbooks, projects) and {job: attributes} items.
func names(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []string
	for _, it := range items {
		it = resolve(it)
		switch {
		case it.Kind == yaml.ScalarNode:
			out = append(out, it.Value)
		case valueOf(it, "name") != nil:
			out = append(out, valueOf(it, "name").Value)
		case valueOf(it, "regex") != nil:
			out = append(out, valueOf(it, "regex").Value)
		case it.Kind == yaml.MappingNode && len(it.Content) == 2:
			out = append(out, it.Content[0].Value)
		}
	}
	return out
}

// crossCheck checks what refers to what.
func (cfg *Config) crossCheck(root string, external []string) []error {
	var errs []error
	known := func(job string) bool { return cfg.Jobs[job] != nil || slices.Contains(external, job) }
	for _, name := range slices.Sorted(maps.Keys(cfg.Jobs)) {
		j := cfg.Jobs[name]
		if j.Parent != "" && !known(j.Parent) {
			errs = append(errs, fmt.Errorf("job %s: parent %q is not defined", name, j.Parent))
		}
		if last := cfg.chain(name); cfg.Jobs[last[len(last)-1].Parent] != nil {
			errs = append(errs, fmt.Errorf("job %s: its parents loop", name))
		}
		for _, pb := range j.Playbooks {
			if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(pb))); err != nil || !st.Mode().IsRegular() {
				errs = append(errs, fmt.Errorf("job %s: playbook %s does not exist in the repository", name, pb))
			}
		}
	}
	for _, t := range cfg.Templates {
		for pipeline, jobs := range t.Pipelines {
			for _, job := range jobs {
				if !known(job) {
					errs = append(errs, fmt.Errorf("project-template %s: %s: job %q is not defined", t.Name, pipeline, job))
				}
			}
		}
	}
	return errs
}

// MergedVars returns a job's variables merged down its parents, the child
// winning, as Zuul's inheritance does (vars are deep-merged; pypiguard's
// are flat, so one level is enough here).
func (cfg *Config) MergedVars(name string) map[string]any {
	out := map[string]any{}
	chain := cfg.chain(name)
	for i := len(chain) - 1; i >= 0; i-- {
		for k, v := range chain[i].Vars {
			out[k] = v
		}
	}
	return out
}

// Inherited returns a job's attribute list (pre-run, post-run) down its
// parents as Zuul runs them: a parent's pre-run before the child's, a
// parent's post-run after the child's.
func (cfg *Config) Inherited(name string) (preRun, run, postRun []string) {
	chain := cfg.chain(name)
	for i := len(chain) - 1; i >= 0; i-- {
		preRun = append(preRun, chain[i].PreRun...)
		postRun = append(slices.Clone(chain[i].PostRun), postRun...)
		if len(chain[i].Run) > 0 {
			run = chain[i].Run
		}
	}
	return preRun, run, postRun
}

// chain is a job and its defined parents, child first. A loop ends it:
// crossCheck reports loops.
func (cfg *Config) chain(name string) []*Job {
	var out []*Job
	seen := map[string]bool{}
	for j := cfg.Jobs[name]; j != nil && !seen[j.Name]; j = cfg.Jobs[j.Parent] {
		seen[j.Name] = true
		out = append(out, j)
	}
	return out
}
