package acl

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/projectconfig"
)

// MaxFile bounds an ACL file; real ones are under 4 KiB.
const MaxFile = 1 << 20

// Dir is where project-config keeps the ACL files.
const Dir = "gerrit/acls"

// aclHome is the directory gerrit/projects.yaml's acl-config values point
// into on the Gerrit host: project-config's tools/check_valid_gerrit_projects.py
// requires every acl-config to start with it.
const aclHome = "/home/gerrit2/acls/"

// allProjects is the root of every inheritance chain. Its ACL lives in
// Gerrit, not in project-config: its grants (site-wide groups) are not a
// team's and are not read.
const allProjects = "All-Projects"

// maxDepth bounds an inheritance chain; OpenStack's are two deep.
const maxDepth = 16

// Path returns the ACL file of project, relative to a project-config
// checkout: acl-config from gerrit/projects.yaml when set (a path under
// /home/gerrit2/acls/), otherwise "<project>.config", jeepyb's default
// (jeepyb/cmd/manage_projects.py: acl-config defaults to
// os.path.join(ACL_DIR, project) + ".config").
func Path(project, aclConfig string) (string, error) {
	if !naming.ValidProject(project) {
		return "", fmt.Errorf("acl: %q is not a Gerrit project name", project)
	}
	if aclConfig == "" {
		return Dir + "/" + project + ".config", nil
	}
	rel, ok := strings.CutPrefix(aclConfig, aclHome)
	if !ok || rel == "" || path.Clean(rel) != rel || strings.HasPrefix(rel, "../") || !strings.HasSuffix(rel, ".config") {
		return "", fmt.Errorf("acl: project %s: acl-config %q is not a .config file under %s; fix gerrit/projects.yaml", project, aclConfig, aclHome)
	}
	return Dir + "/" + rel, nil
}

// Loader finds core groups in a project-config checkout, parsing each ACL
// file once. It is safe for concurrent use.
type Loader struct {
	// ACLConfig returns a project's acl-config from gerrit/projects.yaml,
	// and whether the project is listed there.
	ACLConfig func(project string) (aclConfig string, listed bool)
	// Read returns a file of the checkout by its slash-separated relative
	// path; a missing file is an error wrapping fs.ErrNotExist.
	Read func(path string) ([]byte, error)

	mu    sync.Mutex
	files map[string]*parsed
}

type parsed struct {
	once sync.Once
	f    *File
	err  error
}

// Core is a project's core groups and where they came from.
type Core struct {
	Project string
	Groups  []string
	// Files are the ACL files read, the project's first, then its parents'.
	Files    []string
	Warnings []string
}

// NewLoader returns a Loader over gerrit/projects.yaml as projectconfig read
// it, reading the ACL files from fsys, the root of a project-config checkout
// (os.DirFS(dir)).
func NewLoader(c *projectconfig.Config, fsys fs.FS) *Loader {
	return &Loader{
		ACLConfig: func(project string) (string, bool) {
			if p := c.Project(project); p != nil {
				return p.ACLConfig, true
			}
			return "", false
		},
		Read: func(name string) ([]byte, error) { return readFile(fsys, name) },
	}
}

// readFile reads a regular file of at most MaxFile bytes.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > MaxFile {
		return nil, fmt.Errorf("%s is not a regular file of at most %d bytes", name, MaxFile)
	}
	return fs.ReadFile(fsys, name)
}

// CoreGroups returns the core groups of project (CoreGroups on its chain of
// ACL files).
func (l *Loader) CoreGroups(project string) (*Core, error) {
	chain, err := l.chain(project)
	if err != nil {
		return nil, err
	}
	groups, err := CoreGroups(chain)
	if err != nil {
		return nil, err
	}
	c := &Core{Project: project, Groups: groups}
	for _, f := range chain {
		c.Files = append(c.Files, f.Name)
		c.Warnings = append(c.Warnings, f.Warnings...)
	}
	return c, nil
}

// chain reads the project's ACL and its parents', up to All-Projects.
func (l *Loader) chain(project string) ([]*File, error) {
	var chain []*File
	seen := map[string]bool{}
	for p := project; p != "" && p != allProjects; {
		if seen[p] || len(chain) == maxDepth {
			return nil, fmt.Errorf("acl: %s: inheritFrom loops or is over %d deep at %s; fix the ACL files", project, maxDepth, p)
		}
		seen[p] = true
		f, err := l.file(p, len(chain) > 0)
		if err != nil {
			return nil, fmt.Errorf("acl: core groups of %s: %w", project, err)
		}
		chain = append(chain, f)
		p = f.Parent
	}
	return chain, nil
}

// file returns the parsed ACL of project.
func (l *Loader) file(project string, parent bool) (*File, error) {
	aclConfig, listed := l.ACLConfig(project)
	if !listed && !parent {
		return nil, fmt.Errorf("project %s is not in gerrit/projects.yaml", project)
	}
	p, err := Path(project, aclConfig)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.files == nil {
		l.files = map[string]*parsed{}
	}
	e := l.files[p]
	if e == nil {
		e = &parsed{}
		l.files[p] = e
	}
	l.mu.Unlock()
	e.once.Do(func() { e.f, e.err = l.parse(p) })
	return e.f, e.err
}

func (l *Loader) parse(p string) (*File, error) {
	data, err := l.Read(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist in project-config: %w", p, err)
	}
	if err != nil {
		return nil, err
	}
	return Parse(p, data)
}
