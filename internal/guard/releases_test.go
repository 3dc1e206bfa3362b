package guard_test

import (
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/releases"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

func rel(v string, at time.Time, extra ...time.Time) pypi.Release {
	r := pypi.Release{Version: v, Files: []pypi.File{{Filename: "nova-" + v + ".tar.gz", PackageType: "sdist", Uploaded: at}}}
	for _, e := range extra {
		r.Files = append(r.Files, pypi.File{Filename: "nova-" + v + "-py3-none-any.whl", PackageType: "bdist_wheel", Uploaded: e})
	}
	return r
}

// CompareReleases over nova's real deliverable files: a recorded version
// is quiet, an unrecorded one is critical, an old one uploaded before the
// lowest recorded is historical, the same low version uploaded after it is
// not, a wheel months late is high, and recorded versions not on PyPI are
// information.
func TestCompareReleasesRealNova(t *testing.T) {
	t.Parallel()
	files := fixture.GitTree(t, fixture.ReleasesGit(t), "HEAD", "deliverables")
	nova := map[string][]byte{}
	for p, data := range files {
		if strings.HasSuffix(p, "/nova.yaml") {
			nova[p] = data
		}
	}
	ix, err := releases.NewIndex(nova)
	if err != nil {
		t.Fatal(err)
	}
	low, _ := ix.Deliverable("nova").Lowest() // 12.0.0 (liberty)
	t0 := time.Date(2015, 10, 15, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	rels := []pypi.Release{
		rel(low.Raw, t0),
		rel("0.9.0", t0.Add(-2000*day)),
		rel("2011.3.7", t0.Add(-1000*day)),                // a date version above 12.0.0, uploaded before it
		rel("2015.9", t0.Add(1000*day)),                   // a date version uploaded after it                  // before the pipeline (austin is 2010.1)
		rel("27.0.0", t0.Add(2000*day), t0.Add(2200*day)), // recorded, wheel 200 days late
		rel("27.0.1.dev0", t0.Add(2300*day)),              // never released
		rel("11.9.9", t0.Add(3000*day)),                   // low, but uploaded after 12.0.0
		rel("v27.0.0", t0.Add(2000*day)),                  // PEP 440 finds 27.0.0
	}
	tgt := guard.ReleaseTarget{Package: "nova", Repo: "openstack/nova", Deliverable: "nova", Releases: rels,
		Roles: []report.Role{{Role: "Owner", User: "openstackci"}, {Role: "Maintainer", User: "mallory"}}}
	got, ok := guard.CompareReleases(ix, policy.Default(), tgt)
	if !ok {
		t.Fatal("nova has no recorded releases")
	}
	byKind := map[report.ReleaseKind][]report.ReleaseFinding{}
	for _, f := range got {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	un := byKind[report.UnreleasedUpload]
	if len(un) != 3 || un[0].Version != "11.9.9" || un[1].Version != "27.0.1.dev0" || un[2].Version != "2015.9" || un[0].Severity != report.Critical ||
		!strings.Contains(un[1].Message, "mallory (Maintainer)") || un[1].Uploaded == nil || len(un[1].Files) != 1 {
		t.Errorf("unreleased: %+v", un)
	}
	late := byKind[report.LateFile]
	if len(late) != 1 || late[0].Version != "27.0.0" || late[0].Severity != report.High || late[0].Files[0].PackageType != "bdist_wheel" {
		t.Errorf("late: %+v", late)
	}
	if h := byKind[report.Historical]; len(h) != 1 || strings.Join(h[0].Versions, ",") != "0.9.0,2011.3.7" || h[0].Severity != report.Info {
		t.Errorf("historical: %+v", h)
	}
	if n := len(byKind[report.UnpublishedRelease]); n < 100 || n != len(ix.Deliverable("nova").All())-2 {
		t.Errorf("%d unpublished of %d recorded", n, len(ix.Deliverable("nova").All()))
	}
	// A policy cut-off makes the late low version history too.
	pol, err := policy.Parse("p.yaml", []byte("owner: openstackci\nrelease-history: [{package: nova, before: '12.0.0', reason: pre-pipeline}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ = guard.CompareReleases(ix, pol, tgt)
	for _, f := range got {
		if f.Kind == report.UnreleasedUpload && f.Version == "11.9.9" {
			t.Error("the cut-off did not make 11.9.9 historical")
		}
	}
	// Nothing recorded: not compared.
	if _, ok := guard.CompareReleases(ix, policy.Default(), guard.ReleaseTarget{Package: "x", Repo: "openstack/x", Deliverable: "x"}); ok {
		t.Error("a package with no recorded release was compared")
	}
}
