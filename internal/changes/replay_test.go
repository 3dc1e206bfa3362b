package changes_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// replayed is what one real commit gave against its first parent.
type replayed struct {
	commit, upstream string
	events, info     []changes.Event
	warnings         int
	err              error
	files            source.Files // the head's files, kept only when err is set
}

// TestReplayRealHistory replays the real history of openstack/governance
// (since projects.yaml gained deliverables, 2015-07-27) and of
// openstack/project-config (since 2018) commit by commit, each against its
// first parent, the way the gate would have judged it: read with git,
// load, diff. No commit may crash it, and none whose files PyYAML loads may
// be refused (exit 2). The real changes in ../shared/data/history must give
// their events at their upstream commits. With -short (the race detector's
// run) only the newest 150 commits of each are replayed.
func TestReplayRealHistory(t *testing.T) {
	t.Parallel()
	bundles := []struct{ name, since string }{
		{"governance", "2015-07-27"},
		{"project-config", "2018-01-01"},
	}
	for _, b := range bundles {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			dir := cloneBundle(t, b.name)
			commits := firstParentCommits(t, dir, b.since)
			if testing.Short() && len(commits) > 150 {
				commits = commits[len(commits)-150:]
			}
			results := replay(t, dir, commits)
			var refused []replayed
			nEvents, nInfo, nWarn, withEvents := 0, 0, 0, 0
			for _, r := range results {
				if r.err != nil {
					refused = append(refused, r)
					continue
				}
				nEvents += len(r.events)
				nInfo += len(r.info)
				nWarn += r.warnings
				if len(r.events) > 0 {
					withEvents++
				}
			}
			for _, r := range refusedPyYAMLLoads(t, refused) {
				t.Errorf("commit %s (upstream %s) is refused although PyYAML loads its files: %v", r.commit, r.upstream, r.err)
			}
			if !testing.Short() {
				checkHistoryEvents(t, b.name, results)
			}
			t.Logf("%s since %s: %d commits in %v; %d with events (%d events, %d information, %d warnings); %d refused, each a file PyYAML refuses too",
				b.name, b.since, len(results), time.Since(start).Round(time.Millisecond), withEvents, nEvents, nInfo, nWarn, len(refused))
		})
	}
}

func cloneBundle(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	bundle := filepath.Join(fixture.SharedData(t), "git", name+".bundle")
	if out, err := exec.Command("git", "clone", "-q", "--bare", bundle, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone %s: %v\n%s", bundle, err, out)
	}
	return dir
}

// firstParentCommits lists, oldest first, the commits since the date on the
// that change a file pypiguard reads (merges are left out: each change is
// judged against its own parent, as the gate judged it).
func firstParentCommits(t *testing.T, dir, since string) []string {
	t.Helper()
	args := append([]string{"-C", dir, "rev-list", "--no-merges", "--reverse", "--since=" + since, "HEAD", "--"}, governedDirs()...)
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	commits := strings.Fields(string(out))
	if len(commits) < 100 {
		t.Fatalf("only %d commits since %s", len(commits), since)
	}
	return commits
}

func governedDirs() []string {
	var dirs []string
	for _, p := range changes.Paths {
		dirs = append(dirs, p)
	}
	return append(dirs, "zuul.d")
}

// replay judges every commit against its first parent, one worker a CPU,
// each on a contiguous run of commits with its own long-lived
// "git cat-file --batch": a new process per commit would rebuild
// gerrit/projects.yaml's long delta chains every time (the product starts
// one per run, which costs the same once).
func replay(t *testing.T, dir string, commits []string) []replayed {
	t.Helper()
	upstream := upstreamCommits(t, dir)
	out := make([]replayed, len(commits))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cat := newCatFile(t, dir)
			defer cat.close()
			var prev *yamlfile.Memo
			for i := w * len(commits) / workers; i < (w+1)*len(commits)/workers; i++ {
				out[i], prev = replayOne(cat, commits[i], prev)
				out[i].upstream = upstream[commits[i]]
			}
		}()
	}
	wg.Wait()
	return out
}

// replayOne judges one commit; the previous commit's parses, when its head
// is this one's base, are not parsed again.
func replayOne(cat *catFile, commit string, prev *yamlfile.Memo) (replayed, *yamlfile.Memo) {
	r := replayed{commit: commit}
	c := &source.Change{Base: cat.read(commit+"^", changes.Paths), Head: cat.read(commit, changes.Paths), Touched: map[string]bool{}}
	for _, p := range changes.Paths {
		if !bytes.Equal(c.Base[p], c.Head[p]) {
			c.Touched[p] = true
		}
	}
	memo := &yamlfile.Memo{}
	memo.Seed(prev, c.Base)
	l, err := changes.LoadWith(c, memo)
	if err != nil {
		r.err, r.files = err, c.Head
		return r, nil
	}
	d := changes.Diff(l.Base, l.Head, changes.Options{})
	r.events, r.info, r.warnings = d.Events, d.Info, len(l.Warnings)
	return r, memo
}

// catFile is one "git cat-file --batch" a worker keeps for its commits.
type catFile struct {
	t   *testing.T
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func newCatFile(t *testing.T, dir string) *catFile {
	cmd := exec.Command("git", "-C", dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Error(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Error(err)
	}
	if err := cmd.Start(); err != nil {
		t.Error(err)
	}
	return &catFile{t: t, cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<20)}
}

// read returns the regular files among paths at rev.
func (c *catFile) read(rev string, paths []string) source.Files {
	files := source.Files{}
	for _, p := range paths {
		fmt.Fprintf(c.in, "%s:%s\n", rev, p)
	}
	for _, p := range paths {
		header, err := c.out.ReadString('\n')
		if err != nil {
			c.t.Error(err)
			return files
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			continue // missing
		}
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size+1)
		if _, err := io.ReadFull(c.out, data); err != nil {
			c.t.Error(err)
			return files
		}
		if f[1] == "blob" {
			files[p] = data[:size]
		}
	}
	return files
}

func (c *catFile) close() {
	_ = c.in.Close()
	_ = c.cmd.Wait()
}

// upstreamCommits maps each commit of a bundle to the upstream commit it
// was filtered from (its Upstream-Commit trailer).
func upstreamCommits(t *testing.T, dir string) map[string]string {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "log", "--format=%H %(trailers:key=Upstream-Commit,valueonly,separator=%x2C)").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if h, up, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			m[h] = strings.TrimSpace(up)
		}
	}
	return m
}

// refusedPyYAMLLoads returns the refused commits pypiguard may not have
// refused: those whose error names no file of the head, and those whose
// named file PyYAML's safe_load loads. Only the file the error names can
// excuse a refusal: another broken file beside it excuses nothing.
func refusedPyYAMLLoads(t *testing.T, refused []replayed) []replayed {
	t.Helper()
	var bad []replayed
	var inputs [][]byte
	var owner []int
	for i, r := range refused {
		var ye *yamlfile.Error
		if !errors.As(r.err, &ye) || r.files[ye.File] == nil {
			bad = append(bad, r)
			continue
		}
		inputs = append(inputs, r.files[ye.File])
		owner = append(owner, i)
	}
	for k, loads := range fixture.PyYAMLLoads(t, inputs) {
		if loads {
			bad = append(bad, refused[owner[k]])
		}
	}
	return bad
}

// checkHistoryEvents finds the real changes of ../shared/data/history in
// the replay, by upstream commit, and compares their events.
func checkHistoryEvents(t *testing.T, bundle string, results []replayed) {
	t.Helper()
	byUpstream := map[string]replayed{}
	for _, r := range results {
		byUpstream[r.upstream] = r
	}
	prefix := map[string]string{"governance": "gov-", "project-config": "pc-"}[bundle]
	found := 0
	for name, want := range historyEvents {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(fixture.SharedData(t), "history", name, "COMMIT"))
		if err != nil {
			t.Fatal(err)
		}
		sha := strings.Fields(string(data))[0]
		r, ok := byUpstream[sha]
		if !ok {
			t.Errorf("%s: upstream commit %s is not among the replayed commits", name, sha)
			continue
		}
		found++
		if got := describeAll(r.events); !slices.Equal(got, want) {
			t.Errorf("%s at %s: events\n got  %q\n want %q", name, r.commit, got, want)
		}
	}
	if found == 0 {
		t.Errorf("no real change of ../shared/data/history found in the %s replay", bundle)
	}
}
