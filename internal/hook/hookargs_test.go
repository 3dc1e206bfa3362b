package hook_test

import (
	"reflect"
	"slices"
	"testing"

	"opendev.org/openstack/pypiguard/internal/hook"
)

const sha = "5f2c4a3e1d0b9a8f7e6d5c4b3a29180f7e6d5c4b"

// plugin is the argument list of patchset-created, in the order the hooks
// plugin builds it.
func plugin() []string {
	return []string{
		"--change", "openstack%2Fgovernance~master~I8473b95934b5732ac55d26311a706c9c2bde9940",
		"--kind", "REWORK",
		"--change-url", "https://review.opendev.org/c/openstack/governance/+/912345",
		"--change-owner", `"Jane Doe <jane@example.org>"`,
		"--change-owner-username", "jane",
		"--project", "openstack/governance",
		"--branch", "master",
		"--topic", "",
		"--uploader", `"Jane Doe <jane@example.org>"`,
		"--uploader-username", "jane",
		"--commit", sha,
		"--patchset", "2",
	}
}

func TestParseThePluginsArguments(t *testing.T) {
	t.Parallel()
	got := hook.Parse(plugin())
	want := hook.Args{
		Change: "openstack%2Fgovernance~master~I8473b95934b5732ac55d26311a706c9c2bde9940", Kind: "REWORK",
		ChangeURL: "https://review.opendev.org/c/openstack/governance/+/912345", ChangeOwner: `"Jane Doe <jane@example.org>"`,
		ChangeOwnerUsername: "jane", Project: "openstack/governance", Branch: "master", Uploader: `"Jane Doe <jane@example.org>"`,
		UploaderUsername: "jane", Commit: sha, Patchset: "2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseIsLenient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		argv  []string
		check func(hook.Args) bool
	}{
		{"unknown flag and its value ignored", append(plugin(), "--submitter", "x", "--new-thing", "--commit", "--commit", "abc"),
			func(a hook.Args) bool {
				return a.Commit == "abc" && slices.Equal(a.Ignored, []string{"submitter", "new-thing"})
			}},
		{"repeated flag: last wins", append(plugin(), "--project", "openstack/project-config"),
			func(a hook.Args) bool { return a.Project == "openstack/project-config" }},
		{"missing value at the end", []string{"--project", "p", "--branch"},
			func(a hook.Args) bool { return a.Project == "p" && a.Branch == "" }},
		{"a value that looks like a known flag", []string{"--topic", "--project", "--project", "p"},
			func(a hook.Args) bool { return a.Topic == "--project" && a.Project == "p" }},
		{"a value that looks like an unknown flag", []string{"--topic", "--not-a-flag", "--project", "p"},
			func(a hook.Args) bool { return a.Topic == "--not-a-flag" && a.Project == "p" }},
		{"a value that looks like help", []string{"--topic", "--help", "--branch", "-h"},
			func(a hook.Args) bool { return a.Topic == "--help" && a.Branch == "-h" && !a.Help }},
		{"quotes and spaces kept", []string{"--change-owner", `"O'Brien, \"Pat\" <p@x>"`},
			func(a hook.Args) bool { return a.ChangeOwner == `"O'Brien, \"Pat\" <p@x>"` }},
		{"name=value", []string{"--hook-config=/etc/x.yaml", "--log-level=debug"},
			func(a hook.Args) bool { return a.HookConfig == "/etc/x.yaml" && a.LogLevel == "debug" }},
		{"stray words ignored", []string{"stray", "--project", "p", "-", "--"},
			func(a hook.Args) bool { return a.Project == "p" && len(a.Ignored) == 0 }},
		{"help", []string{"--project", "p", "--help"}, func(a hook.Args) bool { return a.Help && a.Project == "p" }},
		{"empty", nil, func(a hook.Args) bool { return reflect.DeepEqual(a, hook.Args{}) }},
	}
	for _, tc := range cases {
		if a := hook.Parse(tc.argv); !tc.check(a) {
			t.Errorf("%s: %+v", tc.name, a)
		}
	}
}

// TestTopicCannotHideTheChange: anyone can set a change's topic, and the
// plugin writes it after --change, --project and --branch. Read as flags,
// a topic "--project" blanked the project, and the hook skipped the vote.
func TestTopicCannotHideTheChange(t *testing.T) {
	t.Parallel()
	for _, topic := range []string{"--project", "--branch", "--change", "--change-url", "--project=x", "--help", "-h", "--"} {
		argv := plugin()
		argv[slices.Index(argv, "--topic")+1] = topic
		a := hook.Parse(argv)
		if a.Topic != topic || a.Project != "openstack/governance" || a.Branch != "master" || a.Help ||
			a.Change != "openstack%2Fgovernance~master~I8473b95934b5732ac55d26311a706c9c2bde9940" || a.Commit != sha {
			t.Errorf("topic %q: %+v", topic, a)
		}
	}
}

func TestChangeID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args   hook.Args
		id, nr string
	}{
		{hook.Args{Change: "openstack%2Fgovernance~1", Project: "openstack/governance"}, "openstack%2Fgovernance~1", ""},
		{hook.Args{Project: "openstack/governance", ChangeURL: "https://review.opendev.org/c/openstack/governance/+/912345/"}, "openstack/governance~912345", "912345"},
		{hook.Args{Project: "openstack/governance", ChangeURL: "https://review.opendev.org/c/openstack/governance/+/91x"}, "", ""},
		{hook.Args{Project: "openstack/governance", ChangeURL: "https://review.opendev.org/912345"}, "", ""},
		{hook.Args{ChangeURL: "https://review.opendev.org/c/openstack/governance/+/912345"}, "", "912345"},
	}
	for _, tc := range cases {
		if id, nr := tc.args.ChangeID(), tc.args.ChangeNumber(); id != tc.id || nr != tc.nr {
			t.Errorf("%+v: %q %q, want %q %q", tc.args, id, nr, tc.id, tc.nr)
		}
	}
}
