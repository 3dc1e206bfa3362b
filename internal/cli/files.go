package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFile writes a file through a temporary one renamed into place, so
// that a reader never sees half a report.
func writeFile(path string, write func(io.Writer) error) error {
	if err := checkWritable(path); err != nil {
		return usageError(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return usageError(fmt.Errorf("cannot write %s: %s; choose a folder you can write to", path, pathReason(err)))
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return usageError(fmt.Errorf("cannot write %s: %s", path, pathReason(err)))
	}
	return nil
}

// checkWritable tells, in the user's words, why path cannot be written:
// its folder is missing, or it is a folder itself. The temporary file the
// report goes through first is no business of the user's.
func checkWritable(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder; name a file in it", path)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: its folder %s does not exist; create it first", path, dir)
	case err == nil && !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is a file, not a folder", path, dir)
	}
	return nil
}

// pathReason is the cause of a file system error, without the path the
// error names (a temporary file's, here).
func pathReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}
