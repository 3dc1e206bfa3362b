package pypi_test

import (
	"testing"

	"opendev.org/openstack/pypiguard/internal/pypi"
)

// Every wording warehouse writes (pypi/warehouse at 6b62157; see action.go
// for the files), and some it does not.
func TestClassify(t *testing.T) {
	t.Parallel()
	cases := []struct {
		action string
		want   pypi.Change
		alert  bool
		check  bool
	}{
		{"add Owner openstackci", pypi.Change{Kind: pypi.RoleAdded, Role: "Owner", Account: "openstackci"}, true, true},
		{"add Maintainer login.launchpad.net_154", pypi.Change{Kind: pypi.RoleAdded, Role: "Maintainer", Account: "login.launchpad.net_154"}, true, true},
		{"accepted Maintainer mallory", pypi.Change{Kind: pypi.RoleAdded, Role: "Maintainer", Account: "mallory"}, true, true},
		{"add Owner Release Team", pypi.Change{Kind: pypi.RoleAdded, Role: "Owner", Account: "Release Team"}, true, true},
		{"change Maintainer bob to Owner", pypi.Change{Kind: pypi.RolePromoted, Role: "Maintainer", NewRole: "Owner", Account: "bob"}, true, true},
		{"change Owner bob to Maintainer", pypi.Change{Kind: pypi.RoleDemoted, Role: "Owner", NewRole: "Maintainer", Account: "bob"}, false, true},
		{"change Owner Team to Owner to Maintainer", pypi.Change{Kind: pypi.RoleDemoted, Role: "Owner", NewRole: "Maintainer", Account: "Team to Owner"}, false, true},
		{"change Owner bob to Owner", pypi.Change{Kind: pypi.RoleChanged, Role: "Owner", NewRole: "Owner", Account: "bob"}, false, true},
		{"remove Owner alice", pypi.Change{Kind: pypi.RoleRemoved, Role: "Owner", Account: "alice"}, false, true},
		{"remove Maintainer Some Team", pypi.Change{Kind: pypi.RoleRemoved, Role: "Maintainer", Account: "Some Team"}, false, true},
		{"invite Maintainer carol", pypi.Change{Kind: pypi.RoleInvited, Role: "Maintainer", Account: "carol"}, false, false},
		{"revoke_invite Owner carol", pypi.Change{Kind: pypi.InviteRevoked, Role: "Owner", Account: "carol"}, false, false},
		{"create", pypi.Change{Kind: pypi.ProjectCreated}, false, true},
		{"remove project", pypi.Change{Kind: pypi.ProjectRemoved}, false, true},
		{"project quarantined", pypi.Change{Kind: pypi.ProjectQuarantined}, false, true},
		{"project quarantine cleared", pypi.Change{Kind: pypi.ProjectUnquarantined}, false, true},
		{"new release", pypi.Change{Kind: pypi.ReleaseAdded}, false, false},
		{"remove release", pypi.Change{Kind: pypi.ReleaseRemoved}, false, false},
		{"yank release", pypi.Change{Kind: pypi.ReleaseYanked}, false, false},
		{"unyank release", pypi.Change{Kind: pypi.ReleaseUnyanked}, false, false},
		{"release quarantined", pypi.Change{Kind: pypi.ReleaseQuarantined}, false, false},
		{"release quarantine cleared", pypi.Change{Kind: pypi.ReleaseUnquarantined}, false, false},
		{"add source file oslo.config-9.0.0.tar.gz", pypi.Change{Kind: pypi.FileAdded, File: "oslo.config-9.0.0.tar.gz"}, false, false},
		{"add py3 file oslo_config-9.0.0-py3-none-any.whl", pypi.Change{Kind: pypi.FileAdded, File: "oslo_config-9.0.0-py3-none-any.whl"}, false, false},
		{"remove file oslo.config-9.0.0.tar.gz", pypi.Change{Kind: pypi.FileRemoved, File: "oslo.config-9.0.0.tar.gz"}, false, false},
		// Not warehouse's: unknown, and so re-checked.
		{"add Admin bob", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"add Owner", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"add Owner ", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"change Owner bob", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"change Owner bob to Admin", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"add two words file x", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"remove file ", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"docupdate", pypi.Change{Kind: pypi.Unknown}, false, true},
		{"", pypi.Change{Kind: pypi.Unknown}, false, true},
	}
	for _, c := range cases {
		got := pypi.Classify(c.action)
		if got != c.want || got.Kind.Alert() != c.alert || got.Kind.Recheck() != c.check {
			t.Errorf("%q: %+v alert=%v recheck=%v, want %+v alert=%v recheck=%v",
				c.action, got, got.Kind.Alert(), got.Kind.Recheck(), c.want, c.alert, c.check)
		}
	}
	if !pypi.RoleInvited.Pending() || pypi.RoleAdded.Pending() {
		t.Error("only an invitation is pending")
	}
}
