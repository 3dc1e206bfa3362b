package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// deadline is the --timeout of every run of the fault matrix: a run must end
// before it, whatever fails.
const deadline = 20 * time.Second

// allKinds are the kinds of PyPI request pypiguard may send.
var allKinds = []fakepypi.Kind{fakepypi.KindJSON, fakepypi.KindXMLRPC, fakepypi.KindSimple, fakepypi.KindHTML}

// failAll makes every request of every kind to p fail with f.
func failAll(p *fakepypi.Server, f fakepypi.Failure) {
	for _, k := range allKinds {
		p.Fail(k, -1, f)
	}
}

// TestFaultMatrix breaks PyPI, Gerrit and git in every way the issue names,
// on a dirty change checked through Gerrit with --post. For each: the exit
// code, the message, no vote or comment posted on what failed (a message
// saying PyPI could not be asked is fine), nothing claimed as a violation
// that could not be verified, and the run ends within its deadline.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	pypiFault := func(kinds []fakepypi.Kind, f fakepypi.Failure) func(*gerritScene) {
		return func(s *gerritScene) {
			for _, k := range kinds {
				s.pypi.Fail(k, -1, f)
			}
		}
	}
	json := []fakepypi.Kind{fakepypi.KindJSON}
	cases := []struct {
		name   string
		break_ func(*gerritScene)
		opts   fakegerrit.Options
		args   []string
		code   int
		says   string
		posted bool // a review without a vote (unverified) is posted
	}{
		{"PyPI times out", pypiFault(json, fakepypi.Failure{Mode: fakepypi.FailSlow, Delay: time.Minute}), fakegerrit.Options{}, []string{"--pypi-timeout", "300ms"}, 3, "no answer within 300ms", true},
		{"PyPI slower than the whole run's deadline", pypiFault(json, fakepypi.Failure{Mode: fakepypi.FailSlow, Delay: time.Minute}), fakegerrit.Options{}, []string{"--timeout", "2s"}, 3, "gave up after --timeout 2s", false},
		{"PyPI resets connections", pypiFault(allKinds, fakepypi.Failure{Mode: fakepypi.FailReset}), fakegerrit.Options{}, nil, 3, "could not be asked", true},
		{"PyPI 500", pypiFault(allKinds, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 500}), fakegerrit.Options{}, nil, 3, "500", true},
		{"PyPI 502", pypiFault(allKinds, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 502}), fakegerrit.Options{}, nil, 3, "502", true},
		{"PyPI 503", pypiFault(allKinds, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503}), fakegerrit.Options{}, nil, 3, "503", true},
		{"PyPI throttling that never lifts", func(s *gerritScene) {
			s.pypi.SetProject(fakepypi.Project{Name: "xstatic-tv4", NoReleases: true, Roles: [][]string{{"Owner", "mallory"}}})
			s.pypi.SetThrottle(fakepypi.Throttle{Forever: true, Window: 100 * time.Millisecond})
		}, fakegerrit.Options{}, []string{"--pypi-rate", "50", "--timeout", "4s"}, 3, "rate limited by PyPI", true}, // throttling is retried until the deadline
		{"truncated JSON", pypiFault(json, fakepypi.Failure{Mode: fakepypi.FailTruncate}), fakegerrit.Options{}, nil, 3, "could not be asked", true},
		{"malformed JSON", pypiFault(json, fakepypi.Failure{Mode: fakepypi.FailMalformed}), fakegerrit.Options{}, nil, 3, "malformed answer", true},
		{"malformed XML", func(s *gerritScene) {
			s.pypi.SetProject(fakepypi.Project{Name: "xstatic-tv4", NoReleases: true, Roles: [][]string{{"Owner", "mallory"}}})
			s.pypi.Fail(fakepypi.KindXMLRPC, -1, fakepypi.Failure{Mode: fakepypi.FailMalformed})
		}, fakegerrit.Options{}, nil, 3, "malformed answer", true},
		{"a 301 loop", pypiFault(json, fakepypi.Failure{Mode: fakepypi.FailRedirectLoop}), fakegerrit.Options{}, nil, 3, "redirect loop", true},
		{"a huge body", pypiFault(json, fakepypi.Failure{Mode: fakepypi.FailHuge}), fakegerrit.Options{}, nil, 3, "answer too large", true},
		{"Gerrit 401", func(s *gerritScene) { s.gerrit.FailReviews(401) }, fakegerrit.Options{}, nil, 2, "401", false},
		{"Gerrit 403", func(s *gerritScene) { s.gerrit.FailReviews(403) }, fakegerrit.Options{}, nil, 2, "403", false},
		{"Gerrit 409", func(s *gerritScene) { s.gerrit.FailReviews(409) }, fakegerrit.Options{}, nil, 2, "409", false},
		{"Gerrit 500", func(s *gerritScene) { s.gerrit.Fail(500, 500, 500, 500, 500, 500) }, fakegerrit.Options{}, []string{"--gerrit-retries", "1"}, 3, "HTTP 500", false},
		{"Gerrit slow", nil, fakegerrit.Options{Latency: time.Minute}, []string{"--gerrit-timeout", "300ms", "--gerrit-retries", "1"}, 3, "no answer within 300ms (--gerrit-timeout)", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newGerritScene(t, tc.opts)
			if tc.break_ != nil {
				tc.break_(s)
			}
			args := append([]string{"--change", "1001", "--revision", s.dirty, "--post", "--timeout", deadline.String(), "--pypi-retries", "1"}, tc.args...)
			res := s.check(t, botEnv(), args...)
			if res.Code != tc.code || !strings.Contains(res.Stdout+res.Stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q:\nstdout: %.1500s\nstderr: %.1500s", res.Code, tc.code, tc.says, res.Stdout, res.Stderr)
			}
			if res.Wall > deadline+5*time.Second {
				t.Errorf("ran %s, past its deadline of %s", res.Wall, deadline)
			}
			for _, rv := range s.gerrit.Reviews() {
				if rv.Input.Labels != nil || len(rv.Input.Comments) != 0 {
					t.Errorf("posted a vote or comments on what could not be verified: %+v", rv.Input)
				}
			}
			if got := len(s.gerrit.Reviews()) > 0; got != tc.posted {
				t.Errorf("a review was posted: %v, want %v", got, tc.posted)
			}
			if tc.code == 3 && strings.Contains(res.Stdout, "[FAIL]") {
				t.Errorf("claimed a violation it could not verify:\n%s", res.Stdout)
			}
			noSecret(t, res.Stdout, res.Stderr)
		})
	}
}

// TestGitFaults: git missing, or a revision it does not know.
func TestGitFaults(t *testing.T) {
	t.Parallel()
	repo := governanceRepo(t, checkBase, addDeliverable("xstatic-tv4", ""))
	pypi := fakepypi.New(world(), fakepypi.Options{})
	defer pypi.Close()
	// A PATH holding only the binary's folder: no git.
	noGit := t.TempDir()
	bin := fixture.Binary(t)
	if err := os.Symlink(bin, filepath.Join(noGit, "pypiguard")); err != nil {
		t.Fatal(err)
	}
	res := fixture.Run(t, repo.Dir, []string{"PATH=" + noGit}, "check", "--pypi-url", pypi.URL)
	if res.Code != 3 || !strings.Contains(res.Stderr, "git is not installed or not on PATH") {
		t.Errorf("no git: exit %d\n%s", res.Code, res.Stderr)
	}
	res = fixture.Run(t, repo.Dir, nil, "check", "--pypi-url", pypi.URL, "--base", "deadbeef")
	if res.Code != 2 || !strings.Contains(res.Stderr, `revision "deadbeef" is not a commit`) {
		t.Errorf("bad revision: exit %d\n%s", res.Code, res.Stderr)
	}
	if n := pypi.Counts().Total(); n != 0 {
		t.Errorf("%d PyPI requests", n)
	}
}
