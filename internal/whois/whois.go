// Package whois collects what package identity needs to tell who an extra
// PyPI account is: the repo's core groups (package acl) and their members,
// Gerrit account queries, and PyPI user pages. Each group's members, each
// account query and each user page is asked once per run (a memo shared by
// every finding), and each question of an account starts as soon as its own
// input is known (ask.go), so that what the username decides costs one
// round trip.
package whois

import (
	"context"
	"errors"

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
	AccountGroupsByUsername(ctx context.Context, username string) ([]string, error)
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

	members    memo[string, []identity.GerritAccount]
	byUser     memo[string, []identity.GerritAccount]
	byName     memo[string, []identity.GerritAccount]
	groups     memo[int, []string]
	userGroups memo[string, []string] // by username, as asked
	pages      memo[string, *pypi.User]
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
