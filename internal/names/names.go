// Package names finds the PyPI project name of a repo (DESIGN.md section 4),
// and says which source decided it: the policy's names, openstack/releases'
// repository-settings, the repo's own setup.cfg or pyproject.toml (from a
// local checkout or from Gerrit), or the repo's basename. Repo code is never
// run: the files are only parsed.
package names

import (
	"context"
	"fmt"
	"sync"

	"opendev.org/openstack/pypiguard/internal/pkgname"
	"opendev.org/openstack/pypiguard/internal/reponame"
)

// Source says what decided a name. The values appear in reports.
type Source string

// The sources, in the order they are asked.
const (
	FromPolicy      Source = "policy"
	FromReleases    Source = "releases"
	FromSetupCfg    Source = "setup.cfg"
	FromPyproject   Source = "pyproject.toml"
	FromTarballBase Source = "releases-tarball-base"
	FromBasename    Source = "basename"
)

// Resolved is a repo's PyPI name and where it came from.
type Resolved struct {
	Repo   string
	Name   string
	Source Source
	// Where is the file (or URL) the name was read from, when any.
	Where string
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

// ReadError is a source that could not be read: the name is unknown, and the
// repo cannot be verified.
type ReadError struct {
	Repo, Where string
	Err         error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("reading the PyPI name of %s from %s: %v", e.Repo, e.Where, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Resolve returns repo's PyPI name. deliverable, when known, lets the
// releases lookup read one deliverable's files instead of all of them.
func (r *Resolver) Resolve(ctx context.Context, repo, deliverable string) (Resolved, error) {
	if !reponame.Valid(repo) {
		return Resolved{}, fmt.Errorf("repo %q is not an org/name repository name", repo)
	}
	steps := []func(context.Context, string, string) (Resolved, bool, error){
		r.fromPolicy, r.fromReleasesName, r.fromRepoFiles, r.fromReleasesTarball,
	}
	for _, step := range steps {
		res, ok, err := step(ctx, repo, deliverable)
		if err != nil {
			return Resolved{}, err
		}
		if ok {
			return res, validate(res)
		}
	}
	res := Resolved{Repo: repo, Name: reponame.Base(repo), Source: FromBasename, Where: repo}
	return res, validate(res)
}

func validate(res Resolved) error {
	if !pkgname.Valid(res.Name) {
		return &InvalidError{Repo: res.Repo, Name: res.Name, Source: res.Source, Where: res.Where}
	}
	return nil
}

func (r *Resolver) fromPolicy(_ context.Context, repo, _ string) (Resolved, bool, error) {
	name, ok := r.Overrides[repo]
	return Resolved{Repo: repo, Name: name, Source: FromPolicy, Where: "the policy's names"}, ok, nil
}
