package policy

import (
	"testing"
	"time"
)

func TestExceptionStates(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	p := &Policy{File: "policy.yaml", Exceptions: []Exception{
		{Package: "gone-by", Expires: day("2026-11-24"), Line: 3},    // expired yesterday
		{Package: "last-day", Expires: day("2026-11-25"), Line: 4},   // valid today, ends within 30 days
		{Package: "Not_Used", Expires: day("2027-06-01"), Line: 5},   // no package of the audit
		{Package: "fine", Expires: day("2027-06-01"), Line: 6},       // used, far off: not listed
		{Package: "day-thirty", Expires: day("2026-12-25"), Line: 7}, // still valid on day 30
		{Package: "day-31", Expires: day("2026-12-24"), Line: 8},     // ends on day 29
		{Package: "unused-old", Expires: day("2020-01-01"), Line: 9}, // expired wins over unused
	}}
	got := p.ExceptionStates(day("2026-11-25"), []string{"gone-by", "LAST.DAY", "fine", "day-thirty", "day_31", "not-used-x"})
	want := map[string]string{"gone-by": "expired", "last-day": "expiring", "Not_Used": "unused", "day-31": "expiring", "unused-old": "expired"}
	if len(got) != len(want) {
		t.Errorf("got %d states %+v, want %d", len(got), got, len(want))
	}
	for _, s := range got {
		if want[s.Package] != s.State {
			t.Errorf("%s: state %q, want %q", s.Package, s.State, want[s.Package])
		}
		if s.File != "policy.yaml" || s.Line == 0 || s.Expires == "" {
			t.Errorf("%s: says %s:%d, expires %q: want where it is written", s.Package, s.File, s.Line, s.Expires)
		}
	}
}
