package changes_test

import (
	"bufio"
	"bytes"
	"io"
	"maps"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// replayCommit is one commit of openstack/releases and the deliverable files
// it changes, by blob id ("" where the file is absent).
type replayCommit struct {
	sha, subject string
	files        []replayFile
}

type replayFile struct{ path, base, head string }

// TestReleasesHistory replays every commit of openstack/releases since
// 2023 that touches deliverables/ (not the merges: each is one release
// request against its parent, as the check job sees it): both sides parse,
// the diff does not crash, and a file pypiguard refuses is one PyYAML
// refuses too. It reports how many commits are release requests and how
// long one takes.
func TestReleasesHistory(t *testing.T) {
	t.Parallel()
	git := fixture.ReleasesGit(t)
	commits := replayLog(t, git, "2023-01-01")
	blobs := catBlobs(t, git, commits)
	start := time.Now()
	var slowest time.Duration
	var slowestSHA string
	requests, events := 0, 0
	kinds := map[changes.Kind]int{}
	refused := map[string][]byte{} // "sha:path" -> content
	for _, c := range commits {
		t0 := time.Now()
		base, head := map[string][]byte{}, map[string][]byte{}
		for _, f := range c.files {
			if f.base != "" {
				base[f.path] = blobs[f.base]
			}
			if f.head != "" {
				head[f.path] = blobs[f.head]
			}
		}
		memo := &yamlfile.Memo{}
		b, errB := parseSide(memo, base, refused, c.sha+"^")
		h, errH := parseSide(memo, head, refused, c.sha)
		if errB != nil || errH != nil {
			continue
		}
		r := changes.Diff(changes.Snapshot{Releases: b}, changes.Snapshot{Releases: h}, changes.Options{})
		if len(r.Events) > 0 {
			requests++
		}
		events += len(r.Events)
		for _, e := range append(r.Events, r.Info...) {
			kinds[e.Kind]++
			if e.Line <= 0 || e.Release == nil || (e.Kind.IsEvent() && len(e.Repos) == 0) {
				t.Errorf("%s (%s): bad event %+v", c.sha, c.subject, e)
			}
		}
		if d := time.Since(t0); d > slowest {
			slowest, slowestSHA = d, c.sha
		}
	}
	took := time.Since(start)
	t.Logf("%d commits since 2023 touching deliverables/ (%d files read), %d release requests with %d events; %v",
		len(commits), len(blobs), requests, events, kinds)
	t.Logf("parse and diff: %v in all, %v a commit on average, slowest %v (%s); %d files refused",
		took, took/time.Duration(max(1, len(commits))), slowest, slowestSHA, len(refused))
	pyyamlLoads(t, refused)
	if requests < 1000 || kinds[changes.NewRelease] < 1000 || kinds[changes.NewDeliverableFile] < 100 || kinds[changes.SkippedRelease] < 100 {
		t.Errorf("the replay found too little: %d requests, %v", requests, kinds)
	}
}

// parseSide parses one side of a commit; a file pypiguard refuses is kept
// for PyYAML to judge.
func parseSide(memo *yamlfile.Memo, files map[string][]byte, refused map[string][]byte, rev string) (map[string]*releases.Deliverable, error) {
	ds, _, err := releases.ParseFiles(files, memo)
	if err == nil {
		return ds, nil
	}
	for p, data := range files {
		if _, _, err := releases.Parse(p, data, nil); err != nil {
			refused[rev+":"+p] = data
		}
	}
	return nil, err
}

// pyyamlLoads fails the test for every refused file that PyYAML loads.
func pyyamlLoads(t *testing.T, refused map[string][]byte) {
	t.Helper()
	if len(refused) == 0 {
		return
	}
	names := slices.Sorted(maps.Keys(refused))
	inputs := make([][]byte, len(names))
	for i, n := range names {
		inputs[i] = refused[n]
	}
	for i, loads := range fixture.PyYAMLLoads(t, inputs) {
		if loads {
			p := names[i][strings.LastIndex(names[i], ":")+1:]
			_, _, err := releases.Parse(p, refused[names[i]], nil)
			t.Errorf("%s: PyYAML loads it, pypiguard refuses it: %v", names[i], err)
		}
	}
}

// replayLog lists the non-merge commits since the date that touch
// deliverables/, oldest first, in one git log pass.
func replayLog(t *testing.T, git, since string) []replayCommit {
	t.Helper()
	out := gitOut(t, git, nil, "log", "--since="+since, "--no-merges", "--reverse", "--raw", "--no-renames",
		"--abbrev=40", "--format=C %H %s", "--", "deliverables/")
	var commits []replayCommit
	const zero = "0000000000000000000000000000000000000000"
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "C "):
			sha, subject, _ := strings.Cut(line[2:], " ")
			commits = append(commits, replayCommit{sha: sha, subject: subject})
		case strings.HasPrefix(line, ":") && len(commits) > 0:
			meta, path, _ := strings.Cut(line, "\t")
			f := strings.Fields(meta) // :old-mode new-mode old new status
			if len(f) != 5 {
				t.Fatalf("git log: %q", line)
			}
			rf := replayFile{path: path, base: f[2], head: f[3]}
			if rf.base == zero {
				rf.base = ""
			}
			if rf.head == zero {
				rf.head = ""
			}
			c := &commits[len(commits)-1]
			c.files = append(c.files, rf)
		}
	}
	return commits
}

// catBlobs reads every blob the commits name in one git cat-file --batch.
func catBlobs(t *testing.T, git string, commits []replayCommit) map[string][]byte {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	for _, c := range commits {
		for _, f := range c.files {
			for _, id := range []string{f.base, f.head} {
				if id != "" && !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
	}
	out := gitOut(t, git, strings.NewReader(strings.Join(ids, "\n")+"\n"), "cat-file", "--batch")
	rd := bufio.NewReader(bytes.NewReader(out))
	blobs := make(map[string][]byte, len(ids))
	for range ids {
		header, err := rd.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(header) // <id> blob <size>
		if len(f) != 3 {
			t.Fatalf("git cat-file: %q", header)
		}
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size+1) // and the trailing newline
		if _, err := io.ReadFull(rd, data); err != nil {
			t.Fatal(err)
		}
		blobs[f[0]] = data[:size]
	}
	return blobs
}

func gitOut(t *testing.T, git string, stdin io.Reader, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("git", append([]string{"--git-dir", git}, args...)...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}
