package names_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/names"
)

type fakeGerrit map[string]string // "repo:path" -> content

func (f fakeGerrit) BranchFile(_ context.Context, repo, branch, path string) ([]byte, error) {
	if branch != "master" {
		return nil, errors.New("not master")
	}
	if v, ok := f[repo+":"+path]; ok {
		if v == "FAIL" {
			return nil, errors.New("503 Service Unavailable")
		}
		return []byte(v), nil
	}
	return nil, nil
}

func TestResolveOrder(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{
		Overrides: map[string]string{"openstack/heat": "openstack-heat", "openstack/tempest": "tempest-from-policy"},
		Releases:  "testdata/releases",
		SrcRoot:   "testdata/src",
	}
	cases := []struct {
		repo, deliverable string
		name              string
		source            names.Source
		where             string
	}{
		{"openstack/heat", "heat", "openstack-heat", names.FromPolicy, "the policy's names"},
		{"openstack/tempest", "tempest", "tempest-from-policy", names.FromPolicy, ""},
		{"openstack/solum-infra-guestagent", "solum", "solum-infra-guestagent", names.FromReleases, "deliverables/hibiscus/solum.yaml"},
		{"openstack/other-repo", "", "Other.Repo", names.FromReleases, "deliverables/_independent/multi.yaml"},
		{"openstack/xstatic-angular-smart-table", "xstatic-angular-smart-table", "XStatic-smart-table", names.FromSetupCfg, "setup.cfg"},
		{"openstack/modern", "modern", "openstack-modern", names.FromPyproject, "pyproject.toml"},
		{"openstack/both", "both", "from-setup-cfg", names.FromSetupCfg, ""},
		{"openstack/keystoneauth", "keystoneauth", "keystoneauth1", names.FromTarballBase, "deliverables/gazpacho/keystoneauth.yaml"},
		{"openstack/keystoneauth", "", "keystoneauth1", names.FromTarballBase, ""},
		{"openstack/nova", "nova", "nova", names.FromBasename, ""},
	}
	for _, tc := range cases {
		got, err := r.Resolve(context.Background(), tc.repo, tc.deliverable)
		if err != nil {
			t.Errorf("%s: %v", tc.repo, err)
			continue
		}
		if got.Name != tc.name || got.Source != tc.source || !strings.Contains(got.Where, tc.where) {
			t.Errorf("%s (%s): got %+v, want %s from %s (%s)", tc.repo, tc.deliverable, got, tc.name, tc.source, tc.where)
		}
	}
}

func TestNewestSeriesWins(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{Releases: "testdata/releases"}
	got, err := r.Resolve(context.Background(), "openstack/tempest", "tempest")
	if err != nil || got.Name != "Tempest" || got.Where != "deliverables/hibiscus/tempest.yaml" {
		t.Errorf("got %+v, %v; want Tempest from hibiscus, not flamingo's older name", got, err)
	}
}

func TestFromGerrit(t *testing.T) {
	t.Parallel()
	g := fakeGerrit{
		"openstack/newlib:setup.cfg":    "[metadata]\nname = new_lib\n",
		"openstack/toml:pyproject.toml": "[project]\nname = 'toml-named'\n",
		"openstack/down:pyproject.toml": "FAIL",
		"openstack/badname:setup.cfg":   "[metadata]\nname = a/b\n",
		"openstack/emptymeta:setup.cfg": "[metadata]\nsummary = x\n",
	}
	r := &names.Resolver{Gerrit: g}
	for repo, want := range map[string]string{"openstack/newlib": "new_lib", "openstack/toml": "toml-named", "openstack/emptymeta": "emptymeta", "openstack/none": "none"} {
		got, err := r.Resolve(context.Background(), repo, "")
		if err != nil || got.Name != want {
			t.Errorf("%s: got %+v, %v; want %s", repo, got, err, want)
		}
	}
	_, err := r.Resolve(context.Background(), "openstack/down", "")
	var re *names.ReadError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "503") {
		t.Errorf("a Gerrit failure must be a ReadError, not a silent basename: %v", err)
	}
	_, err = r.Resolve(context.Background(), "openstack/badname", "")
	var ie *names.InvalidError
	if !errors.As(err, &ie) || ie.Name != "a/b" {
		t.Errorf("want InvalidError, got %v", err)
	}
}

func TestBadRepoFiles(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{SrcRoot: "testdata/src"}
	_, err := r.Resolve(context.Background(), "openstack/hostile", "")
	var ie *names.InvalidError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), `"../../etc/passwd", which is not a valid PyPI project name`) {
		t.Errorf("got %v", err)
	}
	_, err = r.Resolve(context.Background(), "openstack/broken", "")
	var fe *names.FileError
	if !errors.As(err, &fe) || fe.Line != 2 || !strings.Contains(err.Error(), "broken/pyproject.toml:2: not valid TOML") {
		t.Errorf("a pyproject.toml the build cannot read must be refused at its line: %v", err)
	}
}

func TestSrcRootIsTheOpendevFolder(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{SrcRoot: "testdata/src/opendev.org"}
	got, err := r.Resolve(context.Background(), "openstack/modern", "")
	if err != nil || got.Name != "openstack-modern" {
		t.Errorf("got %+v, %v", got, err)
	}
}

// TestGuessesAndAlso: a declared name decides; the guesses that differ
// from it are listed to be looked up too; without a declared name the first
// guess decides, marked guessed.
func TestGuessesAndAlso(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{
		Overrides: map[string]string{"openstack/heat": "openstack-heat"},
		Releases:  "testdata/releases",
		SrcRoot:   "testdata/src",
	}
	cases := []struct {
		repo    string
		name    string
		source  names.Source
		guessed bool
		also    string // "name/source,..."
	}{
		{"openstack/heat", "openstack-heat", names.FromPolicy, false, "heat/basename"},
		{"openstack/keystoneauth", "keystoneauth1", names.FromTarballBase, true, "keystoneauth/basename"},
		{"openstack/py-heat", "py_heat", names.FromTarballBase, true, ""},
		{"openstack/modern", "openstack-modern", names.FromPyproject, false, "modern/basename"},
		{"openstack/xstatic-angular-smart-table", "XStatic-smart-table", names.FromSetupCfg, false, "xstatic-angular-smart-table/basename"},
		{"openstack/nova", "nova", names.FromBasename, true, ""},
		{"openstack/dupkeys", "later-name", names.FromReleases, false, "dupkeys/basename"},
	}
	for _, c := range cases {
		got, err := r.Resolve(context.Background(), c.repo, "")
		if err != nil {
			t.Errorf("%s: %v", c.repo, err)
			continue
		}
		var also []string
		for _, a := range got.Also {
			if !a.Guessed {
				t.Errorf("%s: %+v is not marked guessed", c.repo, a)
			}
			also = append(also, a.Name+"/"+string(a.Source))
		}
		if got.Name != c.name || got.Source != c.source || got.Guessed != c.guessed || strings.Join(also, ",") != c.also || got.Unknown != "" {
			t.Errorf("%s: got %+v; want %s from %s, guessed %v, also %q", c.repo, got, c.name, c.source, c.guessed, c.also)
		}
	}
}

// TestUnknownName: a name only code could set is never silently the
// basename: the basename is a guess, and Unknown says why.
func TestUnknownName(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{SrcRoot: "testdata/src"}
	for repo, why := range map[string]string{
		"openstack/setuppy-only": "setuppy-only/setup.py may set the name, and pypiguard does not run it",
		"openstack/hatch":        `builds with "hatchling.build" and declares no [project] name`,
	} {
		got, err := r.Resolve(context.Background(), repo, "")
		if err != nil || !got.Guessed || got.Source != names.FromBasename || !strings.Contains(got.Unknown, why) {
			t.Errorf("%s: got %+v, %v; want a guessed basename, unknown because %q", repo, got, err, why)
		}
	}
	g := fakeGerrit{"openstack/remote:setup.py": "import setuptools\nsetuptools.setup()\n"}
	got, err := (&names.Resolver{Gerrit: g}).Resolve(context.Background(), "openstack/remote", "")
	if err != nil || !got.Guessed || !strings.Contains(got.Unknown, "openstack/remote@master:setup.py may set the name") {
		t.Errorf("from Gerrit: got %+v, %v", got, err)
	}
}

// TestSetupCfgRefused: a setup.cfg the build refuses is refused with its
// file and line, from a checkout and from Gerrit.
func TestSetupCfgRefused(t *testing.T) {
	t.Parallel()
	_, err := (&names.Resolver{SrcRoot: "testdata/src"}).Resolve(context.Background(), "openstack/casedup", "")
	var fe *names.FileError
	if !errors.As(err, &fe) || fe.Line != 4 || !strings.Contains(err.Error(), `casedup/setup.cfg:4: option "name" of [metadata] is written twice, first on line 2`) {
		t.Errorf("got %v", err)
	}
	g := fakeGerrit{"openstack/r:setup.cfg": "[metadata]\nname = r\n[x]\ny = 100%\n"}
	_, err = (&names.Resolver{Gerrit: g}).Resolve(context.Background(), "openstack/r", "")
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "openstack/r@master:setup.cfg:4: option \"y\" of [x]: '%' must be followed by '%' or '('") {
		t.Errorf("got %v", err)
	}
}

// TestResolveRelease: a release request's own deliverable file comes first
// in the releases steps: its pypi-name beats the checkout's (and the repo's
// files), its tarball-base is the first guess; the policy still comes
// first, and without a word from the change the checkout decides as before.
func TestResolveRelease(t *testing.T) {
	t.Parallel()
	r := &names.Resolver{Overrides: map[string]string{"openstack/heat": "openstack-heat"}, Releases: "testdata/releases"}
	in := names.Release{PyPIName: "tempest-in-the-change", Where: "deliverables/2026.1/tempest.yaml"}
	res, err := r.ResolveRelease(context.Background(), "openstack/tempest", "tempest", in)
	if err != nil || res.Name != "tempest-in-the-change" || res.Source != names.FromReleases || res.Where != in.Where || res.Guessed {
		t.Errorf("pypi-name in the change: %+v, %v", res, err)
	}
	res, err = r.ResolveRelease(context.Background(), "openstack/tempest", "tempest", names.Release{})
	if err != nil || res.Name != "Tempest" || res.Source != names.FromReleases {
		t.Errorf("nothing in the change: %+v, %v; want the checkout's Tempest", res, err)
	}
	res, err = r.ResolveRelease(context.Background(), "openstack/heat", "heat", in)
	if err != nil || res.Name != "openstack-heat" || res.Source != names.FromPolicy {
		t.Errorf("the policy first: %+v, %v", res, err)
	}
	res, err = (&names.Resolver{}).ResolveRelease(context.Background(), "openstack/kettle", "kettle", names.Release{TarballBase: "kettle-tea", Where: "d.yaml"})
	if err != nil || res.Name != "kettle-tea" || res.Source != names.FromTarballBase || !res.Guessed || len(res.Also) != 1 || res.Also[0].Name != "kettle" {
		t.Errorf("tarball-base in the change: %+v, %v", res, err)
	}
	if _, err := (&names.Resolver{}).ResolveRelease(context.Background(), "openstack/kettle", "kettle", names.Release{PyPIName: "bad name!"}); err == nil {
		t.Error("an invalid pypi-name in the change was accepted")
	}
}
