package cli

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// openFDs counts this process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd to count file descriptors")
	}
	return len(entries)
}

// settle waits for goroutines that are ending to end, and returns their
// count.
func settle(want int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 50 && n > want; i++ {
		time.Sleep(20 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// TestSoak runs 200 checks at once in this process against the fakes, and
// then finds no goroutine and no file descriptor left behind. Not parallel:
// it counts the whole process's goroutines.
func TestSoak(t *testing.T) {
	const runs = 200
	base := "---\nhorizon:\n  deliverables:\n    horizon:\n      repos:\n        - openstack/horizon\n"
	head := base + "    xstatic-tv4:\n      repos:\n        - openstack/xstatic-tv4\n    xstatic-clean:\n      repos:\n        - openstack/xstatic-clean\n"
	repo := fixture.NewRepo(t)
	repo.Commit("base", map[string][]byte{"reference/projects.yaml": []byte(base)})
	repo.Commit("head", map[string][]byte{"reference/projects.yaml": []byte(head)})
	pypi := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{
		{Name: "xstatic-tv4", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}},
		{Name: "xstatic-clean", Roles: [][]string{{"Owner", "openstackci"}}},
	}}, fakepypi.Options{Latency: 2 * time.Millisecond})
	defer pypi.Close()
	check := func() (int, string) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), []string{"check", "--repo", repo.Dir, "--pypi-url", pypi.URL, "--format", "json", "--log-level", "error"}, &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	if code, out := check(); code != 1 { // warm up: lazily started runtime and test goroutines
		t.Fatalf("exit %d: %s", code, out)
	}
	goroutines, fds := settle(0), openFDs(t)

	var wg sync.WaitGroup
	codes := make([]int, runs)
	outs := make([]string, runs)
	for i := range runs {
		wg.Go(func() { codes[i], outs[i] = check() })
	}
	wg.Wait()
	for i, code := range codes {
		if code != 1 || !strings.Contains(outs[i], `"verdict": "fail"`) {
			t.Fatalf("run %d: exit %d: %.500s", i, code, outs[i])
		}
	}
	if n := settle(goroutines); n > goroutines {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before, %d after %d checks:\n%s", goroutines, n, runs, buf[:runtime.Stack(buf, true)])
	}
	if n := openFDs(t); n > fds {
		t.Errorf("%d file descriptors open before, %d after %d checks", fds, n, runs)
	}
}
