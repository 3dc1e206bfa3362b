package main

import (
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestIdentitiesAddOneRoundTrip: a check of one package, through the
// binary, with both fakes at a fixed latency; the identities' requests (PyPI
// user pages, Gerrit accounts and groups) form one round trip when the
// usernames decide (issue 15: "a check of one package adds at most one
// round trip"), counted from the fakes' timelines. jdoe has a display name
// that need not be looked up; anonymously, horizon-core's members cannot be
// read, so jdoe's visible groups are asked too, by username, at once.
func TestIdentitiesAddOneRoundTrip(t *testing.T) {
	t.Parallel()
	const latency = 80 * time.Millisecond
	for _, tt := range []struct {
		name string
		env  []string
		want map[string]string
	}{
		{"anonymous", nil, map[string]string{stranger: "unknown", "jdoe": "unverified", "contrib": "unverified"}},
		{"with credentials", idBotEnv, map[string]string{stranger: "unknown", "jdoe": "core", "contrib": "contributor"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newIDSceneAt(t, latency, true, stranger, "jdoe", "contrib")
			s.pypi.SetUser(fakepypi.User{Username: "jdoe", DisplayName: "Jane Doe"})
			_, r := s.check(t, tt.env)
			if len(r.Findings) != 1 {
				t.Fatalf("%d findings, want ipa-lib's", len(r.Findings))
			}
			got := identities(r.Findings[0].Accounts)
			for u, id := range tt.want {
				if got[u] != id {
					t.Errorf("%s: %q, want %q", u, got[u], id)
				}
			}
			spans := s.identitySpans()
			n, log := fixture.Rounds(spans)
			if n != 1 {
				t.Errorf("identities took %d round trips, want 1:\n%s", n, log)
			}
			first, last := spans[0].Arrived, spans[0].Answered
			for _, sp := range spans {
				first, last = minTime(first, sp.Arrived), maxTime(last, sp.Answered)
			}
			t.Logf("%d identity requests in %d round trip(s), %s from the first arrival to the last answer (latency %s)",
				len(spans), n, last.Sub(first).Round(time.Millisecond), latency)
		})
	}
}

// identitySpans are the requests identities sent: PyPI user pages, Gerrit
// account queries and groups.
func (s *idScene) identitySpans() []fixture.Span {
	var out []fixture.Span
	for _, r := range s.pypi.Spans() {
		if strings.HasPrefix(r.Path, "/user/") {
			out = append(out, fixture.Span{What: "pypi " + r.Path, Arrived: r.Arrived, Answered: r.Answered})
		}
	}
	for _, r := range s.gerrit.Requests() {
		if strings.Contains(r.Path, "/accounts/") || strings.Contains(r.Path, "/groups/") {
			out = append(out, fixture.Span{What: "gerrit " + r.Path, Arrived: r.Arrived, Answered: r.Answered})
		}
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
