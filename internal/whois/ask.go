package whois

import (
	"context"
	"strings"
	"sync"

	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/pypi"
)

// identify asks about one account. Every question whose input is the
// username starts at once (firstWave): the user page, the username query,
// the core groups' members and, as soon as the members prove unreadable
// (at once when anonymous: no request is sent), the visible groups of the
// account with this username. Only the name query waits: its input is the
// display name on the user page. It is asked only when it can change the
// answer: the page gave a name, and the username proved nothing (an
// account with this username decides before any display name does, see
// identity.Classify). So an identity the username decides costs one round
// trip; one that rests on a display name alone costs two, and, anonymously,
// three (the groups of the accounts found by name).
func (w *Whois) identify(ctx context.Context, user string, team Team, groups []string, coreErr error) identity.Result {
	in := identity.Input{User: user, Team: team.Name, Leaders: team.Leaders, CoreErr: coreErr}
	if w.policy != nil {
		in.Known = w.policy.Account(user)
	}
	if in.Known != nil {
		return identity.Classify(in)
	}
	visible := w.firstWave(ctx, &in, groups)
	adopt(&in, visible)
	if needsName(in) {
		in.ByName.Accounts, in.ByName.Err = w.byName.get(normName(in.DisplayName), func() ([]identity.GerritAccount, error) {
			return w.ask(func(g Gerrit) ([]gerrit.Account, error) { return g.AccountsByName(ctx, in.DisplayName) })
		})
	}
	w.visibleByID(ctx, &in)
	return identity.Classify(in)
}

// needsName says whether the name query can change in's answer: a display
// name to ask about, and no account with the username (which Classify puts
// before any display name), nor a strong answer without the name.
func needsName(in identity.Input) bool {
	if in.DisplayName == "" || len(in.SameUsername()) > 0 {
		return false
	}
	r := identity.Classify(withoutName(in))
	return r.Weak || (r.Identity != identity.Core && r.Identity != identity.Contributor)
}

// withoutName is in as if the user had no display name: what the username
// alone proves.
func withoutName(in identity.Input) identity.Input {
	in.DisplayName = ""
	return in
}

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// visibleGroups is the answer to GET /accounts/{username}/groups/, when it
// was asked.
type visibleGroups struct {
	asked bool
	names []string
	err   error
}

// firstWave asks every question whose input is the username, each at once.
func (w *Whois) firstWave(ctx context.Context, in *identity.Input, groups []string) visibleGroups {
	var wg, members sync.WaitGroup
	var visible visibleGroups
	wg.Add(3)
	members.Add(len(groups))
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
			defer members.Done()
			in.Groups[i].Name = name
			in.Groups[i].Members, in.Groups[i].Err = w.members.get(name, func() ([]identity.GerritAccount, error) {
				return w.ask(func(g Gerrit) ([]gerrit.Account, error) { return g.GroupMembers(ctx, name) })
			})
		}()
	}
	// The account's visible groups prove membership only where the
	// members could not be read: asked as soon as that is known.
	go func() {
		defer wg.Done()
		members.Wait()
		if hidden(in.Groups) && w.gerrit != nil {
			visible.asked = true
			visible.names, visible.err = w.userGroups.get(in.User, func() ([]string, error) {
				return w.gerrit.AccountGroupsByUsername(ctx, in.User)
			})
		}
	}()
	wg.Wait()
	return visible
}

// adopt gives the groups Gerrit listed for the username to the account of
// the username query, when that is the account Gerrit resolved: exactly one
// active account with exactly this username (gerrit.AccountGroupsByUsername
// says why). Otherwise visibleByID asks by id.
func adopt(in *identity.Input, v visibleGroups) {
	if !v.asked || v.err != nil {
		return
	}
	var exact []identity.GerritAccount
	for _, a := range in.ByUsername.Accounts {
		if a.Username == in.User {
			exact = append(exact, a)
		}
	}
	if len(exact) != 1 || exact[0].Inactive {
		return
	}
	in.Visible = map[int]identity.Groups{exact[0].ID: {Names: v.names}}
}

func hidden(groups []identity.Group) bool {
	for _, g := range groups {
		if g.Err != nil {
			return true
		}
	}
	return false
}

// visibleByID reads, by id, the groups of the accounts found (by username
// or by name) whose groups are not known yet, when some core group's
// members could not be read: what an anonymous caller can prove.
func (w *Whois) visibleByID(ctx context.Context, in *identity.Input) {
	if !hidden(in.Groups) || w.gerrit == nil {
		return
	}
	if in.Visible == nil {
		in.Visible = map[int]identity.Groups{}
	}
	var todo []int
	for _, a := range append(in.SameUsername(), in.ByName.Accounts...) {
		if _, done := in.Visible[a.ID]; !done {
			in.Visible[a.ID] = identity.Groups{}
			todo = append(todo, a.ID)
		}
	}
	got := make([]identity.Groups, len(todo))
	var wg sync.WaitGroup
	for i, id := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i].Names, got[i].Err = w.groups.get(id, func() ([]string, error) { return w.gerrit.AccountGroups(ctx, id) })
		}()
	}
	wg.Wait()
	for i, id := range todo {
		in.Visible[id] = got[i]
	}
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
		out[i] = identity.GerritAccount{ID: a.ID, Username: a.Username, Name: a.Name, Email: a.Email, Inactive: a.Inactive}
	}
	return out, nil
}
