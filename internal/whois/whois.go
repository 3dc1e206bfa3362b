// Package whois collects what package identity needs to tell who an extra
// PyPI account is: the repo's core groups (package acl) and their members,
// Gerrit account queries, and PyPI user pages. Each group's members, each
// account query and each user page is asked once per run (a memo shared by
// every finding), and the questions of one account are asked together.
package whois

import (
	"context"
	"errors"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"opendev.org/openstack/pypiguard/internal/acl"
	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
)

// Gerrit is what whois asks Gerrit; *gerrit.Client has it.
type Gerrit interface {
	GroupMembers(ctx context.Context, group string) ([]gerrit.Account, error)
	AccountsByUsername(ctx context.Context, username string) ([]gerrit.Account, error)
	AccountsByName(ctx context.Context, name string) ([]gerrit.Account, error)
	AccountGroups(ctx context.Context, id int) ([]string, error)
}

// PyPI is what whois asks PyPI; *pypi.Client has it.
type PyPI interface {
	User(ctx context.Context, username string) (*pypi.User, error)
}

// Cores finds a project's core groups; *acl.Loader has it.
type Cores interface {
	CoreGroups(project string) (*acl.Core, error)
}

// ErrNoGerrit is every Gerrit answer when no Gerrit was given.
var ErrNoGerrit = errors.New("no Gerrit to ask (--gerrit-url)")

// errNoUser is a user page PyPI answered 404 for, though the user holds a
// role: the account was renamed or deleted meanwhile.
var errNoUser = errors.New("PyPI has no page for this user (HTTP 404): renamed or deleted since the roles were read?")

// Team is the team owning the repo, as projects.yaml names it.
type Team struct {
	Name    string
	Leaders []identity.Person // its PTL and liaisons (Leaders reads them)
}

// Whois answers identities. It is safe for concurrent use; make one per run.
type Whois struct {
	gerrit Gerrit // nil: every Gerrit question fails with ErrNoGerrit
	pypi   PyPI
	cores  Cores // nil: core groups unknown
	policy *policy.Policy

	members memo[string, []identity.GerritAccount]
	byUser  memo[string, []identity.GerritAccount]
	byName  memo[string, []identity.GerritAccount]
	groups  memo[int, []string]
	pages   memo[string, *pypi.User]
}

// New returns a Whois asking g (nil for none), p and cores, with the
// policy's accounts: map for the known ones.
func New(g Gerrit, p PyPI, cores Cores, pol *policy.Policy) *Whois {
	return &Whois{gerrit: g, pypi: p, cores: cores, policy: pol}
}

// users bounds the accounts of one finding looked up at once.
const users = 4

// Identify returns the identity of each of accounts (the extra accounts of
// repo's PyPI project, team owning it), in order. It never fails: what it
// could not ask makes an account unverified.
func (w *Whois) Identify(ctx context.Context, repo string, team Team, accounts []string) []identity.Result {
	groups, coreErr := w.coreGroups(repo)
	out := make([]identity.Result, len(accounts))
	var g errgroup.Group
	g.SetLimit(users)
	for i, u := range accounts {
		g.Go(func() error {
			out[i] = w.identify(ctx, u, team, groups, coreErr)
			return nil
		})
	}
	_ = g.Wait()
	return out
}

func (w *Whois) coreGroups(repo string) ([]string, error) {
	switch {
	case repo == "":
		return nil, nil // an orphan no governed repo maps to: no team, no core
	case w.cores == nil:
		return nil, errors.New("no project-config to read ACL files from (--project-config)")
	}
	c, err := w.cores.CoreGroups(repo)
	if err != nil {
		return nil, err
	}
	return c.Groups, nil
}

// identify asks, in one wave, the user page, the username query and the
// core groups' members; then, only when the username decided nothing, the
// name query and (when members could not be read) the found accounts'
// visible groups.
func (w *Whois) identify(ctx context.Context, user string, team Team, groups []string, coreErr error) identity.Result {
	in := identity.Input{User: user, Team: team.Name, Leaders: team.Leaders, CoreErr: coreErr}
	if w.policy != nil {
		in.Known = w.policy.Account(user)
	}
	if in.Known != nil {
		return identity.Classify(in)
	}
	w.firstWave(ctx, &in, groups)
	if r := identity.Classify(withoutName(in)); !r.Weak && (r.Identity == identity.Core || r.Identity == identity.Contributor) {
		return r
	}
	if in.DisplayName != "" {
		in.ByName.Accounts, in.ByName.Err = w.byName.get(normName(in.DisplayName), func() ([]identity.GerritAccount, error) {
			return w.ask(func(g Gerrit) ([]gerrit.Account, error) { return g.AccountsByName(ctx, in.DisplayName) })
		})
	}
	w.visible(ctx, &in)
	return identity.Classify(in)
}

// withoutName is in as if the user had no display name: what the username
// alone proves.
func withoutName(in identity.Input) identity.Input {
	in.DisplayName = ""
	return in
}

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (w *Whois) firstWave(ctx context.Context, in *identity.Input, groups []string) {
	var wg sync.WaitGroup
	wg.Add(2 + len(groups))
	go func() {
		defer wg.Done()
		in.DisplayName, in.PageErr = w.page(ctx, in.User)
	}()
	go func() {
		defer wg.Done()
		in.ByUsername.Accounts, in.ByUsername.Err = w.byUser.get(strings.ToLower(in.User), func() ([]identity.GerritAccount, error) {
			return w.ask(func(g Gerrit) ([]gerrit.Account, error) { return g.AccountsByUsername(ctx, in.User) })
		})
	}()
	in.Groups = make([]identity.Group, len(groups))
	for i, name := range groups {
		go func() {
			defer wg.Done()
			in.Groups[i].Name = name
			in.Groups[i].Members, in.Groups[i].Err = w.members.get(name, func() ([]identity.GerritAccount, error) {
				return w.ask(func(g Gerrit) ([]gerrit.Account, error) { return g.GroupMembers(ctx, name) })
			})
		}()
	}
	wg.Wait()
}

// page reads the user's display name.
func (w *Whois) page(ctx context.Context, user string) (string, error) {
	u, err := w.pages.get(strings.ToLower(user), func() (*pypi.User, error) { return w.pypi.User(ctx, user) })
	switch {
	case err != nil:
		return "", err
	case !u.Exists:
		return "", errNoUser
	}
	return u.DisplayName, nil
}

// ask calls Gerrit, or fails with ErrNoGerrit.
func (w *Whois) ask(f func(Gerrit) ([]gerrit.Account, error)) ([]identity.GerritAccount, error) {
	if w.gerrit == nil {
		return nil, ErrNoGerrit
	}
	got, err := f(w.gerrit)
	if err != nil {
		return nil, err
	}
	out := make([]identity.GerritAccount, len(got))
	for i, a := range got {
		out[i] = identity.GerritAccount{ID: a.ID, Username: a.Username, Name: a.Name, Email: a.Email}
	}
	return out, nil
}

// visible reads the groups of the accounts found when some core group's
// members could not be read: what an anonymous caller can prove.
func (w *Whois) visible(ctx context.Context, in *identity.Input) {
	hidden := false
	for _, g := range in.Groups {
		hidden = hidden || g.Err != nil
	}
	if !hidden || w.gerrit == nil {
		return
	}
	in.Visible = map[int]identity.Groups{}
	for _, a := range append(append([]identity.GerritAccount{}, in.ByUsername.Accounts...), in.ByName.Accounts...) {
		if _, done := in.Visible[a.ID]; done {
			continue
		}
		names, err := w.groups.get(a.ID, func() ([]string, error) { return w.gerrit.AccountGroups(ctx, a.ID) })
		in.Visible[a.ID] = identity.Groups{Names: names, Err: err}
	}
}
