package gerrit_test

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/gerrit"
)

const changeKey = "I0123456789abcdef0123456789abcdef01234567"

func TestChangeIDEscapesOnce(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"912345":                                                    "912345",
		"openstack/governance~912345":                               "openstack%2Fgovernance~912345",
		"openstack%2Fgovernance~912345":                             "openstack%2Fgovernance~912345",
		"openstack%2fgovernance~912345":                             "openstack%2Fgovernance~912345",
		"openstack/governance~master~" + changeKey:                  "openstack%2Fgovernance~master~" + changeKey,
		"openstack%2Fgovernance~stable%2F2024.1~" + changeKey:       "openstack%2Fgovernance~stable%2F2024.1~" + changeKey,
		"openstack/governance~stable/2024.1~" + changeKey:           "openstack%2Fgovernance~stable%2F2024.1~" + changeKey,
		"openstack/governance~refs/heads/master~" + changeKey:       "openstack%2Fgovernance~master~" + changeKey,
		"x/project-config~1":                                        "x%2Fproject-config~1",
		"openstack%2Fgovernance~refs%2Fheads%2Fmaster~" + changeKey: "openstack%2Fgovernance~master~" + changeKey,
	} {
		got, err := gerrit.ChangeID(in)
		if err != nil || got != want {
			t.Errorf("ChangeID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestChangeIDRefusesWhatIsNotOne(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "0", "12a", "-1", "1 2", changeKey, // a bare Change-Id is ambiguous
		"openstack%252Fgovernance~1", // escaped twice
		"openstack/governance~abc", "../x~1", "openstack/gov ernance~1",
		"openstack/governance~master~Ixyz", "openstack/governance~master~1",
		"openstack/governance~mas ter~" + changeKey, "openstack/governance~a..b~" + changeKey,
		"a~b~c~d", "openstack/governance~1%zz",
	} {
		if got, err := gerrit.ChangeID(in); err == nil || !strings.Contains(err.Error(), "project~number") {
			t.Errorf("ChangeID(%q) = %q, %v; want an error that shows the accepted forms", in, got, err)
		}
	}
}

func TestRevisionWantsAFullSHA(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("ab", 20)
	if got, err := gerrit.Revision(strings.ToUpper(sha)); err != nil || got != sha {
		t.Errorf("Revision = %q, %v", got, err)
	}
	for _, in := range []string{"current", "2", sha[:12], sha + "a", "g" + sha[1:], ""} {
		if _, err := gerrit.Revision(in); err == nil || !strings.Contains(err.Error(), "full commit SHA") {
			t.Errorf("Revision(%q): %v", in, err)
		}
	}
}
