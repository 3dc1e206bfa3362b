package source

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrGitMissing is returned when the git binary cannot be found: nothing
// could be read, so nothing is verified (exit 3).
var ErrGitMissing error = gitMissing{}

type gitMissing struct{}

func (gitMissing) Error() string {
	return "git is not installed or not on PATH; install git (Debian: apt-get install git)"
}

func (gitMissing) Unverified() bool { return true }

// RevisionError is a revision that does not name a commit in the repository.
type RevisionError struct {
	Rev  string
	Repo string
}

func (e *RevisionError) Error() string {
	return fmt.Sprintf("revision %q is not a commit in %s; check --base/--head (a shallow clone may lack it: fetch more history)", e.Rev, e.Repo)
}

// BadInput says that a revision does not exist: exit 2, fixed by the user (docs/design.md section 8).
func (e *RevisionError) BadInput() bool { return true }

// Git reads files from a local git repository, work tree or bare, with the
// git binary.
type Git struct {
	Dir string // the repository; "" is the current directory
	Bin string // the git binary; "" is "git" from PATH
}

// ReadChange reads paths at base and at head. It starts one
// "git cat-file --batch" for everything: one process, whatever the number of
// files.
func (g *Git) ReadChange(ctx context.Context, base, head string, paths []string) (*Change, error) {
	for _, rev := range []string{base, head} {
		if err := checkRev(rev); err != nil {
			return nil, err
		}
	}
	revs := []string{base + "^{commit}", head + "^{commit}"}
	queries := append([]string(nil), revs...)
	for _, rev := range []string{base, head} {
		for _, p := range paths {
			queries = append(queries, rev+"^{commit}:"+p)
		}
	}
	objs, err := g.catFile(ctx, queries)
	if err != nil {
		return nil, err
	}
	for i, rev := range []string{base, head} {
		if objs[i].missing {
			return nil, &RevisionError{Rev: rev, Repo: g.name()}
		}
	}
	c := &Change{BaseRev: objs[0].id, HeadRev: objs[1].id, Base: Files{}, Head: Files{}, Touched: map[string]bool{}}
	irregular, err := g.irregularEither(ctx, c, paths)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		b, h := objs[2+i], objs[2+len(paths)+i]
		if irregular[p] {
			b, h = object{missing: true}, object{missing: true}
		}
		if err := put(p, base, b, c.Base); err != nil {
			return nil, err
		}
		if err := put(p, head, h, c.Head); err != nil {
			return nil, err
		}
		if b.id != h.id {
			c.Touched[p] = true
		}
	}
	return c, nil
}

// irregular checks the files at both revisions. A change may not turn a
// regular file (or an absent one) into a symlink, a submodule or a
// directory, or put it behind a symlinked directory. What the base, the
// target branch as merged, already holds that way is left unread (absent)
// at both revisions, so that later changes are not all refused for it.
func (g *Git) irregularEither(ctx context.Context, c *Change, paths []string) (map[string]bool, error) {
	atHead, err := g.irregular(ctx, c.HeadRev, paths)
	if err != nil || len(atHead) == 0 {
		return nil, err
	}
	atBase, err := g.irregular(ctx, c.BaseRev, paths)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, e := range atBase {
		out[e.Path] = true
	}
	for _, e := range atHead {
		if !out[e.Path] {
			return nil, e
		}
	}
	return out, nil
}

// put stores a blob read at rev, refusing one over MaxFileSize.
func put(path, rev string, o object, files Files) error {
	switch {
	case o.missing || o.kind != "blob":
		return nil
	case o.tooLarge:
		return &TooLargeError{Path: path, Rev: rev, Size: o.size}
	}
	files[path] = o.data
	return nil
}

func (g *Git) name() string {
	if g.Dir == "" {
		return "the current directory"
	}
	return g.Dir
}

// checkRev refuses what cat-file's line protocol or git's option parsing
// would misread.
func checkRev(rev string) error {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\n\r\x00 ") || strings.Contains(rev, ":") {
		return fmt.Errorf("revision %q is not a revision name git accepts here", rev)
	}
	return nil
}

type object struct {
	id, kind string
	size     int64
	data     []byte
	missing  bool
	tooLarge bool
}

func (g *Git) catFile(ctx context.Context, queries []string) ([]object, error) {
	var objs []object
	err := g.runIn(ctx, strings.NewReader(strings.Join(queries, "\n")+"\n"), []string{"cat-file", "--batch"}, func(r *bufio.Reader) error {
		var err error
		objs, err = readObjects(r, len(queries))
		return err
	})
	return objs, err
}

func readObjects(r *bufio.Reader, n int) ([]object, error) {
	objs := make([]object, 0, n)
	for range n {
		o, err := readObject(r)
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		objs = append(objs, o)
	}
	return objs, nil
}

// readObject reads one answer of "git cat-file --batch":
// "<id> <type> <size>\n<content>\n", or "<query> missing\n" (also
// "ambiguous").
func readObject(r *bufio.Reader) (object, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return object{}, err
	}
	header = strings.TrimSuffix(header, "\n")
	f := strings.Fields(header)
	if len(f) != 3 {
		return object{missing: true}, nil
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return object{missing: true}, nil
	}
	o := object{id: f[0], kind: f[1], size: size}
	if size > MaxFileSize {
		o.tooLarge = true
		_, err = io.CopyN(io.Discard, r, size+1)
		return o, err
	}
	o.data = make([]byte, size+1)
	if _, err := io.ReadFull(r, o.data); err != nil {
		return object{}, err
	}
	o.data = o.data[:size]
	return o, nil
}
