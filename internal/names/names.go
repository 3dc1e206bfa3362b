// Package names finds the PyPI project name of a repo (docs/design.md section 4),
// and says which source decided it: the policy's names, openstack/releases'
// repository-settings pypi-name, or the repo's own setup.cfg or
// pyproject.toml (from a local checkout or from Gerrit), read as the build
// reads them (pbr and setuptools' configparser, the build backend's TOML).
// Without a declared name, a guess decides: releases' tarball-base, then the
// repo's basename, marked as guessed; guesses that differ from the decided
// name are returned to be looked up as well. Repo code is never run: a name
// only setup.py (or an unknown build backend) could set is unknown.
package names

import (
	"context"
	"fmt"
	"sync"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// Source says what decided a name. The values appear in reports.
type Source string

// The sources, in the order they are asked. The last two are guesses.
const (
	FromPolicy      Source = "policy"
	FromReleases    Source = "releases"
	FromSetupCfg    Source = "setup.cfg"
	FromPyproject   Source = "pyproject.toml"
	FromTarballBase Source = "releases-tarball-base"
	FromBasename    Source = "basename"
)

// Resolved is a repo's PyPI name, where it came from, and the other names
// to look up as well.
type Resolved struct {
	Repo string
	// Name decides the verdict: the declared name when there is one, else
	// the first guess (tarball-base, then the basename).
	Name   string
	Source Source
	// Where is the file (or URL) the name was read from, with its line when
	// known.
	Where string
	// Guessed is set when no source declares the name: Name is the
	// releases' tarball-base or the repo's basename.
	Guessed bool
	// Unknown, when set, says why the build's own name cannot be known
	// without running code (a setup.py, or a build backend that reads no
	// [project] name): Name is then only a guess.
	Unknown string
	// Also lists the guesses that differ from Name (PEP 503-normalised), to
	// be looked up too; they never decide the verdict.
	Also []Candidate
}

// Candidate is one more name to look up for a repo.
type Candidate struct {
	Name   string
	Source Source
	Where  string
	// Guessed is set for tarball-base and basename: every Candidate today.
	Guessed bool
}

// FileReader reads a file of a repo's master branch; it returns nil, nil
// when the file does not exist. internal/gerrit's client is one.
type FileReader interface {
	BranchFile(ctx context.Context, repo, branch, path string) ([]byte, error)
}

// Resolver resolves names. Its zero value uses only the basename.
type Resolver struct {
	// Overrides are the policy's names (repo -> PyPI name).
	Overrides map[string]string
	// Releases is a checkout of openstack/releases, or "".
	Releases string
	// SrcRoot holds repo checkouts in Zuul's layout
	// (<SrcRoot>/opendev.org/<org>/<repo>), or "".
	SrcRoot string
	// Gerrit reads setup.cfg and pyproject.toml from master, or nil.
	Gerrit FileReader

	once   sync.Once
	index  *releasesIndex
	idxErr error
	perDel sync.Map // deliverable -> *releasesIndex, empty ones too

	seriesOnce sync.Once
	series     []string // deliverables/<series>/, as directories
	ranks      func(series string) int
	seriesErr  error
}

// InvalidError is a name, read from a source, that PyPI would not accept:
// hostile or broken input, never looked up.
type InvalidError struct {
	Repo, Name string
	Source     Source
	Where      string
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%s: %s gives %s the PyPI name %q, which is not a valid PyPI project name; fix it there or set the name in the policy's names:", e.Where, e.Source, e.Repo, e.Name)
}

// BadInput says that a PyPI name cannot be a name: exit 2, fixed by the user (docs/design.md section 8).
func (e *InvalidError) BadInput() bool { return true }

// ReadError is a source that could not be read: the name is unknown, and the
// repo cannot be verified.
type ReadError struct {
	Repo, Where string
	Err         error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("reading the PyPI name of %s from %s: %v", e.Repo, e.Where, e.Err)
}

// Unverified says that a name source could not be read: exit 3, never a pass, never a violation.
func (e *ReadError) Unverified() bool { return true }

func (e *ReadError) Unwrap() error { return e.Err }

// FileError is a repo file the build refuses, or reads two ways: the name
// cannot be known until the file is fixed. Line is 0 when the whole file is
// concerned.
type FileError struct {
	Repo, Where string
	Line        int
	Msg         string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s (the PyPI name of %s)", e.Where, e.Line, e.Msg, e.Repo)
	}
	return fmt.Sprintf("%s: %s (the PyPI name of %s)", e.Where, e.Msg, e.Repo)
}

// BadInput says that a name file is one the build would refuse: exit 2, fixed by the user (docs/design.md section 8).
func (e *FileError) BadInput() bool { return true }

// Resolve returns repo's PyPI name. deliverable, when known, lets the
// releases lookup read one deliverable's files instead of all of them.
//
// A declared name (the policy's names, releases' pypi-name, the repo's
// setup.cfg or pyproject.toml, in that order) decides; the guesses
// (releases' tarball-base, the basename) decide only when nothing declares a
// name, and are listed in Also when they differ from the decided name.
func (r *Resolver) Resolve(ctx context.Context, repo, deliverable string) (Resolved, error) {
	return r.resolve(ctx, repo, deliverable, nil)
}

// Release is what a release request's own deliverable file says about a
// repo (openstack/releases repository-settings and the entry's
// tarball-base): it may say what no checkout says yet.
type Release struct {
	PyPIName    string // declared
	TarballBase string // a guess
	Where       string // the deliverable file
}

// ResolveRelease is Resolve for a repo of a release request: in the
// releases steps, the change's own deliverable file comes before the
// --releases checkout. The order stays: the policy's names, pypi-name,
// the repo's own files, then the guesses (tarball-base, the basename).
func (r *Resolver) ResolveRelease(ctx context.Context, repo, deliverable string, in Release) (Resolved, error) {
	return r.resolve(ctx, repo, deliverable, &in)
}

func (r *Resolver) resolve(ctx context.Context, repo, deliverable string, in *Release) (Resolved, error) {
	if !naming.ValidRepo(repo) {
		return Resolved{}, fmt.Errorf("repo %q is not an org/name repository name", repo)
	}
	declared, unknown, err := r.declared(ctx, repo, deliverable, in)
	if err != nil {
		return Resolved{}, err
	}
	guesses, err := r.guesses(repo, deliverable, in)
	if err != nil {
		return Resolved{}, err
	}
	res := Resolved{Repo: repo}
	if declared != nil {
		res.Name, res.Source, res.Where = declared.Name, declared.Source, declared.Where
	} else {
		g := guesses[0]
		res.Name, res.Source, res.Where, res.Guessed, res.Unknown = g.Name, g.Source, g.Where, true, unknown
		guesses = guesses[1:]
	}
	if err := validate(repo, Candidate{Name: res.Name, Source: res.Source, Where: res.Where}); err != nil {
		return Resolved{}, err
	}
	res.Also, err = also(repo, res.Name, guesses)
	return res, err
}

// declared asks the sources that declare a name, in order; with none, it
// says why the name is unknown, if it is.
func (r *Resolver) declared(ctx context.Context, repo, deliverable string, in *Release) (*Candidate, string, error) {
	if name, ok := r.Overrides[repo]; ok {
		return &Candidate{Name: name, Source: FromPolicy, Where: "the policy's names"}, "", nil
	}
	if in != nil && in.PyPIName != "" {
		return &Candidate{Name: in.PyPIName, Source: FromReleases, Where: in.Where}, "", nil
	}
	if c, err := r.fromReleases(repo, deliverable, FromReleases, func(s setting) string { return s.pypiName }); c != nil || err != nil {
		return c, "", err
	}
	return r.fromRepoFiles(ctx, repo)
}

// guesses are tarball-base, when releases has one, then the basename.
func (r *Resolver) guesses(repo, deliverable string, in *Release) ([]Candidate, error) {
	base := Candidate{Name: naming.RepoBase(repo), Source: FromBasename, Where: repo, Guessed: true}
	if in != nil && in.TarballBase != "" {
		return []Candidate{{Name: in.TarballBase, Source: FromTarballBase, Where: in.Where, Guessed: true}, base}, nil
	}
	c, err := r.fromReleases(repo, deliverable, FromTarballBase, func(s setting) string { return s.tarball })
	if err != nil || c == nil {
		return []Candidate{base}, err
	}
	c.Guessed = true
	return []Candidate{*c, base}, nil
}

// also keeps the guesses whose names differ from name and from each other.
// A basename PyPI could not hold is dropped (no one can own it); any other
// invalid name is hostile input.
func also(repo, name string, guesses []Candidate) ([]Candidate, error) {
	seen := map[string]bool{naming.Normalize(name): true}
	var out []Candidate
	for _, g := range guesses {
		if g.Source == FromBasename && !naming.ValidPackage(g.Name) {
			continue
		}
		if err := validate(repo, g); err != nil {
			return nil, err
		}
		if n := naming.Normalize(g.Name); !seen[n] {
			seen[n] = true
			out = append(out, g)
		}
	}
	return out, nil
}

func validate(repo string, c Candidate) error {
	if !naming.ValidPackage(c.Name) {
		return &InvalidError{Repo: repo, Name: c.Name, Source: c.Source, Where: c.Where}
	}
	return nil
}
