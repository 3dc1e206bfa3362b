package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// scpLike matches git's user@host:path form.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:`)

// IsURL reports whether s names a remote git repository rather than a
// directory.
func IsURL(s string) bool { return strings.Contains(s, "://") || scpLike.MatchString(s) }

// FetchError is a repository that could not be cloned or updated.
type FetchError struct {
	URL    string
	Detail string
}

func (e *FetchError) Error() string {
	return fmt.Sprintf("fetching %s: %s; check the URL and the network, or pass a local checkout instead", e.URL, e.Detail)
}

// Unverified says that a repository could not be cloned or updated: exit 3, never a pass, never a violation.
func (e *FetchError) Unverified() bool { return true }

// Fetch returns a directory holding the repository src: src itself when it
// is a directory, else a shallow clone of the git URL src under cache,
// brought up to date when it is already there.
func Fetch(ctx context.Context, src, cache string) (string, error) {
	if !IsURL(src) {
		if _, err := ReadDir(src, nil); err != nil {
			return "", err
		}
		return src, nil
	}
	if strings.HasPrefix(src, "-") || strings.ContainsAny(src, "\n\r\x00") {
		return "", &FetchError{URL: src, Detail: "not a URL git accepts"}
	}
	dir := filepath.Join(cache, "repos", cacheName(src))
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		if err := git(ctx, dir, "fetch", "--quiet", "--depth", "1", "origin", "HEAD"); err != nil {
			return "", &FetchError{URL: src, Detail: err.Error()}
		}
		if err := git(ctx, dir, "reset", "--quiet", "--hard", "FETCH_HEAD"); err != nil {
			return "", &FetchError{URL: src, Detail: err.Error()}
		}
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".clone-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := git(ctx, "", "clone", "--quiet", "--depth", "1", "--", src, tmp); err != nil {
		return "", &FetchError{URL: src, Detail: err.Error()}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	return dir, nil
}

// cacheName turns a URL into a directory name.
func cacheName(url string) string {
	var b strings.Builder
	for _, r := range strings.TrimSuffix(url, ".git") {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// git runs git in dir for its effect: gitOutput, the one runner of the
// commands that are not reads of a repository (Git.run is those).
func git(ctx context.Context, dir string, args ...string) error {
	_, err := gitOutput(ctx, dir, nil, args...)
	return err
}
