package source

import (
	"bufio"
	"context"
	"fmt"
	"path"
	"strings"
)

// NotRegularError is a file pypiguard reads that is not a regular file at
// a revision: a symlink, a submodule or a directory, or a file that exists
// only through a symlinked directory. git cat-file reads a symlink's target
// as if it were the file, and cannot see through a symlinked directory at
// all (the file would read as absent: a governance change replacing
// reference/ by a symlink would empty it), so neither is read.
type NotRegularError struct {
	Path, Rev, What string
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s at %s; pypiguard reads only regular files: make it a regular file again", e.Path, e.What, e.Rev)
}

// BadInput says that a governed file is not a regular file: exit 2, fixed by the user (docs/design.md section 8).
func (e *NotRegularError) BadInput() bool { return true }

// irregular returns, for each of paths that is not a regular file (mode
// 100644 or 100755) or absent at rev, or that lies under a directory that
// is a symlink or a submodule, why. One "git ls-tree" for all of them.
func (g *Git) irregular(ctx context.Context, rev string, paths []string) ([]*NotRegularError, error) {
	specs := map[string]bool{}
	for _, p := range paths {
		for d := p; d != "." && d != "/" && d != ""; d = path.Dir(d) {
			specs[d] = true
		}
	}
	args := []string{"ls-tree", "-z", "--full-tree", rev + "^{commit}", "--"}
	for s := range specs {
		args = append(args, ":(literal)"+s)
	}
	modes := map[string]string{}
	err := g.run(ctx, args, func(r *bufio.Reader) error {
		return readLsTree(r, func(mode, name string) error {
			modes[name] = mode
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	var out []*NotRegularError
	for _, p := range paths {
		if e := regularAt(p, rev, modes); e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

func regularAt(p, rev string, modes map[string]string) *NotRegularError {
	if mode, ok := modes[p]; ok {
		if mode == "100644" || mode == "100755" {
			return nil
		}
		return &NotRegularError{Path: p, Rev: rev, What: ModeName(mode)}
	}
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if mode, ok := modes[d]; ok && mode != "040000" {
			return &NotRegularError{Path: p, Rev: rev, What: "reachable only through " + d + ", which is " + ModeName(mode)}
		}
	}
	return nil
}

// ModeName names a git file mode ("120000": a symlink) for a person.
func ModeName(mode string) string {
	switch mode {
	case "120000":
		return "a symlink"
	case "160000":
		return "a submodule"
	case "040000":
		return "a directory"
	}
	return "mode " + mode
}

// MergeBase returns the best common ancestor of a and b: what a change is
// compared with, as Zuul compares it, so that a merge commit whose first
// parent comes from elsewhere cannot hide what that parent brings.
func (g *Git) MergeBase(ctx context.Context, a, b string) (string, error) {
	for _, rev := range []string{a, b} {
		if err := checkRev(rev); err != nil {
			return "", err
		}
	}
	var base string
	err := g.run(ctx, []string{"merge-base", a + "^{commit}", b + "^{commit}"}, func(r *bufio.Reader) error {
		line, err := r.ReadString('\n')
		base = strings.TrimSpace(line)
		if base == "" && err != nil {
			return fmt.Errorf("git merge-base %s %s: no common ancestor", a, b)
		}
		return nil
	})
	return base, err
}
