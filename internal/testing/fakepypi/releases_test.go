package fakepypi

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

// The JSON API lists every release with its files and upload times as
// warehouse does, and a file added to an old release later is journalled
// as an upload: "add py3 file <filename>", no "new release".
func TestReleasesServedAndJournalled(t *testing.T) {
	t0 := time.Date(2023, 3, 1, 10, 0, 0, 0, time.UTC)
	sdist := File{Filename: "nova-27.0.0.tar.gz", PackageType: "sdist", Uploaded: t0}
	p := Project{Name: "nova", Roles: [][]string{{"Owner", "openstackci"}}, Releases: []Release{{Version: "27.0.0", Files: []File{sdist}}}}
	s := New(World{Projects: []Project{p}}, Options{})
	defer s.Close()
	wheel := File{Filename: "nova-27.0.0-py3-none-any.whl", PackageType: "bdist_wheel", Uploaded: t0.Add(90 * 24 * time.Hour).Add(5 * time.Microsecond)}
	p.Releases = []Release{{Version: "27.0.0", Files: []File{sdist, wheel}}}
	before := s.LastSerial()
	s.SetProject(p)
	var actions []string
	for _, e := range s.journalSince(before) {
		actions = append(actions, e.Version+" "+e.Action)
	}
	if !slices.Equal(actions, []string{"27.0.0 add py3 file nova-27.0.0-py3-none-any.whl"}) {
		t.Errorf("journal: %q", actions)
	}
	resp, err := http.Get(s.URL + "/pypi/nova/json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Releases map[string][]map[string]string `json:"releases"`
		URLs     []map[string]string            `json:"urls"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	files := doc.Releases["27.0.0"]
	if len(files) != 2 || len(doc.URLs) != 2 || files[0]["upload_time_iso_8601"] != "2023-03-01T10:00:00Z" ||
		files[1]["upload_time_iso_8601"] != "2023-05-30T10:00:00.000005Z" || files[1]["upload_time"] != "2023-05-30T10:00:00" || files[1]["packagetype"] != "bdist_wheel" {
		t.Errorf("releases: %+v", doc.Releases)
	}
}
