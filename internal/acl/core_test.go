package acl_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/acl"
)

func mustParse(t *testing.T, name, text string) *acl.File {
	t.Helper()
	f, err := acl.Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

const metaConfig = `[access "refs/heads/*"]
	toggleWipState = group Registered Users
	label-Code-Review = -2..+2 group parent-core
[access "refs/*"]
	label-Code-Review = -2..+2 group all-refs-core
`

func TestCoreGroups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, child, parent string
		want                []string
	}{
		{"own and inherited add up", `[access]
	inheritFrom = openstack/meta-config
[access "refs/heads/*"]
	label-Code-Review = -2..+2 group ironic-core
	label-Code-Review = -2..+2 group ironic-reviewers
	label-Code-Review = -1..+1 group Registered Users
[access "refs/heads/stable/*"]
	label-Code-Review = -2..+2 group ironic-stable-maint
`, metaConfig, []string{"all-refs-core", "ironic-core", "ironic-reviewers", "parent-core"}},
		{"exclusive stops the parents and refs/*", `[access "refs/heads/*"]
	exclusiveGroupPermissions = abandon label-Code-Review
	label-Code-Review = -2..+2 group x-core
`, metaConfig, []string{"x-core"}},
		{"exclusive compares the permission without regard to case", `[access "refs/heads/*"]
	exclusiveGroupPermissions = label-code-review
	label-Code-Review = -2..+2 group x-core
`, metaConfig, []string{"x-core"}},
		{"an unknown permission name makes nothing exclusive", `[access "refs/heads/*"]
	exclusiveGroupPermissions = Label-Code-Review
	label-Code-Review = -2..+2 group x-core
`, metaConfig, []string{"all-refs-core", "parent-core", "x-core"}},
		{"Label- is not a label permission", `[access "refs/heads/*"]
	Label-Code-Review = -2..+2 group x-core
`, "", []string{}},
		{"the child's rule for a group hides the parent's", `[access "refs/heads/*"]
	label-Code-Review = -1..+1 group parent-core
`, metaConfig, []string{"all-refs-core"}},
		{"only +2 makes a core group", `[access "refs/heads/*"]
	label-Code-Review = -1..+1 group x-reviewers
	label-Code-Review = 0..+2 group x-approvers
	label-Code-Review = group x-nothing
`, "", []string{"x-approvers"}},
		{"deny grants nothing", `[access "refs/heads/*"]
	label-Code-Review = deny -2..+2 group x-core
`, "", []string{}},
		{"system groups are nobody's core", `[access "refs/heads/*"]
	label-Code-Review = -2..+2 group Registered Users
	label-Code-Review = -2..+2 group Change Owner
`, "", []string{}},
		{"a parent's block takes +2 away", `[access "refs/heads/*"]
	label-Code-Review = -2..+2 group x-core
`, `[access "refs/heads/*"]
	label-Code-Review = block -1..+1 group Registered Users
`, []string{}},
		{"a block is overridden in its own project", `[access "refs/heads/*"]
	label-Code-Review = block -1..+1 group Registered Users
	label-Code-Review = -2..+2 group x-core
`, "", []string{"x-core"}},
		{"a block leaves its range alone", `[access "refs/heads/*"]
	label-Code-Review = -2..+2 group x-core
`, `[access "refs/heads/*"]
	label-Code-Review = block -3..+3 group Registered Users
`, []string{"x-core"}},
		{"+force and quoted values", `[access "refs/heads/*"]
	label-Code-Review = "+force -2..+2 group x-core" ; comment
`, "", []string{"x-core"}},
		{"sections written twice are one", `[access "refs/heads/*"]
	exclusiveGroupPermissions = label-Code-Review
[access "refs/heads/*"]
	label-Code-Review = -2..+2 group x-core
`, metaConfig, []string{"x-core"}},
		{"subsections are case-sensitive", `[access "REFS/heads/*"]
	label-Code-Review = -2..+2 group x-core
[ACCESS "refs/heads/*"]
	label-Code-Review = -2..+2 group y-core
`, "", []string{"y-core"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain := []*acl.File{mustParse(t, "child.config", tt.child)}
			if tt.parent != "" {
				chain = append(chain, mustParse(t, "parent.config", tt.parent))
			}
			got, err := acl.CoreGroups(chain)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				got = []string{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CoreGroups = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCoreGroupsRefusesRegexSections(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "x.config", "[access \"^refs/heads/.*\"]\n\tlabel-Code-Review = -2..+2 group x-core\n")
	_, err := acl.CoreGroups([]*acl.File{f})
	var re *acl.RegexError
	if !errors.As(err, &re) || re.Line != 2 {
		t.Fatalf("err = %v, want a RegexError at line 2", err)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ text, want string }{
		{"[access]\n\tinheritFrom = a/b\n\tinheritFrom = c/d\n", "x.config:3: inheritFrom is set more than once"},
		{"[access \"refs/*\"\n", "x.config:1: bad section header"},
		{"[access \"refs/*\"]\n\tpush = \"group x\n", "x.config:2: unterminated quote"},
		{"[access \"refs/*\"]\n\tpush = group \\x\n", "bad escape"},
		{"[access \"refs/*\"]\n\tpush group x\n", "'=' or the end of the line"},
	} {
		_, err := acl.Parse("x.config", []byte(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tt.text, err, tt.want)
		}
	}
}

func TestParseWarnsOnRulesGerritSkips(t *testing.T) {
	t.Parallel()
	f := mustParse(t, "x.config", "[access \"refs/heads/*\"]\n\tlabel-Code-Review = +2..-2 group x\n\tlabel-Code-Review = -2..+2 nogroup\n\tlabel-Code-Review = -2..+2 group ok\n")
	if len(f.Warnings) != 2 || !strings.Contains(f.Warnings[0], "x.config:2") {
		t.Errorf("warnings = %q, want two, the first at line 2", f.Warnings)
	}
	got, _ := acl.CoreGroups([]*acl.File{f})
	if !reflect.DeepEqual(got, []string{"ok"}) {
		t.Errorf("CoreGroups = %q", got)
	}
}
