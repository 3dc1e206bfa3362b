package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Changed lists the files under dir that differ between base and head
// ("git diff-tree -r -z --no-renames"), as slash paths from the root. A
// path that is not a regular file at either revision (a link, a
// submodule) is a *NotRegularError; one absent at a side (mode 000000) is
// fine. More than MaxListed files is a *TooManyError.
//
// openstack/releases holds thousands of deliverable files: a release
// request is read by the few it touches, not by its whole tree.
func (g *Git) Changed(ctx context.Context, base, head, dir string) ([]string, error) {
	for _, rev := range []string{base, head} {
		if err := checkRev(rev); err != nil {
			return nil, err
		}
	}
	dir, err := checkDir(dir)
	if err != nil {
		return nil, err
	}
	args := []string{"diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", base + "^{commit}", head + "^{commit}", "--", ":(literal)" + dir + "/"}
	var files []string
	err = g.run(ctx, args, func(r *bufio.Reader) error {
		var err error
		files, err = readDiffTree(r, head, dir)
		return err
	})
	return files, err
}

// readDiffTree reads diff-tree -z entries: ":<old mode> <new mode> <old id>
// <new id> <status>" NUL "<path>" NUL.
func readDiffTree(r *bufio.Reader, rev, dir string) ([]string, error) {
	var out []string
	for {
		meta, err := r.ReadString(0)
		if errors.Is(err, io.EOF) && meta == "" {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("git diff-tree: %w", err)
		}
		p, err := r.ReadString(0)
		if err != nil {
			return nil, fmt.Errorf("git diff-tree: no path after %q: %w", meta, err)
		}
		p = strings.TrimSuffix(p, "\x00")
		f := strings.Fields(strings.TrimPrefix(meta, ":"))
		if len(f) != 5 {
			return nil, fmt.Errorf("git diff-tree: unreadable entry %q", meta)
		}
		for _, mode := range f[:2] {
			if mode != "000000" && mode != "100644" && mode != "100755" {
				return nil, &NotRegularError{Path: p, Rev: rev, What: ModeName(mode)}
			}
		}
		if len(out) == MaxListed {
			return nil, &TooManyError{Dir: dir, Rev: rev}
		}
		out = append(out, p)
	}
}
