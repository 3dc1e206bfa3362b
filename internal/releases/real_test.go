package releases_test

import (
	"slices"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestRealIndex indexes the real openstack/releases (its newest commit in
// the shared bundle) and checks what issue 19 relies on.
func TestRealIndex(t *testing.T) {
	t.Parallel()
	git := fixture.ReleasesGit(t)
	files := fixture.GitTree(t, git, "HEAD", "deliverables", "data")
	start := time.Now()
	ix, err := releases.NewIndex(files)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	tags := map[releases.Tag]int{}
	distinct := map[string]bool{}
	for _, s := range ix.Skipped {
		tags[s.Tag]++
		distinct[s.Raw] = true
	}
	t.Logf("%d files, %d release entries, %d deliverables and %d repos with versions, %d entries skipped as not versions (%v; %d distinct strings), %d warnings, in %v",
		ix.Files, ix.Entries, len(ix.Deliverables), len(ix.Repos), len(ix.Skipped), tags, len(distinct), len(ix.Warnings), took)
	for _, w := range ix.Warnings[:min(5, len(ix.Warnings))] {
		t.Log(w)
	}
	if ix.Files < 6000 || ix.Entries < 28000 || len(ix.Skipped) < 7000 || tags[releases.TagOther] != 0 {
		t.Errorf("the index lost something: %d files, %d entries, %d skipped, %d other", ix.Files, ix.Entries, len(ix.Skipped), tags[releases.TagOther])
	}
	nova := ix.Deliverable("nova")
	low, ok := nova.Lowest()
	if !ok || len(nova.Find("v27.0.0")) == 0 || len(nova.Find("27.0")) == 0 || nova.Find("26.99.0") != nil {
		t.Errorf("nova: lowest %v %v, 27.0.0 %v", low.Raw, ok, nova.Find("27.0.0"))
	}
	t.Logf("nova: lowest %s (%s), %d versions", low.Raw, low.Pos, len(nova.All()))
	if got := ix.Repo("openstack/nova").Find("27.0.0"); len(got) != 1 || got[0].Deliverable != "nova" || !slices.Contains(got[0].Repos, "openstack/nova") {
		t.Errorf("openstack/nova 27.0.0: %+v", got)
	}
}
