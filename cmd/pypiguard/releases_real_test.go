package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pep440"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// releasesCheckout writes the real openstack/releases' deliverables (the
// newest commit of the shared bundle) into a temporary checkout.
func releasesCheckout(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range fixture.GitTree(t, fixture.ReleasesGit(t), "HEAD", "deliverables") {
		path := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var relT0 = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)

// mirrorReleases is a PyPI project holding every version openstack/releases
// records for the repos that map to it (each repo's, or its deliverable's),
// one sdist each, uploaded in version order a day apart.
func mirrorReleases(ix *releases.Index, fs []report.Finding) fakepypi.Project {
	byKey := map[string]releases.Recorded{}
	for _, f := range fs {
		rec := ix.Repo(f.Repo)
		if len(rec.All()) == 0 {
			rec = ix.Deliverable(f.Deliverable)
		}
		for _, r := range rec.All() {
			byKey[r.Version.Key()] = r
		}
	}
	all := slices.SortedFunc(maps.Values(byKey), func(a, b releases.Recorded) int { return pep440.Compare(a.Version, b.Version) })
	p := fakepypi.Project{Name: fs[0].Package, Roles: [][]string{{"Owner", "openstackci"}}}
	for i, r := range all {
		p.Releases = append(p.Releases, fakepypi.Release{Version: r.Raw, Files: []fakepypi.File{
			{Filename: p.Name + "-" + r.Raw + ".tar.gz", PackageType: "sdist", Uploaded: relT0.Add(time.Duration(i) * 24 * time.Hour)}}})
	}
	return p
}

// TestAuditReleasesRealData: the real governed set and the real
// openstack/releases, with a fake PyPI that mirrors every recorded version
// of every judged package, plus a planted unreleased upload (nova), a late
// wheel (oslo.config) and a historical version (python-novaclient). Each is
// reported as issue 19 asks, and the comparison costs no PyPI request.
func TestAuditReleasesRealData(t *testing.T) {
	t.Parallel()
	data := fixture.SharedData(t)
	rel := releasesCheckout(t)
	ix, err := releases.LoadIndex(rel)
	if err != nil {
		t.Fatal(err)
	}
	gov := []string{"--governance", filepath.Join(data, "governance"), "--project-config", filepath.Join(data, "project-config"), "--releases", rel}

	// The judged packages, with the names --releases gives them.
	all := fakepypi.New(fakepypi.CleanWorld(fixture.GovernedNames(t, filepath.Join(data, "governance"), false), nil), fakepypi.Options{})
	defer all.Close()
	_, first, _ := auditRun(t, nil, append(gov, "--pypi-url", all.URL, "--reverse=false", "--fail-on", "never")...)
	var world fakepypi.World
	byPackage := map[string][]report.Finding{}
	var order []string
	for _, f := range first.Findings {
		if f.Status == report.NotApplicable || f.Status == report.Pending {
			continue
		}
		if byPackage[f.Package] == nil {
			order = append(order, f.Package)
		}
		byPackage[f.Package] = append(byPackage[f.Package], f)
	}
	for _, name := range order {
		p := mirrorReleases(ix, byPackage[name])
		switch name {
		case "nova":
			p.Roles = append(p.Roles, []string{"Maintainer", "mallory"})
			p.Releases = append(p.Releases, fakepypi.Release{Version: "99.0.0", Files: []fakepypi.File{
				{Filename: "nova-99.0.0-py3-none-any.whl", PackageType: "bdist_wheel", Uploaded: relT0.Add(9000 * time.Hour)}}})
		case "oslo.config":
			last := &p.Releases[len(p.Releases)-2]
			last.Files = append(last.Files, fakepypi.File{Filename: "oslo.config-" + last.Version + "-py3-none-any.whl",
				PackageType: "bdist_wheel", Uploaded: last.Files[0].Uploaded.Add(120 * 24 * time.Hour)})
		case "python-novaclient":
			p.Releases = append([]fakepypi.Release{{Version: "0.1.0", Files: []fakepypi.File{
				{Filename: "python-novaclient-0.1.0.tar.gz", PackageType: "sdist", Uploaded: relT0.Add(-1000 * 24 * time.Hour)}}}}, p.Releases...)
		}
		world.Projects = append(world.Projects, p)
	}
	pypi := fakepypi.New(world, fakepypi.Options{})
	defer pypi.Close()

	res, r, out := auditRun(t, nil, append(gov, "--pypi-url", pypi.URL, "--fail-on", "any")...)
	with, askedWith := pypi.Counts(), r.Audit.Asked
	if res.Code != 1 || r.Verdict != report.Fail {
		t.Fatalf("exit %d, verdict %s, want 1 and fail: %s", res.Code, r.Verdict, res.Stderr)
	}
	rs := r.Releases
	if rs == nil || !rs.Made || rs.Compared < 200 {
		t.Fatalf("releases section %+v", rs)
	}
	t.Logf("%d packages compared, counts %v, %d unrecorded, %d unknown", rs.Compared, rs.Counts, len(rs.Unrecorded), len(rs.Unknown))
	var got []string
	for _, f := range rs.Findings {
		got = append(got, string(f.Kind)+" "+f.Package+" "+f.Version+strings.Join(f.Versions, ","))
	}
	want := []string{"unreleased-upload nova 99.0.0", "late-file oslo.config " + lateVersion(world), "historical python-novaclient 0.1.0"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("release findings %q, want %q", got, want)
	}
	for _, f := range rs.Findings {
		if f.Kind == report.UnreleasedUpload && (f.Severity != report.Critical || f.Uploaded == nil || len(f.Files) != 1 ||
			!slices.Contains(f.Accounts, report.Role{Role: "Maintainer", User: "mallory"})) {
			t.Errorf("unreleased upload %+v", f)
		}
	}
	for name, words := range map[string][]string{"report.md": {"## Releases OpenStack made", "unreleased-upload \\(critical\\)"},
		"report.html": {`id="releases"`, "late-file (high)"}} {
		page, _ := os.ReadFile(filepath.Join(out, name))
		for _, w := range words {
			if !strings.Contains(string(page), w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
	text := fixture.Run(t, t.TempDir(), nil, append([]string{"audit", "--log-level", "error", "--pypi-url", pypi.URL, "--fail-on", "never"}, gov...)...)
	if !strings.Contains(text.Stdout, "unreleased-upload (critical): nova 99.0.0 is on PyPI") || text.Code != 0 {
		t.Errorf("text (exit %d) lacks the unreleased upload:\n%s", text.Code, text.Stdout)
	}

	// The same audit without --releases: the report says so, and PyPI was
	// asked exactly as much.
	pypi.ResetCounts()
	res, r, _ = auditRun(t, nil, "--governance", filepath.Join(data, "governance"), "--project-config", filepath.Join(data, "project-config"),
		"--pypi-url", pypi.URL, "--fail-on", "any")
	without := pypi.Counts()
	if r.Releases == nil || r.Releases.Made || !strings.Contains(r.Releases.Why, "--releases") {
		t.Errorf("without --releases: %+v", r.Releases)
	}
	t.Logf("requests with the comparison %+v, without %+v", with, without)
	// --releases also names some packages (repository-settings), so the
	// two runs ask slightly different sets of names: each run sends one
	// JSON request per name it asks, none more.
	if with.JSON != askedWith || without.JSON != r.Audit.Asked {
		t.Errorf("JSON requests: with the comparison %d for %d names, without %d for %d names", with.JSON, askedWith, without.JSON, r.Audit.Asked)
	}
}

func lateVersion(w fakepypi.World) string {
	for _, p := range w.Projects {
		if p.Name == "oslo.config" {
			return p.Releases[len(p.Releases)-2].Version
		}
	}
	return ""
}
