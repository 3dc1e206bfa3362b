package policy_test

import (
	"strings"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/policy"
)

func TestReleaseHistory(t *testing.T) {
	t.Parallel()
	p, err := policy.Parse("p.yaml", []byte(`owner: openstackci
late-file-days: 30
release-history:
  - package: Python_NovaClient
    before: '2.6.0'
    reason: uploaded by hand before openstack/releases existed
    link: https://example.org/decision
`))
	if err != nil {
		t.Fatal(err)
	}
	h := p.HistoryFor("python-novaclient")
	if h == nil || h.Raw != "2.6.0" || h.Line != 4 || p.LateFileAfter() != 30*24*time.Hour {
		t.Errorf("%+v %v", h, p.LateFileAfter())
	}
	if d := policy.Default(); d.LateFileAfter() != 7*24*time.Hour || len(d.History) != 0 {
		t.Errorf("default: %v %v", d.LateFileAfter(), d.History)
	}
}

func TestReleaseHistoryRefused(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"late-file-days: 0":                                                      "late-file-days",
		"late-file-days: '7'":                                                    "late-file-days",
		"late-file-days: 017":                                                    "late-file-days",
		"release-history: {}":                                                    "write a list",
		"release-history: [{package: a, before: '1.0'}]":                         "reason is required",
		"release-history: [{package: a, before: 1.0, reason: r}]":                "not a quoted PEP 440",
		"release-history: [{package: a, before: 'x y', reason: r}]":              "not a quoted PEP 440",
		"release-history: [{package: a, before: '1', reason: r, extra: 1}]":      "unknown key",
		"release-history: [{package: a, before: '1', reason: r, link: ftp://x}]": "not an http",
		"release-history: [{package: a, before: '1', reason: r}, {package: A, before: '2', reason: r}]": "listed twice",
	} {
		_, err := policy.Parse("p.yaml", []byte("owner: openstackci\n"+in+"\n"))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}
