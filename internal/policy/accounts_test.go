package policy_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/policy"
)

func TestAccounts(t *testing.T) {
	t.Parallel()
	p, err := policy.Parse("p.yaml", []byte(`owner: openstackci
accounts:
  JDoe:
    name: Jane Doe
    gerrit: jdoe
    note: former PTL
    link: https://example.org/decision
  bob.smith:
    name: Bob Smith
    gerrit: 12345
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []policy.Account{
		{User: "JDoe", Name: "Jane Doe", Gerrit: "jdoe", Note: "former PTL", Link: "https://example.org/decision", Line: 3},
		{User: "bob.smith", Name: "Bob Smith", Gerrit: "12345", Line: 8},
	}
	if !reflect.DeepEqual(p.Accounts, want) {
		t.Errorf("Accounts = %+v", p.Accounts)
	}
	if a := p.Account("jdoe"); a == nil || a.Name != "Jane Doe" {
		t.Errorf("Account(jdoe) = %+v, want Jane Doe's: PyPI usernames ignore case", a)
	}
	if a := p.Account("j-doe"); a != nil {
		t.Errorf("Account(j-doe) = %+v, want none: usernames are not normalised like project names", a)
	}
}

func TestAccountsListEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := policy.Parse("p.yaml", []byte(`owner: openstackci
accounts:
  jdoe:
    name: Jane Doe
    colour: blue
  JDOE:
    name: Jane again
  "not a user!":
    name: X
  alice:
    gerrit: "bad name"
    link: ftp://x
  bob:
    name: [Bob]
  carol: Carol
`))
	var pe *policy.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want *policy.Error, got %v", err)
	}
	want := []string{
		`p.yaml:5: accounts: jdoe: unknown key "colour"`,
		`p.yaml:6: accounts: JDOE is listed twice (also on line 3`,
		`p.yaml:8: accounts: "not a user!" is not a PyPI username`,
		`p.yaml:11: accounts: alice: gerrit "bad name" is not a Gerrit username`,
		`p.yaml:11: accounts: alice: name is required`,
		`p.yaml:12: accounts: alice: link "ftp://x" is not an http(s) URL`,
		`p.yaml:14: accounts: bob: name`,
		`p.yaml:15: accounts: carol`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in:\n%s", w, msg)
		}
	}
	if len(pe.Problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(pe.Problems), len(want), msg)
	}
}
