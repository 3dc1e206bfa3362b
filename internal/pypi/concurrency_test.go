package pypi_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// Concurrent callers asking about one project in any spelling share one
// request sequence.
func TestConcurrentCallersShareOneLookup(t *testing.T) {
	t.Parallel()
	s := newFake(t, fakepypi.Options{Latency: 50 * time.Millisecond})
	c := newClient(t, s)
	spellings := []string{"Oslo.Config", "oslo_config", "OSLO-CONFIG", "oslo.config", "oslo__config"}
	var wg sync.WaitGroup
	results := make([]*pypi.Ownership, 10)
	for i := range results {
		wg.Go(func() {
			o, err := c.Ownership(context.Background(), spellings[i%len(spellings)])
			if err != nil {
				t.Error(err)
			}
			results[i] = o
		})
	}
	wg.Wait()
	for _, o := range results {
		checkOwnership(t, o, &pypi.Ownership{
			Name: "oslo-config", DisplayName: "oslo.config", Exists: true,
			Roles: []pypi.Role{owner("openstackci"), maintainer("bob")}, Source: pypi.SourceJSON,
		})
	}
	if n := s.Counts().JSON; n != 1 {
		t.Errorf("the fake got %d JSON requests, want 1", n)
	}
	res := c.Lookup(context.Background(), spellings)
	if len(res) != len(spellings) || res[1].Ownership == nil || res[1].Name != "oslo_config" {
		t.Errorf("Lookup: %+v", res)
	}
	checkStats(t, c, pypi.Stats{JSON: 1})
}

// Answers handed out are copies: changing one changes nothing else.
func TestAnswersAreCopies(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{}))
	a := ask(t, c, "oslo.config")
	a.Roles[0].User = "mallory"
	if b := ask(t, c, "oslo.config"); b.Roles[0].User != "openstackci" {
		t.Errorf("the cached answer changed: %+v", b)
	}
}

// manyProjects is a world of n projects, each owned by openstackci.
func manyProjects(n int, noReleases bool) (fakepypi.World, []string) {
	var w fakepypi.World
	var names []string
	for i := range n {
		name := fmt.Sprintf("project-%03d", i)
		names = append(names, name)
		w.Projects = append(w.Projects, fakepypi.Project{Name: name, Roles: [][]string{{"Owner", "openstackci"}}, NoReleases: noReleases})
	}
	return w, names
}

func TestConcurrencyIsBounded(t *testing.T) {
	t.Parallel()
	w, names := manyProjects(30, false)
	s := fakepypi.New(w, fakepypi.Options{Latency: 20 * time.Millisecond})
	defer s.Close()
	c := newClient(t, s, func(o *pypi.Options) { o.Concurrency = 3 })
	for _, r := range c.Lookup(context.Background(), names) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got := s.Counts().MaxInFlight; got != 3 {
		t.Errorf("at most %d requests in flight, want 3", got)
	}
}

func TestXMLRPCPaceIsKept(t *testing.T) {
	t.Parallel()
	const perSecond = 20
	w, names := manyProjects(6, true)
	s := fakepypi.New(w, fakepypi.Options{})
	defer s.Close()
	c := newClient(t, s, func(o *pypi.Options) { o.XMLRPCRate = perSecond })
	for _, r := range c.Lookup(context.Background(), names) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	calls := s.XMLRPCCalls()
	if len(calls) != len(names) {
		t.Fatalf("%d XML-RPC calls, want %d", len(calls), len(names))
	}
	// Arrival times, as the fake saw them: a call delayed on its way in
	// shortens the next gap without the client having hurried, so compare
	// each call with the first rather than with the one before it. Unpaced,
	// the six calls would all arrive within a few milliseconds.
	const interval, tolerance = time.Second / perSecond, 20 * time.Millisecond
	for i := 1; i < len(calls); i++ {
		if since := calls[i].Sub(calls[0]); since < time.Duration(i)*interval-tolerance {
			t.Errorf("call %d came %s after the first, want at least %s", i, since, time.Duration(i)*interval)
		}
	}
}

// Ending the context stops everything quickly and leaves no goroutine
// behind. Not parallel: it counts goroutines.
func TestCancelStopsQuickly(t *testing.T) {
	s := fakepypi.New(testWorld, fakepypi.Options{})
	defer s.Close()
	before := runtime.NumGoroutine()
	c := newClient(t, s)
	s.Fail(fakepypi.KindJSON, -1, fakepypi.Failure{Mode: fakepypi.FailSlow, Delay: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	res := c.Lookup(ctx, []string{"oslo.config", "org-project", "unreleased"})
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s after the cancel", d)
	}
	for _, r := range res {
		if r.Ownership != nil || !errors.Is(r.Err, context.Canceled) {
			t.Errorf("%s: %+v, %v; want context.Canceled", r.Name, r.Ownership, r.Err)
		}
	}
	// A cancelled look-up is not kept: a new context asks again.
	s.ClearFailures()
	ask(t, c, "oslo.config")
	c.CloseIdleConnections()
	waitGoroutines(t, before)
}

// waitGoroutines waits for the goroutines to drop back to n.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, want %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
