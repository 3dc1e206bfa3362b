package gerrit

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	gogerrit "github.com/andygrunwald/go-gerrit"
	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/source"
)

// readers bounds the file reads in flight: a handful of files, and Gerrit is
// shared with everyone.
const readers = 4

// ReadChange reads paths at revision of change and at the revision's first
// parent (the change source of "check --gerrit-url" and of the hook). A file
// absent at a revision is absent from that side. Touched holds the paths the
// revision's file list shows as modified: the only files Gerrit takes inline
// comments on. A path the file list does not show is the same at the parent,
// so it is read once.
//
// also, when not nil, adds the paths the revision touches (added, modified,
// deleted or renamed from) that it accepts: Gerrit's REST API cannot list a
// tree, so a file outside paths is read only when the change touches it (a
// new file under zuul.d/, say).
func (c *Client) ReadChange(ctx context.Context, change, revision string, paths []string, also func(string) bool) (*source.Change, error) {
	id, rev, err := changeRev(change, revision)
	if err != nil {
		return nil, err
	}
	commit, err := c.commit(ctx, id, rev)
	if err != nil {
		return nil, err
	}
	out := &source.Change{HeadRev: rev, Base: source.Files{}, Head: source.Files{}, Touched: map[string]bool{}}
	if len(commit.Parents) > 0 {
		out.BaseRev = commit.Parents[0].Commit
	}
	if len(commit.Parents) > 1 {
		// A merge is compared with its target branch, not with its first
		// parent: a merge whose first parent is a commit from elsewhere
		// (another branch) would otherwise hide everything that commit
		// brings. Gerrit's REST API has no merge base; the branch tip is
		// the base Zuul's speculative merge starts from.
		return out, c.readMerge(ctx, id, rev, paths, also, out)
	}
	listed, err := c.listFiles(ctx, id, rev, out.BaseRev != "")
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for p, fi := range listed {
		out.Touched[p], changed[p] = true, true
		if fi.OldPath != "" {
			changed[fi.OldPath] = true // renamed away: gone from its old place
		}
	}
	if paths, err = withTouched(paths, changed, also); err != nil {
		return nil, err
	}
	if err := checkRegular(rev, listed, paths); err != nil {
		return nil, err
	}
	keep(out.Touched, paths)
	if err := c.readSides(ctx, id, rev, paths, changed, out); err != nil {
		return nil, err
	}
	return out, nil
}

// readMerge reads a merge patch set: every path at the revision and at the
// tip of the change's target branch.
func (c *Client) readMerge(ctx context.Context, id, rev string, paths []string, also func(string) bool, out *source.Change) error {
	info, err := c.change(ctx, id)
	if err != nil {
		return err
	}
	listed, err := c.listFiles(ctx, id, rev, true)
	if err != nil {
		return err
	}
	changed := map[string]bool{}
	for p, fi := range listed {
		out.Touched[p], changed[p] = true, true
		if fi.OldPath != "" {
			changed[fi.OldPath] = true
		}
	}
	if paths, err = withTouched(paths, changed, also); err != nil {
		return err
	}
	if err := checkRegular(rev, listed, paths); err != nil {
		return err
	}
	keep(out.Touched, paths)
	out.BaseRev = "refs/heads/" + info.Branch
	head := make([][]byte, len(paths))
	base := make([][]byte, len(paths))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(readers)
	for i, p := range paths {
		g.Go(func() (err error) { head[i], err = c.revisionFile(gctx, id, rev, p, 0); return })
		g.Go(func() (err error) { base[i], err = c.BranchFile(gctx, info.Project, info.Branch, p); return })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for i, p := range paths {
		put(out.Head, p, head[i])
		put(out.Base, p, base[i])
	}
	return nil
}

// commit reads the revision's commit, for its parent.
func (c *Client) commit(ctx context.Context, id, rev string) (*gogerrit.CommitInfo, error) {
	var ci *gogerrit.CommitInfo
	err := c.call(ctx, fmt.Sprintf("read the commit %s of change %s", rev, id), func() (*gogerrit.Response, error) {
		var resp *gogerrit.Response
		var err error
		ci, resp, err = c.c.Changes.GetCommit(ctx, id, rev, nil)
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	for _, p := range ci.Parents {
		if _, err := Revision(p.Commit); err != nil {
			return nil, &Error{Op: "read the commit " + rev, Code: 200, Err: fmt.Errorf("parent: %w", err)}
		}
	}
	return ci, nil
}

// fileEntry is one file of Gerrit's List Files answer (FileInfo).
type fileEntry struct {
	Status  string `json:"status"`
	OldPath string `json:"old_path"`
	// OldMode and NewMode are octal digits (100644; 120000 a symlink;
	// 160000 a submodule), in Gerrit since 3.7 (Documentation/
	// rest-api-changes.txt, FileInfo); 0 when absent.
	OldMode int `json:"old_mode"`
	NewMode int `json:"new_mode"`
}

// listFiles lists the files the revision modifies against its first parent
// (parent=1, as Zuul asks: a merge commit is otherwise compared with its
// auto-merge). go-gerrit's FileInfo has no modes, hence the raw request.
func (c *Client) listFiles(ctx context.Context, id, rev string, hasParent bool) (map[string]fileEntry, error) {
	p := fmt.Sprintf("changes/%s/revisions/%s/files/", id, rev)
	if hasParent {
		p += "?parent=1"
	}
	op := fmt.Sprintf("list the files of change %s at %s", id, rev)
	var files map[string]fileEntry
	if err := c.getJSON(ctx, op, p, &files); err != nil {
		return nil, err
	}
	return files, nil
}

// checkRegular refuses a change that makes a file pypiguard reads, or a
// folder above one, a symlink or a submodule, or turns the file into a
// folder: Gerrit would then read the file as absent (docs/design.md
// section 9; the same rule as source's for git).
func checkRegular(rev string, listed map[string]fileEntry, paths []string) error {
	for p, fi := range listed {
		if fi.Status == "D" {
			continue
		}
		for _, want := range paths {
			switch {
			case p == want && fi.NewMode != 0 && fi.NewMode != 100644 && fi.NewMode != 100755:
				return &source.NotRegularError{Path: want, Rev: rev, What: source.ModeName(strconv.Itoa(fi.NewMode))}
			case strings.HasPrefix(want, p+"/") && (fi.NewMode == 120000 || fi.NewMode == 160000):
				return &source.NotRegularError{Path: want, Rev: rev, What: "reachable only through " + p + ", which is " + source.ModeName(strconv.Itoa(fi.NewMode))}
			case strings.HasPrefix(p, want+"/"):
				return &source.NotRegularError{Path: want, Rev: rev, What: "a directory"}
			}
		}
	}
	return nil
}

// readSides reads every path at the revision, and at the parent those the
// change modified; the others are the same on both sides.
func (c *Client) readSides(ctx context.Context, id, rev string, paths []string, changed map[string]bool, out *source.Change) error {
	head := make([][]byte, len(paths))
	base := make([][]byte, len(paths))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(readers)
	for i, p := range paths {
		g.Go(func() (err error) {
			head[i], err = c.revisionFile(gctx, id, rev, p, 0)
			return err
		})
		if changed[p] && out.BaseRev != "" {
			g.Go(func() (err error) {
				base[i], err = c.revisionFile(gctx, id, rev, p, 1)
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for i, p := range paths {
		if !changed[p] && out.BaseRev != "" {
			base[i] = head[i]
		}
		put(out.Head, p, head[i])
		put(out.Base, p, base[i])
	}
	return nil
}

func put(files source.Files, path string, data []byte) {
	if data != nil {
		files[path] = data
	}
}

// maxTouched bounds the touched files also adds: a change to
// project-config touches a few, and each is one request or two.
const maxTouched = 1000

// withTouched adds to paths the changed paths also accepts, sorted.
func withTouched(paths []string, changed map[string]bool, also func(string) bool) ([]string, error) {
	if also == nil {
		return paths, nil
	}
	out := append([]string(nil), paths...)
	var extra []string
	for p := range changed {
		if also(p) && !slices.Contains(paths, p) {
			extra = append(extra, p)
		}
	}
	if len(extra) > maxTouched {
		return nil, fmt.Errorf("gerrit: the change touches %d files pypiguard would read, over the %d it reads from Gerrit; is this really a change to openstack/project-config?", len(extra), maxTouched)
	}
	slices.Sort(extra)
	return append(out, extra...), nil
}

// keep removes from set what is not in paths.
func keep(set map[string]bool, paths []string) {
	want := map[string]bool{}
	for _, p := range paths {
		want[p] = true
	}
	for p := range set {
		if !want[p] {
			delete(set, p)
		}
	}
}
