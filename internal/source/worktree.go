package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RepoError is a --repo that is not a usable git work tree: the message
// says which and what to pass instead, never git's own words.
type RepoError struct {
	Dir    string
	Reason string
}

func (e *RepoError) Error() string {
	return fmt.Sprintf("--repo %s %s; run pypiguard inside a git checkout of openstack/governance or openstack/project-config, or point --repo at one", e.Dir, e.Reason)
}

// BadInput says that --repo is not a repository pypiguard can read: exit 2, fixed by the user (docs/design.md section 8).
func (e *RepoError) BadInput() bool { return true }

// CheckRepo tells whether dir is a git repository (work tree or bare),
// before anything is read from it.
func CheckRepo(ctx context.Context, dir string) error {
	name := dir
	if name == "" || name == "." {
		name = "(the current directory)"
	}
	st, err := os.Stat(cmpDir(dir))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return &RepoError{Dir: name, Reason: "does not exist"}
	case err != nil:
		return &RepoError{Dir: name, Reason: "cannot be read (" + pathReason(err) + ")"}
	case !st.IsDir():
		return &RepoError{Dir: name, Reason: "is a file, not a directory"}
	}
	if _, err := gitOutput(ctx, dir, nil, "rev-parse", "--git-dir"); err != nil {
		if errors.Is(err, ErrGitMissing) {
			return err
		}
		return &RepoError{Dir: name, Reason: "is not a git repository"}
	}
	return nil
}

func cmpDir(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// pathReason is the cause of a file system error without the path, which
// the caller names itself.
func pathReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// WorkTreeCommit returns a commit holding HEAD's tree with the work tree's
// version of the files under pathspecs (edits, new files, deletions), whose
// parent is HEAD, and the files that differ; no commit and no file when the
// work tree holds no change there. It writes objects into the repository
// but moves no branch and touches neither the index nor the work tree: a
// temporary index is used (git's GIT_INDEX_FILE), so that the change can be
// read as any other, with git.
func (g *Git) WorkTreeCommit(ctx context.Context, pathspecs []string) (string, []string, error) {
	status, err := gitOutput(ctx, g.Dir, nil, append([]string{"status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=all", "--"}, pathspecs...)...)
	if err != nil || len(status) == 0 {
		return "", nil, err
	}
	changed := statusPaths(status)
	index, err := os.CreateTemp("", "pypiguard-index-")
	if err != nil {
		return "", nil, err
	}
	index.Close()
	defer os.Remove(index.Name())
	env := []string{"GIT_INDEX_FILE=" + index.Name()}
	steps := [][]string{{"read-tree", "HEAD"}, append([]string{"add", "--all", "--"}, changed...)}
	for _, args := range steps {
		if _, err := gitOutput(ctx, g.Dir, env, args...); err != nil {
			return "", nil, err
		}
	}
	tree, err := gitOutput(ctx, g.Dir, env, "write-tree")
	if err != nil {
		return "", nil, err
	}
	commit, err := gitOutput(ctx, g.Dir, append(env, fixedIdentity...), "commit-tree", strings.TrimSpace(tree), "-p", "HEAD", "-m", "pypiguard: the work tree")
	if err != nil {
		return "", nil, err
	}
	return strings.TrimSpace(commit), changed, nil
}

// fixedIdentity lets commit-tree run where no user.name is configured.
var fixedIdentity = []string{"GIT_AUTHOR_NAME=pypiguard", "GIT_AUTHOR_EMAIL=pypiguard@localhost",
	"GIT_COMMITTER_NAME=pypiguard", "GIT_COMMITTER_EMAIL=pypiguard@localhost"}

// statusPaths lists the paths of "git status --porcelain=v1 -z" output.
func statusPaths(out string) []string {
	var paths []string
	fields := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if len(f) < 4 {
			continue
		}
		paths = append(paths, filepath.ToSlash(f[3:]))
		if f[0] == 'R' || f[0] == 'C' {
			i++ // a rename's source follows
		}
	}
	return paths
}

// gitOutput runs git in dir with env added and returns its standard output:
// the one runner of git commands that are not streamed reads of a
// repository (Git.run), never prompting for credentials.
func gitOutput(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	path, err := exec.LookPath("git")
	if err != nil {
		return "", ErrGitMissing
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GIT_TERMINAL_PROMPT=0"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("git %s in %s: %v: %s", args[0], cmpDir(dir), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// Cached returns where Fetch keeps the clone of the git URL src under
// cache, and whether a clone is there: what an offline run can use.
func Cached(src, cache string) (string, bool) {
	dir := filepath.Join(cache, "repos", cacheName(src))
	st, err := os.Stat(filepath.Join(dir, ".git"))
	return dir, err == nil && st.IsDir()
}
