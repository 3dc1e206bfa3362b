package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// MaxListed bounds the files a listing returns: a folder of configuration
// holds a handful, and a hostile tree of millions must not be held in memory.
const MaxListed = 10000

// TooManyError is a folder holding more than MaxListed files.
type TooManyError struct {
	Dir, Rev string
}

func (e *TooManyError) Error() string {
	at := ""
	if e.Rev != "" {
		at = " at " + e.Rev
	}
	return fmt.Sprintf("%s%s holds over %d files, more than pypiguard lists; is this really that repository?", e.Dir, at, MaxListed)
}

// BadInput says that a folder holds more files than pypiguard reads: exit 2, fixed by the user (docs/design.md section 8).
func (e *TooManyError) BadInput() bool { return true }

// ListDir lists the regular files under sub, a slash path relative to the
// directory root, in every subfolder, as slash paths relative to root. A
// symbolic link is never followed nor listed (only regular files count), sub
// itself included; a missing sub lists nothing.
func ListDir(root, sub string) ([]string, error) {
	top := filepath.Join(root, filepath.FromSlash(sub))
	st, err := os.Lstat(top)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !st.IsDir() {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", top, err)
	}
	var out []string
	err = filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil // directories are walked; links, devices and pipes skipped
		}
		if len(out) == MaxListed {
			return &TooManyError{Dir: top}
		}
		rel, err := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", top, err)
	}
	return out, nil
}

// ListFiles lists the regular files (modes 100644 and 100755: never a
// symbolic link, a submodule or a tree) under dir at revision rev, in every
// subfolder, as slash paths from the repository's root, with
// "git ls-tree -r -z". A dir absent at rev lists nothing.
func (g *Git) ListFiles(ctx context.Context, rev, dir string) ([]string, error) {
	if err := checkRev(rev); err != nil {
		return nil, err
	}
	dir, err := checkDir(dir)
	if err != nil {
		return nil, err
	}
	// --full-tree: paths from the root, whatever the working directory;
	// the pathspec after "--" is literal (":(literal)" guards its magic).
	args := []string{"ls-tree", "-r", "-z", "--full-tree", rev + "^{commit}", "--", ":(literal)" + dir + "/"}
	var files []string
	err = g.run(ctx, args, func(r *bufio.Reader) error {
		var err error
		files, err = readTree(r, rev, dir)
		return err
	})
	return files, err
}

// readTree reads the regular files of ls-tree -z entries.
func readTree(r *bufio.Reader, rev, dir string) ([]string, error) {
	var out []string
	err := readLsTree(r, func(mode, p string) error {
		if mode != "100644" && mode != "100755" {
			return nil
		}
		if len(out) == MaxListed {
			return &TooManyError{Dir: dir, Rev: rev}
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readLsTree reads ls-tree -z entries, "<mode> SP <type> SP <id> TAB
// <path>" NUL, handing each one's mode and path to each.
func readLsTree(r *bufio.Reader, each func(mode, path string) error) error {
	for {
		entry, err := r.ReadString(0)
		if errors.Is(err, io.EOF) && entry == "" {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git ls-tree: %w", err)
		}
		meta, p, ok := strings.Cut(strings.TrimSuffix(entry, "\x00"), "\t")
		if !ok {
			return fmt.Errorf("git ls-tree: unreadable entry %q", entry)
		}
		mode, _, _ := strings.Cut(meta, " ")
		if err := each(mode, p); err != nil {
			return err
		}
	}
}

// run runs git with args in the repository, handing its output to read,
// and turns git's failures into errors that say what to do.
func (g *Git) run(ctx context.Context, args []string, read func(*bufio.Reader) error) error {
	return g.runIn(ctx, nil, args, read)
}

// runIn is run with stdin as git's standard input (nil: none): the one
// runner of the reads of a repository, cat-file --batch's included.
func (g *Git) runIn(ctx context.Context, stdin io.Reader, args []string, read func(*bufio.Reader) error) error {
	bin := g.Bin
	if bin == "" {
		bin = "git"
	}
	p, err := exec.LookPath(bin)
	if err != nil {
		return ErrGitMissing
	}
	sub := args[0]
	if g.Dir != "" {
		args = append([]string{"-C", g.Dir}, args...)
	}
	cmd := exec.CommandContext(ctx, p, args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git %s in %s: %w", sub, g.name(), err)
	}
	readErr := read(bufio.NewReaderSize(out, 64<<10))
	_, _ = io.Copy(io.Discard, out)
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if waitErr != nil {
		return g.failure(sub, args, waitErr, stderr.String())
	}
	return readErr
}

func (g *Git) failure(sub string, args []string, err error, stderr string) error {
	msg := strings.TrimSpace(stderr)
	switch {
	case strings.Contains(msg, "not a git repository"):
		return fmt.Errorf("%s is not a git repository; pass --repo with a checkout of openstack/governance or openstack/project-config", g.name())
	case strings.Contains(msg, "Not a valid object name") || strings.Contains(msg, "not a tree object"):
		rev := ""
		for _, a := range args {
			if r, ok := strings.CutSuffix(a, "^{commit}"); ok {
				rev = r
			}
		}
		return &RevisionError{Rev: rev, Repo: g.name()}
	}
	return fmt.Errorf("git %s in %s: %v: %s", sub, g.name(), err, msg)
}

// checkDir cleans dir, a folder inside the repository, and refuses what
// would leave it or confuse git's pathspec.
func checkDir(dir string) (string, error) {
	dir = path.Clean(dir)
	if dir == "." || strings.HasPrefix(dir, "/") || strings.HasPrefix(dir, "..") || strings.ContainsAny(dir, "\x00\n") {
		return "", fmt.Errorf("list %q: not a folder inside the repository", dir)
	}
	return dir, nil
}
