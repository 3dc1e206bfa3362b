package fakepypi

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// actions returns "name: action" for the entries after serial.
func actions(s *Server, after int64) []string {
	var out []string
	for _, e := range s.Journal() {
		if e.Serial > after {
			out = append(out, e.Name+": "+e.Action)
		}
	}
	return out
}

// Every change to the world is written with warehouse's wording;
// organization changes write nothing.
func TestJournalRecordsChanges(t *testing.T) {
	t.Parallel()
	s := New(World{Projects: []Project{
		{Name: "b-lib", Roles: [][]string{{"Maintainer", "bob"}, {"Owner", "openstackci"}}},
		{Name: "A.Lib", Roles: [][]string{{"Owner", "openstackci"}}, NoReleases: true},
	}}, Options{})
	defer s.Close()
	want := []string{
		"A.Lib: create", "A.Lib: add Owner openstackci",
		"b-lib: create", "b-lib: add Owner openstackci", "b-lib: add Maintainer bob", "b-lib: new release", "b-lib: add source file b-lib-1.0.0.tar.gz",
	}
	if got := actions(s, 0); !slices.Equal(got, want) {
		t.Errorf("world history:\n%q\nwant\n%q", got, want)
	}
	last := s.LastSerial()
	s.SetProject(Project{Name: "b-lib", Roles: [][]string{{"Maintainer", "openstackci"}, {"Owner", "mallory"}}, Version: "2.0"})
	s.SetProject(Project{Name: "b-lib", Roles: [][]string{{"Maintainer", "openstackci"}, {"Owner", "mallory"}}, Version: "2.0", Organization: "evil"})
	if err := s.Invite("a.lib", "Maintainer", "carol"); err != nil {
		t.Fatal(err)
	}
	if err := s.AcceptInvite("A_LIB", "Carol"); err != nil {
		t.Fatal(err)
	}
	if err := s.AcceptInvite("A_LIB", "Carol"); err == nil {
		t.Error("an invitation accepted twice")
	}
	s.RemoveProject("B_Lib")
	want = []string{
		"b-lib: remove Maintainer bob", "b-lib: add Owner mallory", "b-lib: change Owner openstackci to Maintainer",
		"b-lib: new release", "b-lib: add source file b-lib-2.0.tar.gz",
		"A.Lib: invite Maintainer carol", "A.Lib: accepted Maintainer carol",
		"b-lib: remove project",
	}
	if got := actions(s, last); !slices.Equal(got, want) {
		t.Errorf("changes:\n%q\nwant\n%q", got, want)
	}
	if p, _ := s.project("a.lib"); len(p.Roles) != 2 {
		t.Errorf("the accepted invitation gave no role: %+v", p)
	}
}

// Serials rise, are global across projects, and have holes.
func TestJournalSerialsHaveHoles(t *testing.T) {
	t.Parallel()
	s := New(world, Options{})
	defer s.Close()
	s.Churn(20)
	s.SkipSerials(100)
	s.AddJournalEntry("x", "", "some new wording")
	j := s.Journal()
	holes := 0
	for i := 1; i < len(j); i++ {
		if j[i].Serial <= j[i-1].Serial {
			t.Fatalf("serial %d after %d", j[i].Serial, j[i-1].Serial)
		}
		if j[i].Serial > j[i-1].Serial+1 {
			holes++
		}
	}
	if holes < 3 || j[len(j)-1].Serial-j[len(j)-2].Serial <= 100 || j[0].Serial <= 1 {
		t.Errorf("%d holes in %d entries, first serial %d", holes, len(j), j[0].Serial)
	}
}

// changelog_since_serial pages as warehouse does, and its parameter is
// checked strictly.
func TestJournalOverXMLRPC(t *testing.T) {
	t.Parallel()
	s := start(t, Options{JournalPageSize: 3})
	j := s.Journal()
	_, body := rpc(t, s.URL+"/pypi", "text/xml", call("changelog_last_serial"))
	if !strings.Contains(body, "<int>"+itoa(s.LastSerial())+"</int>") {
		t.Errorf("last serial: %s", body)
	}
	_, body = rpc(t, s.URL+"/pypi", "text/xml", call("changelog_since_serial", "<int>"+itoa(j[0].Serial)+"</int>"))
	if n := strings.Count(body, "<array>") - 1; n != 3 || !strings.Contains(body, "<int>"+itoa(j[1].Serial)+"</int>") ||
		strings.Contains(body, "<int>"+itoa(j[0].Serial)+"</int>") {
		t.Errorf("%d entries: %s", n, body)
	}
	faults := map[string]string{
		call("changelog_since_serial", "<string>1</string>"):           "serial: Input should be a valid integer",
		call("changelog_since_serial", "1"):                            "serial: Input should be a valid integer",
		call("changelog_since_serial", "<boolean>1</boolean>"):         "serial: Input should be a valid integer",
		call("changelog_since_serial"):                                 "serial: Missing required argument",
		call("changelog_since_serial", "<int>1</int>", "<int>2</int>"): "1: Unexpected positional argument",
		call("changelog_last_serial", "<int>1</int>"):                  "0: Unexpected positional argument",
	}
	for req, msg := range faults {
		if _, body := rpc(t, s.URL+"/pypi", "text/xml", req); !strings.Contains(body, "client error; "+msg) {
			t.Errorf("%s: %s", req, body)
		}
	}
	empty := New(World{}, Options{})
	defer empty.Close()
	if _, body := rpc(t, empty.URL+"/pypi", "text/xml", call("changelog_last_serial")); !strings.Contains(body, "<nil/>") {
		t.Errorf("empty journal: %s", body)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// A journal page is byte for byte what Python's xmlrpc.client writes.
func TestJournalIsPythonsOutput(t *testing.T) {
	t.Parallel()
	program := `import json, xmlrpc.client as x
print(json.dumps([
  x.dumps(([("a<&>b", None, 1700000000, "create", 30000001), ("p", "1.0", 1700000001, "add source file p-1.0.tar.gz", 30000003)],), methodresponse=True, allow_none=True),
  x.dumps((30000003,), methodresponse=True, allow_none=True),
  x.dumps((None,), methodresponse=True, allow_none=True),
]))`
	out, err := exec.Command("/usr/bin/python3", "-c", program).Output()
	if err != nil {
		t.Fatalf("/usr/bin/python3: %v", err)
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	got := []string{
		string(dumpJournal([]JournalEntry{
			{Name: "a<&>b", Time: time.Unix(1700000000, 0), Action: "create", Serial: 30000001},
			{Name: "p", Version: "1.0", Time: time.Unix(1700000001, 0), Action: "add source file p-1.0.tar.gz", Serial: 30000003},
		})),
		string(dumpSerial(30000003)),
		string(dumpSerial(0)),
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got\n%q\nwant\n%q", got[i], want[i])
		}
	}
}
