package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/cli"
	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

var rolesWorld = fakepypi.World{Projects: []fakepypi.Project{
	{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}, {"Maintainer", "bob"}}},
	{Name: "org-project", Roles: [][]string{{"Owner", "openstackci"}}, Organization: "openstack"},
	{Name: "unreleased", Roles: [][]string{{"Owner", "openstackci"}}, NoReleases: true},
}}

func fakePyPI(t *testing.T) *fakepypi.Server {
	t.Helper()
	s := fakepypi.New(rolesWorld, fakepypi.Options{})
	t.Cleanup(s.Close)
	return s
}

// runCLI runs pypiguard in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// rolesArgs are the arguments of a roles command against s, fast enough for
// tests.
func rolesArgs(s *fakepypi.Server, rest ...string) []string {
	return append([]string{"roles", "--pypi-url", s.URL, "--pypi-rate", "100", "--pypi-retries", "0"}, rest...)
}

func TestRolesText(t *testing.T) {
	t.Parallel()
	s := fakePyPI(t)
	code, stdout, stderr := runCLI(t, rolesArgs(s, "Oslo_Config", "org-project", "unreleased", "not-yet-there")...)
	want := `Oslo_Config: on PyPI as "oslo.config" (source: json)
  organization: none
  Owner       openstackci
  Maintainer  bob

org-project: on PyPI as "org-project" (source: json)
  organization: openstack (its owners and teams can upload too; PyPI does not list them)
  Owner       openstackci

unreleased: on PyPI (source: xmlrpc)
  organization: unknown (PyPI shows it only for projects with releases)
  Owner       openstackci

not-yet-there: not on PyPI (source: json); the first upload will create it
`
	if code != cli.ExitOK || stdout != want || stderr != "" {
		t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant:\n%s", code, stderr, stdout, want)
	}
}

func TestRolesJSON(t *testing.T) {
	t.Parallel()
	s := fakePyPI(t)
	code, stdout, _ := runCLI(t, rolesArgs(s, "--format", "json", "org-project", "not-yet-there")...)
	if code != cli.ExitOK {
		t.Fatalf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	want := []map[string]any{
		{"name": "org-project", "display_name": "org-project", "exists": true, "organization": "openstack", "organization_unknown": false, "source": "json", "error": nil,
			"roles": []any{map[string]any{"role": "Owner", "user": "openstackci"}}},
		{"name": "not-yet-there", "display_name": nil, "exists": false, "organization": nil, "organization_unknown": false, "source": "json", "error": nil, "roles": []any{}},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got  %s\nwant %s", gotJSON, wantJSON)
	}
}

// What PyPI could not answer is "could not verify", exit 3, with the rest
// still printed; never a project without collaborators.
func TestRolesUnverified(t *testing.T) {
	t.Parallel()
	s := fakePyPI(t)
	s.Fail(fakepypi.KindXMLRPC, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	code, stdout, _ := runCLI(t, rolesArgs(s, "oslo.config", "unreleased")...)
	if code != cli.ExitUnverified || !strings.Contains(stdout, `oslo.config: on PyPI as "oslo.config"`) ||
		!strings.Contains(stdout, `unreleased: could not verify: pypi: "unreleased": XML-RPC package_roles: HTTP 503 Service Unavailable; PyPI may be down`) {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
	code, stdout, _ = runCLI(t, rolesArgs(s, "--format", "json", "unreleased")...)
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != cli.ExitUnverified {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	if got[0]["roles"] != nil || got[0]["exists"] != nil || !strings.Contains(got[0]["error"].(string), "HTTP 503") {
		t.Errorf("an unverified name must have null roles and exists: %v", got[0])
	}
}

func TestRolesInvalidNameAsksNothing(t *testing.T) {
	t.Parallel()
	s := fakePyPI(t)
	code, stdout, stderr := runCLI(t, rolesArgs(s, "oslo.config", "../x", "a%2Fb")...)
	if code != cli.ExitUsage || stdout != "" || !strings.Contains(stderr, `"../x" is not a valid PyPI project name`) || !strings.Contains(stderr, `"a%2Fb"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if n := s.Counts().Total(); n != 0 {
		t.Errorf("the fake got %d requests, want none", n)
	}
}

func TestRolesBadUsage(t *testing.T) {
	t.Parallel()
	s := fakePyPI(t)
	for _, args := range [][]string{
		{"roles"},
		rolesArgs(s, "--format", "xml", "x"),
		rolesArgs(s, "--pypi-concurrency", "0", "x"),
		rolesArgs(s, "--pypi-rate", "0", "x"),
		rolesArgs(s, "--pypi-timeout", "-1s", "x"),
		rolesArgs(s, "--pypi-retries", "-1", "x"),
		{"roles", "--pypi-url", "ftp://example.org", "x"},
	} {
		if code, _, stderr := runCLI(t, args...); code != cli.ExitUsage || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
	if n := s.Counts().Total(); n != 0 {
		t.Errorf("the fake got %d requests, want none", n)
	}
}

func TestRolesIsListed(t *testing.T) {
	t.Parallel()
	if _, stdout, _ := runCLI(t, "--help"); !strings.Contains(stdout, "roles") {
		t.Errorf("roles is not in the help:\n%s", stdout)
	}
}

// TestRolesJSONBytes: the JSON is byte for byte what scripts read: keys in
// this order, null where unknown, "roles": [] when known to be empty, and
// the error of a name PyPI could not answer for.
func TestRolesJSONBytes(t *testing.T) {
	t.Parallel()
	s := fakePyPI(t)
	code, stdout, _ := runCLI(t, rolesArgs(s, "--format", "json", "Oslo_Config", "unreleased", "not-yet-there")...)
	want := `[
  {
    "name": "Oslo_Config",
    "display_name": "oslo.config",
    "exists": true,
    "roles": [
      {
        "role": "Owner",
        "user": "openstackci"
      },
      {
        "role": "Maintainer",
        "user": "bob"
      }
    ],
    "organization": null,
    "organization_unknown": false,
    "source": "json",
    "error": null
  },
  {
    "name": "unreleased",
    "display_name": null,
    "exists": true,
    "roles": [
      {
        "role": "Owner",
        "user": "openstackci"
      }
    ],
    "organization": null,
    "organization_unknown": true,
    "source": "xmlrpc",
    "error": null
  },
  {
    "name": "not-yet-there",
    "display_name": null,
    "exists": false,
    "roles": [],
    "organization": null,
    "organization_unknown": false,
    "source": "json",
    "error": null
  }
]
`
	if code != cli.ExitOK || stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", code, stdout, want)
	}
	s.Fail(fakepypi.KindXMLRPC, -1, fakepypi.Failure{Mode: fakepypi.FailStatus, Status: 503})
	code, stdout, _ = runCLI(t, rolesArgs(s, "--format", "json", "unreleased")...)
	want = `[
  {
    "name": "unreleased",
    "display_name": null,
    "exists": null,
    "roles": null,
    "organization": null,
    "organization_unknown": null,
    "source": null,
    "error": "pypi: \"unreleased\": XML-RPC package_roles: HTTP 503 Service Unavailable; PyPI may be down or slow; re-run later or raise --pypi-timeout"
  }
]
`
	if code != cli.ExitUnverified || stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", code, stdout, want)
	}
}
