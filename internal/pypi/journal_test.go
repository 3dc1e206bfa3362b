package pypi_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/naming"

	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// journalScene is a fake whose journal takes several pages of 4, with
// holes in its serials, and a client that knows that page size. mark is
// the serial before mallory was added to oslo.config.
func journalScene(t *testing.T) (s *fakepypi.Server, c *pypi.Client, mark int64) {
	t.Helper()
	s = newFake(t, fakepypi.Options{JournalPageSize: 4})
	s.Churn(7)
	s.SkipSerials(50)
	mark = s.LastSerial()
	s.SetProject(fakepypi.Project{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}, {"Owner", "mallory"}}})
	return s, newClient(t, s, func(o *pypi.Options) { o.JournalPageSize = 4 }), mark
}

// fromFake is the fake's journal after since, as the client types it.
func fromFake(s *fakepypi.Server, since int64) []pypi.JournalEntry {
	var out []pypi.JournalEntry
	for _, e := range s.Journal() {
		if e.Serial > since {
			out = append(out, pypi.JournalEntry{Name: e.Name, Version: e.Version, Time: e.Time.UTC(), Action: e.Action, Serial: e.Serial})
		}
	}
	return out
}

func TestReadJournalPages(t *testing.T) {
	t.Parallel()
	s, c, mark := journalScene(t)
	ctx := context.Background()
	last, err := c.LastSerial(ctx)
	if err != nil || last != s.LastSerial() {
		t.Fatalf("last serial %d, %v; want %d", last, err, s.LastSerial())
	}
	all := s.Journal()
	since := all[2].Serial
	want := fromFake(s, since)
	for _, upTo := range []int64{last, 0} {
		s.ResetCounts()
		j, err := c.ReadJournal(ctx, since, upTo, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Announced: pages until the last serial is seen. Not announced:
		// until a short page, which may be an empty one.
		pages := (len(want) + 3) / 4
		if upTo == 0 {
			pages = len(want)/4 + 1
		}
		if !slices.Equal(j.Entries, want) || j.Last != last || j.Read != len(want) || j.Pages != pages || s.Counts().XMLRPC != pages {
			t.Errorf("upTo %d: %d entries to %d in %d pages (%d calls); want %d to %d in %d pages",
				upTo, len(j.Entries), j.Last, j.Pages, s.Counts().XMLRPC, len(want), last, pages)
		}
	}
	// The filter keeps what the caller asks for; the changes are warehouse's.
	j, err := c.ReadJournal(ctx, mark, last, func(e pypi.JournalEntry) bool { return naming.Normalize(e.Name) == "oslo-config" })
	if err != nil {
		t.Fatal(err)
	}
	var alerts []string
	for _, e := range j.Entries {
		if e.Change().Kind.Alert() {
			alerts = append(alerts, e.Action)
		}
	}
	if !slices.Equal(alerts, []string{"add Owner mallory"}) || j.Read != len(fromFake(s, mark)) {
		t.Errorf("alerts %q from %d entries read", alerts, j.Read)
	}
	// Nothing new: one page, empty.
	if j, err := c.ReadJournal(ctx, last, last, nil); err != nil || j.Pages != 0 || len(j.Entries) != 0 {
		t.Errorf("nothing new: %+v, %v", j, err)
	}
}

// A page that cannot be read after retries, a malformed page, or a
// journal ending before the announced serial: the journal could not be
// read whole, and nothing read is returned.
func TestReadJournalIncomplete(t *testing.T) {
	t.Parallel()
	cases := map[string]func(s *fakepypi.Server) int64{
		"a broken page": func(s *fakepypi.Server) int64 {
			s.Fail(fakepypi.KindXMLRPC, 1, fakepypi.Failure{Mode: fakepypi.FailSlow}) // the first page is answered
			s.Fail(fakepypi.KindXMLRPC, -1, fakepypi.Failure{Mode: fakepypi.FailMalformed})
			return s.LastSerial()
		},
		"a page that keeps failing": func(s *fakepypi.Server) int64 {
			s.Fail(fakepypi.KindXMLRPC, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
			return s.LastSerial()
		},
		"a journal that ends early": func(s *fakepypi.Server) int64 { return s.LastSerial() + 10 },
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, c, _ := journalScene(t)
			upTo := breakIt(s)
			j, err := c.ReadJournal(context.Background(), 0, upTo, nil)
			if j != nil || !errors.Is(err, pypi.ErrJournalIncomplete) || !strings.HasPrefix(err.Error(), "pypi: the journal could not be read whole: since serial 0, ") {
				t.Errorf("got %+v, %v", j, err)
			}
			if name == "a broken page" && !strings.Contains(err.Error(), ", 1 pages read up to serial ") {
				t.Errorf("not the second page: %v", err)
			}
		})
	}
	_, c, _ := journalScene(t)
	if _, err := c.ReadJournal(context.Background(), 99_000_000, 30_000_100, nil); !errors.Is(err, pypi.ErrJournalIncomplete) || !strings.Contains(err.Error(), "another index") {
		t.Errorf("a serial past PyPI's: %v", err)
	}
}
