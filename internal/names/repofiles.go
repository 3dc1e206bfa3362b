package names

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxRepoFile bounds setup.cfg and pyproject.toml; real ones are a few KB.
const maxRepoFile = 1 << 20

// fromRepoFiles reads the name the repo's own build declares (see
// pyproject.go and setupcfg.go), from a local checkout, else from Gerrit.
// With none declared, it says why the name is unknown, when only code could
// set it.
func (r *Resolver) fromRepoFiles(ctx context.Context, repo string) (*Candidate, string, error) {
	if dir := r.checkout(repo); dir != "" {
		return fromFiles(repo, func(name string) ([]byte, string, error) {
			p := filepath.Join(dir, name)
			data, err := readLimited(p)
			return data, p, err
		})
	}
	if r.Gerrit != nil {
		return fromFiles(repo, func(name string) ([]byte, string, error) {
			// Like git show REV:PATH, so that a line number can follow.
			where := fmt.Sprintf("%s@master:%s", repo, name)
			data, err := r.Gerrit.BranchFile(ctx, repo, "master", name)
			if err == nil && len(data) > maxRepoFile {
				err = fmt.Errorf("%s is %d bytes, over %d", name, len(data), maxRepoFile)
			}
			return data, where, err
		})
	}
	return nil, "", nil
}

// checkout finds repo under SrcRoot: Zuul's <root>/opendev.org/<org>/<repo>,
// or <root>/<org>/<repo> when SrcRoot already is the opendev.org folder.
func (r *Resolver) checkout(repo string) string {
	if r.SrcRoot == "" {
		return ""
	}
	for _, dir := range []string{
		filepath.Join(r.SrcRoot, "opendev.org", filepath.FromSlash(repo)),
		filepath.Join(r.SrcRoot, filepath.FromSlash(repo)),
	} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
	}
	return ""
}

func readLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Size() > maxRepoFile {
		return nil, fmt.Errorf("%s is %d bytes, over %d", path, st.Size(), maxRepoFile)
	}
	return os.ReadFile(path)
}

// readFunc reads a file of the repo: nil when it does not exist.
type readFunc func(name string) (data []byte, where string, err error)

// fromFiles applies the build's order: pyproject.toml's name, then (for a
// setuptools build) setup.cfg's; a setuptools build with a setup.py and no
// declared name, or another backend without [project] name, is unknown.
func fromFiles(repo string, read readFunc) (*Candidate, string, error) {
	data, where, err := read("pyproject.toml")
	if err != nil {
		return nil, "", &ReadError{Repo: repo, Where: where, Err: err}
	}
	pp, err := pyprojectName(data)
	switch {
	case err != nil:
		return nil, "", fileError(repo, where, err)
	case pp.name != "":
		return &Candidate{Name: pp.name, Source: FromPyproject, Where: where + " " + pp.table}, "", nil
	case pp.kind == poetryBackend:
		return nil, "", nil
	case pp.kind == otherBackend:
		return nil, fmt.Sprintf("%s builds with %q and declares no [project] name: the backend's code decides it", where, pp.backend), nil
	}
	if data, where, err = read("setup.cfg"); err != nil {
		return nil, "", &ReadError{Repo: repo, Where: where, Err: err}
	}
	name, line, err := setupCfgName(data)
	if err != nil {
		return nil, "", fileError(repo, where, err)
	}
	if name != "" {
		return &Candidate{Name: name, Source: FromSetupCfg, Where: fmt.Sprintf("%s:%d", where, line)}, "", nil
	}
	data, where, err = read("setup.py")
	if err != nil {
		return nil, "", &ReadError{Repo: repo, Where: where, Err: err}
	}
	if data != nil {
		return nil, where + " may set the name, and pypiguard does not run it; declare it in setup.cfg [metadata] name or pyproject.toml [project] name", nil
	}
	return nil, "", nil
}

// fileError gives a parse error its file and line.
func fileError(repo, where string, err error) error {
	var ce *cfgError
	if errors.As(err, &ce) {
		return &FileError{Repo: repo, Where: where, Line: ce.Line, Msg: ce.Msg}
	}
	return &FileError{Repo: repo, Where: where, Msg: err.Error()}
}
