package pypi_test

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/naming"

	"opendev.org/openstack/pypiguard/internal/pypi"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"oslo.config":            "oslo-config",
		"Oslo_Config":            "oslo-config",
		"XStatic-smart-table":    "xstatic-smart-table",
		"a-_.-b":                 "a-b",
		"openstack_requirements": "openstack-requirements",
		"Tempest":                "tempest",
	} {
		if got := naming.Normalize(in); got != want {
			t.Errorf("naming.Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"a": true, "A1": true, "oslo.config": true, "x_y-z.0": true, strings.Repeat("a", 200): true,
		"": false, "-a": false, "a-": false, ".a": false, "a/b": false, "../x": false, "a%2Fb": false,
		"a b": false, "a\n": false, "é": false, strings.Repeat("a", 201): false,
		"\u212Aeystone": false, // KELVIN SIGN: would fold to "k"
		"\u017Fix":      false, // LATIN SMALL LETTER LONG S: would fold to "s"
	} {
		if got := naming.ValidPackage(name); got != want {
			t.Errorf("naming.ValidPackage(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNameErrorSaysWhy(t *testing.T) {
	t.Parallel()
	for name, why := range map[string]string{
		"../x":                   `it contains '/'`,
		"":                       "it is empty",
		"-x":                     "it starts or ends with",
		strings.Repeat("a", 300): "it is 300 characters long",
	} {
		err := error(&pypi.NameError{Name: name})
		msg := err.Error()
		if !strings.HasPrefix(msg, "pypi: ") || !strings.Contains(msg, why) || !strings.Contains(msg, "a valid one has only ASCII letters") {
			t.Errorf("%q: %s", name, msg)
		}
	}
}

func TestNewChecksTheBaseURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"ftp://pypi.org", "pypi.org", "https://", "https://u:p@pypi.org", "https://pypi.org/?x=1", "://"} {
		if _, err := pypi.New(pypi.Options{BaseURL: u}); err == nil || !strings.HasPrefix(err.Error(), "pypi: ") {
			t.Errorf("New(%q): got %v, want an error", u, err)
		}
	}
	for _, u := range []string{"", "https://pypi.org", "https://test.pypi.org/", "http://127.0.0.1:8080/mirror"} {
		if _, err := pypi.New(pypi.Options{BaseURL: u}); err != nil {
			t.Errorf("New(%q): %v", u, err)
		}
	}
	if _, err := pypi.New(pypi.Options{Concurrency: -1}); err == nil {
		t.Error("New accepted a negative concurrency")
	}
}
