package gerrit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
)

// people is a fake Gerrit with ironic's core groups: ironic-core (hidden
// from all but the bot), which includes ironic-sub (visible to all), and a
// group the bot may not see.
func people(t *testing.T) *fakegerrit.Server {
	t.Helper()
	f := fakegerrit.New(fakegerrit.Options{})
	t.Cleanup(f.Close)
	f.AddAccount(fakegerrit.Account{Username: "bot", Password: secret, ID: 1})
	f.AddAccount(fakegerrit.Account{Username: "jdoe", ID: 1001, Name: "Jane Doe", Email: "jane@example.org"})
	f.AddAccount(fakegerrit.Account{Username: "rpittau", ID: 1002, Name: "Riccardo Pittau"})
	f.AddAccount(fakegerrit.Account{Username: "someone", ID: 1003, Name: "Some One"})
	f.AddGroup(fakegerrit.Group{Name: "ironic-core", Members: []string{"jdoe"}, Includes: []string{"ironic-sub"}, Viewers: []string{"bot"}})
	f.AddGroup(fakegerrit.Group{Name: "ironic-sub", Members: []string{"rpittau", "jdoe"}, VisibleToAll: true})
	f.AddGroup(fakegerrit.Group{Name: "Project Bootstrappers", Members: []string{"someone"}})
	return f
}

func TestGroupMembers(t *testing.T) {
	t.Parallel()
	f := people(t)
	c := botClient(t, f, true)
	got, err := c.GroupMembers(context.Background(), "ironic-core")
	if err != nil {
		t.Fatal(err)
	}
	want := []gerrit.Account{{ID: 1001, Username: "jdoe", Name: "Jane Doe", Email: "jane@example.org"}, {ID: 1002, Username: "rpittau", Name: "Riccardo Pittau"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members = %+v, want %+v (the included group's, once each)", got, want)
	}
	// A name with a space is one escaped path segment; a hidden group
	// answers 404, which is "cannot see", never "no members".
	_, err = c.GroupMembers(context.Background(), "Project Bootstrappers")
	var cs *gerrit.CannotSeeError
	if !errors.As(err, &cs) || cs.Code != http.StatusNotFound || !errors.Is(err, gerrit.ErrCannotSee) {
		t.Errorf("hidden group: %v, want a CannotSeeError with 404", err)
	}
	noViolations(t, f)
}

func TestGroupMembersAnonymous(t *testing.T) {
	t.Parallel()
	f := people(t)
	_, err := botClient(t, f, false).GroupMembers(context.Background(), "ironic-sub")
	if !errors.Is(err, gerrit.ErrCannotSee) || !strings.Contains(err.Error(), "read-only account") {
		t.Errorf("anonymous: %v, want ErrCannotSee saying how to give credentials", err)
	}
	if n := len(f.Requests()); n != 0 {
		t.Errorf("%d requests sent; Gerrit refuses anonymous /groups/ reads, so none should be", n)
	}
	// The fake refuses them as Gerrit does.
	resp, err := http.Get(f.URL + "/groups/ironic-sub/members/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous /groups/: HTTP %d, want 403", resp.StatusCode)
	}
}

func TestAccountQueries(t *testing.T) {
	t.Parallel()
	f := people(t)
	c := botClient(t, f, false)
	ctx := context.Background()
	got, err := c.AccountsByUsername(ctx, "JDoe")
	if err != nil || len(got) != 1 || got[0].Name != "Jane Doe" || got[0].ID != 1001 {
		t.Errorf("by username: %+v, %v", got, err)
	}
	got, err = c.AccountsByName(ctx, `Jane "Doe`)
	if err != nil || len(got) != 1 || got[0].Username != "jdoe" {
		t.Errorf("by name: %+v, %v", got, err)
	}
	got, err = c.AccountsByUsername(ctx, "nobody")
	if err != nil || len(got) != 0 {
		t.Errorf("nobody: %+v, %v", got, err)
	}
	groups, err := c.AccountGroups(ctx, 1001)
	if err != nil || !reflect.DeepEqual(groups, []string{"ironic-sub"}) {
		t.Errorf("anonymous groups of jdoe: %q, %v; want only the group visible to all", groups, err)
	}
	groups, err = botClient(t, f, true).AccountGroups(ctx, 1001)
	if err != nil || !reflect.DeepEqual(groups, []string{"ironic-core", "ironic-sub"}) {
		t.Errorf("the bot's view of jdoe's groups: %q, %v", groups, err)
	}
	for _, r := range f.Requests() {
		if strings.HasPrefix(r.Path, "/accounts/?") && !strings.Contains(r.Path, "o=DETAILS") {
			t.Errorf("%s: account queries ask for DETAILS, or Gerrit shows only ids", r.Path)
		}
	}
	noViolations(t, f)
}

func TestAccountQueryFailureIsNotCannotSee(t *testing.T) {
	t.Parallel()
	f := people(t)
	f.Fail(503, 503, 503, 503, 503)
	_, err := botClient(t, f, true).AccountsByUsername(context.Background(), "jdoe")
	var ge *gerrit.Error
	if !errors.As(err, &ge) || ge.Code != 503 || ge.Attempts != 5 || errors.Is(err, gerrit.ErrCannotSee) {
		t.Errorf("err = %v, want Gerrit's 503 after 5 attempts", err)
	}
	f.Fail(503, 503, 503, 503, 503)
	_, err = botClient(t, f, true).GroupMembers(context.Background(), "ironic-core")
	if err == nil || errors.Is(err, gerrit.ErrCannotSee) {
		t.Errorf("Gerrit down: %v, want an error that is not ErrCannotSee", err)
	}
}

func TestAccountGroupsByUsername(t *testing.T) {
	t.Parallel()
	f := people(t)
	ctx := context.Background()
	c := botClient(t, f, false)
	groups, err := c.AccountGroupsByUsername(ctx, "jdoe")
	if err != nil || !reflect.DeepEqual(groups, []string{"ironic-sub"}) {
		t.Errorf("anonymous groups of jdoe by username: %q, %v; want those by id", groups, err)
	}
	if _, err := c.AccountGroupsByUsername(ctx, "nobody"); err == nil {
		t.Error("no account named nobody: want Gerrit's 404 as an error")
	}
	// What Gerrit would read as the caller, an account id, an email or a
	// full name is refused before any request.
	before := len(f.Requests())
	for _, u := range []string{"self", "me", "1001", "", "Jane Doe", "jane@example.org", "Jane (1001)", "a/b"} {
		if _, err := c.AccountGroupsByUsername(ctx, u); err == nil || !strings.Contains(err.Error(), "username alone") {
			t.Errorf("%q: %v, want a refusal", u, err)
		}
	}
	if n := len(f.Requests()) - before; n != 0 {
		t.Errorf("%d requests sent for refused usernames", n)
	}
	noViolations(t, f)
}

// The groups answer is read after Gerrit's magic prefix, and an answer
// that is not Gerrit's JSON is an error saying to check --gerrit-url.
func TestAccountGroupsReadsGerritJSON(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{")]}'\n[{\"name\":\"ironic-core\"}]\n": "[ironic-core]", "<html>a portal</html>": "--gerrit-url"} {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		c, err := gerrit.New(context.Background(), gerrit.Options{URL: hs.URL})
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.AccountGroups(context.Background(), 1001)
		if s := fmt.Sprint(got) + fmt.Sprint(err); !strings.Contains(s, want) {
			t.Errorf("%q: %v %v, want %s", body, got, err, want)
		}
		hs.Close()
	}
}
