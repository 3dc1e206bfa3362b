package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// TestWatch polls the fake PyPI's journal through the binary: a missing
// state file starts at the current serial; an account added to a package
// openstackci holds is an alert (exit 1) in text and JSON, a removal and
// churn elsewhere are not; the state moves only after a poll that worked.
func TestWatch(t *testing.T) {
	t.Parallel()
	pypi := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{
		{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}}},
		{Name: "python-novaclient", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "oldcore"}}},
		{Name: "unrelated", Roles: [][]string{{"Owner", "someone"}}},
	}}, fakepypi.Options{})
	defer pypi.Close()
	state := filepath.Join(t.TempDir(), "watch.json")
	watch := func(more ...string) fixture.Result {
		return fixture.Run(t, t.TempDir(), nil, append([]string{"watch", "--state", state, "--pypi-url", pypi.URL, "--pypi-rate", "50", "--log-level", "error"}, more...)...)
	}
	res := watch()
	if res.Code != 0 || !strings.Contains(res.Stderr, "starting from PyPI's current serial") || readSerial(t, state) != pypi.LastSerial() {
		t.Fatalf("first poll: exit %d, state %d, want %d: %s", res.Code, readSerial(t, state), pypi.LastSerial(), res.Stderr)
	}
	pypi.Churn(100)
	pypi.SetProject(fakepypi.Project{Name: "unrelated", Roles: [][]string{{"Owner", "someone"}, {"Owner", "friend"}}})
	pypi.SetProject(fakepypi.Project{Name: "python-novaclient", Roles: [][]string{{"Owner", "openstackci"}}})
	pypi.ResetCounts()
	if res := watch(); res.Code != 0 || !strings.Contains(res.Stdout, `info  `) || !strings.Contains(res.Stdout, `python-novaclient: "remove Maintainer oldcore"`) || strings.Contains(res.Stdout, "unrelated") || strings.Contains(res.Stdout, "churn") {
		t.Errorf("a removal: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if c := pypi.Counts(); c.Total() != 2 {
		t.Errorf("a poll made %d requests (%+v), want 2: user_packages and one journal page", c.Total(), c)
	}
	if err := pypi.Invite("oslo.config", "Owner", "mallory"); err != nil {
		t.Fatal(err)
	}
	if err := pypi.AcceptInvite("oslo.config", "mallory"); err != nil {
		t.Fatal(err)
	}
	before := readSerial(t, state)
	pypi.Fail(fakepypi.KindXMLRPC, 100, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	if res := watch("--pypi-retries", "0"); res.Code != 3 || readSerial(t, state) != before {
		t.Errorf("PyPI down: exit %d, state %d (was %d): %s", res.Code, readSerial(t, state), before, res.Stderr)
	}
	pypi.ClearFailures()
	res = watch("--format", "json")
	var alerts []report.WatchEntry
	for _, line := range strings.Split(strings.TrimSpace(res.Stdout), "\n") {
		var e report.WatchEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if e.Alert {
			alerts = append(alerts, e)
		}
	}
	if res.Code != 1 || len(alerts) != 1 || alerts[0].Account != "mallory" || alerts[0].Role != "Owner" || alerts[0].Package != "oslo.config" || alerts[0].Why != "held" {
		t.Errorf("an account added: exit %d, alerts %+v\n%s", res.Code, alerts, res.Stdout)
	}
	if readSerial(t, state) != pypi.LastSerial() {
		t.Errorf("state %d, want %d", readSerial(t, state), pypi.LastSerial())
	}
	if res := watch("--format", "yaml"); res.Code != 2 {
		t.Errorf("--format yaml: exit %d", res.Code)
	}
	if err := os.WriteFile(state, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := watch(); res.Code != 2 || !strings.Contains(res.Stderr, "not a pypiguard watch state") {
		t.Errorf("a bad state file: exit %d: %s", res.Code, res.Stderr)
	}
}

// TestWatchInterval runs the watch as a service: it polls until SIGTERM,
// alerts as they come, and ends with a status line and exit 1.
func TestWatchInterval(t *testing.T) {
	t.Parallel()
	pypi := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}}}}}, fakepypi.Options{})
	defer pypi.Close()
	state := filepath.Join(t.TempDir(), "watch.json")
	cmd := exec.Command(fixture.Binary(t), "watch", "--state", state, "--interval", "1s", "--pypi-url", pypi.URL, "--pypi-rate", "50", "--log-level", "error")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	pypi.SetProject(fakepypi.Project{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "mallory"}}})
	time.Sleep(2 * time.Second)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != 1 || !strings.Contains(stdout.String(), "ALERT") || !strings.Contains(stdout.String(), "mallory can now upload as Maintainer") || !strings.Contains(stderr.String(), "1 alerts") {
		t.Errorf("exit %d (%v)\nstdout %s\nstderr %s", code, err, stdout.String(), stderr.String())
	}
}

func readSerial(t *testing.T, path string) int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var st struct{ Serial int64 }
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	return st.Serial
}
