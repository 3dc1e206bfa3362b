package pypi_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

var t0 = time.Date(2023, 3, 1, 10, 0, 0, 0, time.UTC)

// The JSON API's releases map is kept from the same answer as the roles:
// one request, every version and file with its upload time, files oldest
// first.
func TestReleasesFromJSON(t *testing.T) {
	t.Parallel()
	late := t0.Add(200*24*time.Hour + 123456*time.Microsecond)
	s := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}},
		Releases: []fakepypi.Release{
			{Version: "9.0.0", Files: []fakepypi.File{
				{Filename: "oslo_config-9.0.0-py3-none-any.whl", PackageType: "bdist_wheel", Uploaded: late},
				{Filename: "oslo.config-9.0.0.tar.gz", PackageType: "sdist", Uploaded: t0}}},
			{Version: "10.0.0", Files: []fakepypi.File{}},
		}}}}, fakepypi.Options{})
	t.Cleanup(s.Close)
	c := newClient(t, s)
	o := ask(t, c, "oslo.config")
	want := []pypi.Release{
		{Version: "10.0.0", Files: []pypi.File{}},
		{Version: "9.0.0", Files: []pypi.File{
			{Filename: "oslo.config-9.0.0.tar.gz", PackageType: "sdist", Uploaded: t0},
			{Filename: "oslo_config-9.0.0-py3-none-any.whl", PackageType: "bdist_wheel", Uploaded: late}}},
	}
	if !o.ReleasesKnown || !reflect.DeepEqual(o.Releases, want) {
		t.Errorf("releases %v %+v\nwant %+v", o.ReleasesKnown, o.Releases, want)
	}
	if !o.Releases[1].FirstUpload().Equal(t0) {
		t.Errorf("first upload %v", o.Releases[1].FirstUpload())
	}
	checkStats(t, c, pypi.Stats{JSON: 1})
	// What a caller is given cannot change the cached answer.
	o.Releases[1].Files[0].Filename = "changed"
	if again := ask(t, c, "oslo.config"); again.Releases[1].Files[0].Filename != "oslo.config-9.0.0.tar.gz" {
		t.Error("the cached releases were changed through a caller's copy")
	}
}

// An older PyPI without the ownership key still gives its releases with
// the JSON document the client read first.
func TestReleasesFromOlderPyPI(t *testing.T) {
	t.Parallel()
	c := newClient(t, newFake(t, fakepypi.Options{NoOwnership: true}))
	o := ask(t, c, "Solo_Project")
	if !o.ReleasesKnown || len(o.Releases) != 1 || o.Releases[0].Version != "1.0.0" || !o.Releases[0].FirstUpload().Equal(fakepypi.DefaultUploaded) {
		t.Errorf("%+v", o)
	}
}

// A release whose version, filename or upload time PyPI could not have
// written is a malformed answer, never shown in a report.
func TestReleasesMalformed(t *testing.T) {
	t.Parallel()
	for name, rel := range map[string]string{
		"markup version": `{"<b>1</b>": []}`,
		"bad filename":   `{"1.0": [{"filename": "a\u001b[31m.tar.gz", "packagetype": "sdist", "upload_time_iso_8601": "2023-01-01T00:00:00Z"}]}`,
		"bad time":       `{"1.0": [{"filename": "a-1.0.tar.gz", "packagetype": "sdist", "upload_time_iso_8601": "yesterday"}]}`,
		"no time":        `{"1.0": [{"filename": "a-1.0.tar.gz", "packagetype": "sdist"}]}`,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain") // not retried
			w.Write([]byte(`{"info": {"name": "a"}, "ownership": {"roles": [{"role": "Owner", "user": "openstackci"}], "organization": null}, "releases": ` + rel + `}`))
		}))
		c, err := pypi.New(pypi.Options{BaseURL: srv.URL, MaxRetries: 1, BackoffBase: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Ownership(t.Context(), "a")
		if !errors.Is(err, pypi.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
		srv.Close()
	}
}

// A JSON document without the releases key leaves the releases unknown,
// never known to be none.
func TestReleasesUnknownWithoutTheKey(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"info": {"name": "a"}, "ownership": {"roles": [{"role": "Owner", "user": "openstackci"}], "organization": null}}`))
	}))
	t.Cleanup(srv.Close)
	c, err := pypi.New(pypi.Options{BaseURL: srv.URL, MaxRetries: 1, BackoffBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Ownership(t.Context(), "a")
	if err != nil || o.ReleasesKnown || o.Releases != nil {
		t.Errorf("%+v %v, want the releases unknown", o, err)
	}
}
