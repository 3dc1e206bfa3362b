package names

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/ini.v1"
)

// maxRepoFile bounds setup.cfg and pyproject.toml; real ones are a few KB.
const maxRepoFile = 1 << 20

// fromRepoFiles reads the name from the repo's own files: pyproject.toml's
// [project] name (PEP 621, authoritative when set), else setup.cfg's
// [metadata] name (what pbr and setuptools use). A local checkout is read
// before Gerrit.
func (r *Resolver) fromRepoFiles(ctx context.Context, repo, _ string) (Resolved, bool, error) {
	if dir := r.checkout(repo); dir != "" {
		return fromFiles(repo, func(name string) ([]byte, string, error) {
			p := filepath.Join(dir, name)
			data, err := readLimited(p)
			return data, p, err
		})
	}
	if r.Gerrit != nil {
		return fromFiles(repo, func(name string) ([]byte, string, error) {
			where := fmt.Sprintf("%s:%s (Gerrit, master)", repo, name)
			data, err := r.Gerrit.BranchFile(ctx, repo, "master", name)
			if err == nil && len(data) > maxRepoFile {
				err = fmt.Errorf("%s is %d bytes, over %d", name, len(data), maxRepoFile)
			}
			return data, where, err
		})
	}
	return Resolved{}, false, nil
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

type readFunc func(name string) (data []byte, where string, err error)

func fromFiles(repo string, read readFunc) (Resolved, bool, error) {
	data, where, err := read("pyproject.toml")
	if err != nil {
		return Resolved{}, false, &ReadError{Repo: repo, Where: where, Err: err}
	}
	if name, err := pyprojectName(data); err != nil {
		return Resolved{}, false, &ReadError{Repo: repo, Where: where, Err: err}
	} else if name != "" {
		return Resolved{Repo: repo, Name: name, Source: FromPyproject, Where: where}, true, nil
	}
	data, where, err = read("setup.cfg")
	if err != nil {
		return Resolved{}, false, &ReadError{Repo: repo, Where: where, Err: err}
	}
	name, err := setupCfgName(data)
	if err != nil {
		return Resolved{}, false, &ReadError{Repo: repo, Where: where, Err: err}
	}
	return Resolved{Repo: repo, Name: name, Source: FromSetupCfg, Where: where}, name != "", nil
}

func pyprojectName(data []byte) (string, error) {
	if len(data) == 0 {
		return "", nil
	}
	var doc struct {
		Project struct {
			Name string `toml:"name"`
		} `toml:"project"`
	}
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return "", fmt.Errorf("not valid TOML: %w", err)
	}
	return strings.TrimSpace(doc.Project.Name), nil
}

func setupCfgName(data []byte) (string, error) {
	if len(data) == 0 {
		return "", nil
	}
	cfg, err := ini.LoadSources(ini.LoadOptions{
		AllowPythonMultilineValues: true, // description = ... continued lines
		IgnoreInlineComment:        true,
		SkipUnrecognizableLines:    true,
		KeyValueDelimiters:         "=:",
	}, data)
	if err != nil {
		return "", fmt.Errorf("not a valid setup.cfg: %w", err)
	}
	sec, err := cfg.GetSection("metadata")
	if err != nil {
		return "", nil
	}
	// Read the raw value: no %(interpolation)s, nothing evaluated.
	return strings.TrimSpace(sec.Key("name").Value()), nil
}
