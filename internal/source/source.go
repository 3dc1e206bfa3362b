// Package source reads the files pypiguard judges, at the two revisions of a
// change: from a local git repository (a checkout, Zuul's prepared workspace,
// or Gerrit's bare repo from a hook) or from a plain directory. A file absent
// at a revision reads as nil, never as an error.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"opendev.org/openstack/pypiguard/internal/changes"
)

// MaxFileSize is the largest file read; larger ones are refused before they
// are read into memory. The largest real input is under 400 KB.
const MaxFileSize = 16 << 20

// Files is changes.Files: what source reads is what changes judges.
type Files = changes.Files

// Change is changes.Change, read here.
type Change = changes.Change

// TooLargeError is a file over MaxFileSize.
type TooLargeError struct {
	Path string
	Rev  string
	Size int64
}

func (e *TooLargeError) Error() string {
	at := ""
	if e.Rev != "" {
		at = " at " + e.Rev
	}
	return fmt.Sprintf("%s%s is %d bytes, over the %d MiB pypiguard reads; is this really that file?", e.Path, at, e.Size, MaxFileSize>>20)
}

// BadInput says that a file is too large to read: exit 2, fixed by the user (docs/design.md section 8).
func (e *TooLargeError) BadInput() bool { return true }

// ReadDir reads paths from the directory dir. A missing file is absent; dir
// itself must exist.
func ReadDir(dir string, paths []string) (Files, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("read %s: not a directory", dir)
	}
	files := make(Files, len(paths))
	for _, p := range paths {
		data, err := readFile(filepath.Join(dir, filepath.FromSlash(p)), p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files[p] = data
	}
	return files, nil
}

func readFile(full, rel string) ([]byte, error) {
	st, err := os.Stat(full)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		return nil, &TooLargeError{Path: rel, Size: st.Size()}
	}
	return os.ReadFile(full)
}
