package gerrit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	gogerrit "github.com/andygrunwald/go-gerrit"
)

// Account is a Gerrit account as the REST API shows it: AccountInfo with
// the DETAILS option (Documentation/rest-api-accounts.txt, "AccountInfo").
// Fields the caller may not see are empty.
type Account struct {
	ID       int
	Username string
	Name     string // full name
	Email    string
	// Inactive is AccountInfo's inactive: Gerrit resolves an account id
	// other than a bare number only among active accounts.
	Inactive bool
}

func fromInfo(a gogerrit.AccountInfo) Account {
	return Account{ID: a.AccountID, Username: a.Username, Name: a.Name, Email: a.Email, Inactive: a.Inactive}
}

// ErrCannotSee is a group whose members the caller may not read: Gerrit
// refuses every /groups/ request of an anonymous caller (403, from
// GroupsCollection), and answers 404 for a group not visible to the caller
// (GroupControl.isVisible). Neither says anything about who is a member.
var ErrCannotSee = errors.New("cannot see the group's members")

// CannotSeeError is ErrCannotSee for one group.
type CannotSeeError struct {
	Group         string
	Code          int // 403 or 404; 0 when no request was sent (anonymous)
	Authenticated bool
}

func (e *CannotSeeError) Error() string {
	if !e.Authenticated {
		return fmt.Sprintf("gerrit: group %s: Gerrit shows group members only to signed-in accounts; give pypiguard a read-only account (GERRIT_USERNAME/GERRIT_HTTP_PASSWORD or --gerrit-credentials)", e.Group)
	}
	return fmt.Sprintf("gerrit: group %s: HTTP %d: the account may not see this group; make the group visible to all, or use an account that may see it", e.Group, e.Code)
}

func (e *CannotSeeError) Is(target error) bool { return target == ErrCannotSee }

// GroupMembers lists the members of group (its name, as in ACL files, or
// UUID), included groups resolved: GET /a/groups/{group-id}/members/?recursive
// (Documentation/rest-api-groups.txt, "List Group Members"; members of
// included groups the caller cannot see are left out by Gerrit). Without
// credentials no request is sent: Gerrit would answer 403.
func (c *Client) GroupMembers(ctx context.Context, group string) ([]Account, error) {
	if !c.Authenticated() {
		return nil, &CannotSeeError{Group: group}
	}
	var got *[]gogerrit.AccountInfo
	err := c.call(ctx, "list the members of group "+group, func() (*gogerrit.Response, error) {
		var resp *gogerrit.Response
		var err error
		got, resp, err = c.c.Groups.ListGroupMembers(ctx, url.PathEscape(group), &gogerrit.ListGroupMembersOptions{Recursive: true})
		return resp, err
	})
	var e *Error
	if errors.As(err, &e) && (e.Code == http.StatusForbidden || e.Code == http.StatusNotFound) {
		return nil, &CannotSeeError{Group: group, Code: e.Code, Authenticated: true}
	}
	if err != nil {
		return nil, err
	}
	return accounts(got), nil
}

func accounts(infos *[]gogerrit.AccountInfo) []Account {
	if infos == nil {
		return nil
	}
	out := make([]Account, 0, len(*infos))
	for _, a := range *infos {
		out = append(out, fromInfo(a))
	}
	return out
}

// maxQueried bounds the accounts a name query returns: a full name
// matches a handful of accounts at most.
const maxQueried = 50

// AccountsByUsername queries the accounts with this username (GET
// /accounts/?q=username:X&o=DETAILS; Documentation/rest-api-accounts.txt,
// "Query Account", and user-search-accounts.txt: username: compares without
// regard to case). Anonymous callers may ask, as far as the server's
// accounts.visibility lets them see accounts.
func (c *Client) AccountsByUsername(ctx context.Context, username string) ([]Account, error) {
	if username == "" || strings.ContainsAny(username, " \"\\") {
		return nil, fmt.Errorf("gerrit: %q is not a username to look up", username)
	}
	return c.queryAccounts(ctx, "username:"+username)
}

// AccountsByName queries the accounts whose full name holds the words of
// name (q=name:"..."): Gerrit matches prefixes of name parts, so the
// caller compares whole names. Quotes and backslashes, which Gerrit's query
// syntax would read, are dropped from name.
func (c *Client) AccountsByName(ctx context.Context, name string) ([]Account, error) {
	words := strings.Fields(strings.NewReplacer(`"`, " ", `\`, " ").Replace(name))
	if len(words) == 0 {
		return nil, fmt.Errorf("gerrit: %q is not a name to look up", name)
	}
	return c.queryAccounts(ctx, `name:"`+strings.Join(words, " ")+`"`)
}

func (c *Client) queryAccounts(ctx context.Context, q string) ([]Account, error) {
	opt := &gogerrit.QueryAccountOptions{
		QueryOptions:   gogerrit.QueryOptions{Query: []string{q}, Limit: maxQueried},
		AccountOptions: gogerrit.AccountOptions{AdditionalFields: []string{"DETAILS"}},
	}
	var got *[]gogerrit.AccountInfo
	err := c.call(ctx, "query accounts "+q, func() (*gogerrit.Response, error) {
		var resp *gogerrit.Response
		var err error
		got, resp, err = c.c.Accounts.QueryAccounts(ctx, opt)
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return accounts(got), nil
}

// AccountGroups lists the names of the groups account id is a member of, as
// far as the caller may see them: GET /accounts/{id}/groups/
// (Documentation/rest-api-accounts.txt, "List Groups"). Anonymously that is
// the groups visible to all: a group listed proves membership, a group
// missing proves nothing.
func (c *Client) AccountGroups(ctx context.Context, id int) ([]string, error) {
	return c.accountGroups(ctx, fmt.Sprintf("list the groups of account %d", id), strconv.Itoa(id))
}

// AccountGroupsByUsername is AccountGroups of the account whose username is
// username, asked without first querying its id: Gerrit's {account-id} may
// be "a user name" (rest-api-accounts.txt, "IDs"), so this can be sent at
// the same time as the username query.
//
// The answer is the groups of whatever account Gerrit resolves the string
// to, which is not always the account with this username: AccountResolver
// (java/com/google/gerrit/server/account/AccountResolver.java) tries self/me,
// a bare account id, "Name (id)", then the username (active accounts only),
// and only when no username matches goes on to emails, full names and a
// default search. So a caller may trust the answer for the account only
// when a username query found exactly one active account with exactly this
// username. Names Gerrit would read otherwise (self, me, digits only, and
// anything but letters, digits, '.', '_' and '-', which PyPI usernames are
// made of) are refused without a request.
func (c *Client) AccountGroupsByUsername(ctx context.Context, username string) ([]string, error) {
	if !usernameID(username) {
		return nil, fmt.Errorf("gerrit: %q cannot name an account by its username alone (self, me, digits only, or characters outside [A-Za-z0-9._-])", username)
	}
	return c.accountGroups(ctx, "list the groups of account "+username, url.PathEscape(username))
}

// usernameID reports whether Gerrit's AccountResolver reaches username
// through its username (or through nothing), never as self, an id or an
// email.
func usernameID(username string) bool {
	if username == "" || username == "self" || username == "me" {
		return false
	}
	digits := true
	for _, r := range username {
		switch {
		case r >= '0' && r <= '9':
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '.', r == '_', r == '-':
			digits = false
		default:
			return false
		}
	}
	return !digits
}

// accountGroups is List Groups of the account id (escaped already).
func (c *Client) accountGroups(ctx context.Context, op, id string) ([]string, error) {
	var groups []gogerrit.GroupInfo
	if err := c.getJSON(ctx, op, "accounts/"+id+"/groups/", &groups); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		names = append(names, g.Name)
	}
	return names, nil
}
