package fakegerrit

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Group is an internal Gerrit group. Its members are accounts (AddAccount)
// by username; Includes are other groups, by name, whose members count
// when members are listed recursively.
type Group struct {
	Name     string
	UUID     string // default: derived from the name
	Members  []string
	Includes []string
	// VisibleToAll is the group option visible_to_all. A group that is not
	// is seen only by Viewers (its owners), and answers 404 to anyone else,
	// as GroupControl.isVisible decides.
	VisibleToAll bool
	Viewers      []string
}

// AddGroup adds or replaces a group.
func (s *Server) AddGroup(g Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups == nil {
		s.groups = map[string]*Group{}
	}
	if g.UUID == "" {
		g.UUID = strings.Repeat("0", 8) + strings.ToLower(strings.ReplaceAll(g.Name, " ", "-"))
	}
	s.groups[g.Name] = &g
}

// visible reports whether account (a username, "" anonymous) may see g.
func (g *Group) visible(account string) bool {
	return g.VisibleToAll || account != "" && slices.Contains(g.Viewers, account)
}

// groupMembers is GET /groups/{id}/members/[?recursive]
// (rest-api-groups.txt "List Group Members"): 403 for anonymous callers
// (GroupsCollection: "Authentication required"), 404 for a group the
// caller may not see, members sorted by full name, email and id.
func (s *Server) groupMembers(c *call) {
	if c.account == "" {
		text(c.w, http.StatusForbidden, "Authentication required")
		return
	}
	s.mu.Lock()
	g := s.groupByID(c.vars[0])
	if g == nil || !g.visible(c.account) {
		s.mu.Unlock()
		notFound(c, c.vars[0])
		return
	}
	_, recursive := c.r.URL.Query()["recursive"]
	infos := s.memberInfos(g, c.account, recursive, map[string]bool{})
	s.mu.Unlock()
	slices.SortFunc(infos, func(a, b accountInfo) int {
		if a.Name != b.Name {
			return strings.Compare(a.Name, b.Name)
		}
		return a.ID - b.ID
	})
	writeJSON(c.w, infos)
}

// groupByID finds a group by name or UUID, as Gerrit's group-id does.
func (s *Server) groupByID(id string) *Group {
	for _, g := range s.groups {
		if g.Name == id || g.UUID == id {
			return g
		}
	}
	return nil
}

// memberInfos lists g's members once each; included groups the caller
// cannot see are left out, as ListMembers does.
func (s *Server) memberInfos(g *Group, caller string, recursive bool, seen map[string]bool) []accountInfo {
	var out []accountInfo
	for _, u := range g.Members {
		if a, ok := s.accounts[u]; ok && !seen[u] {
			seen[u] = true
			out = append(out, details(a))
		}
	}
	if !recursive {
		return out
	}
	for _, name := range g.Includes {
		if sub := s.groups[name]; sub != nil && sub.visible(caller) && !seen["group:"+name] {
			seen["group:"+name] = true
			out = append(out, s.memberInfos(sub, caller, true, seen)...)
		}
	}
	return out
}

// accountInfo is Gerrit's AccountInfo: _account_id always, the rest with
// DETAILS (rest-api-accounts.txt, "AccountInfo").
type accountInfo struct {
	ID       int    `json:"_account_id"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Username string `json:"username,omitempty"`
}

func details(a Account) accountInfo {
	return accountInfo{ID: a.ID, Name: a.Name, Email: a.Email, Username: a.Username}
}

// queryAccounts is GET /accounts/?q=...[&o=DETAILS][&n=N]
// (rest-api-accounts.txt "Query Account"), open to anonymous callers as with
// accounts.visibility = ALL. It knows username:X (compared without regard to
// case) and name:X or name:"X Y" (each word the start of a part of the full
// name).
func (s *Server) queryAccounts(c *call) {
	q := c.r.URL.Query()
	match, ok := accountQuery(q.Get("q"))
	if !ok {
		s.offSpec(c, http.StatusBadRequest, "query %q: the fake knows username:X and name:\"X Y\"", q.Get("q"))
		return
	}
	limit, _ := strconv.Atoi(q.Get("n"))
	detailed := slices.Contains(q["o"], "DETAILS")
	s.mu.Lock()
	var out []accountInfo
	for _, a := range s.accounts {
		if match(a) {
			out = append(out, accountInfo{ID: a.ID})
			if detailed {
				out[len(out)-1] = details(a)
			}
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b accountInfo) int { return a.ID - b.ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	writeJSON(c.w, out)
}

func accountQuery(q string) (func(Account) bool, bool) {
	if u, ok := strings.CutPrefix(q, "username:"); ok && u != "" {
		return func(a Account) bool { return strings.EqualFold(a.Username, u) }, true
	}
	n, ok := strings.CutPrefix(q, "name:")
	if !ok {
		return nil, false
	}
	words := strings.Fields(strings.ToLower(strings.Trim(n, `"`)))
	return func(a Account) bool {
		parts := strings.Fields(strings.ToLower(a.Name))
		for _, w := range words {
			if !slices.ContainsFunc(parts, func(p string) bool { return strings.HasPrefix(p, w) }) {
				return false
			}
		}
		return len(words) > 0
	}, true
}

// groupInfo is Gerrit's GroupInfo, as List Groups of an account shows it.
type groupInfo struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Options struct {
		VisibleToAll bool `json:"visible_to_all,omitempty"`
	} `json:"options"`
}

// accountGroups is GET /accounts/{account-id}/groups/: the groups the
// account is a direct or indirect member of that the caller may see.
func (s *Server) accountGroups(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	user := s.resolve(c.vars[0])
	if user == "" {
		notFound(c, c.vars[0])
		return
	}
	out := []groupInfo{}
	for _, g := range s.groups {
		if !g.visible(c.account) || !s.contains(g, user, map[string]bool{}) {
			continue
		}
		gi := groupInfo{ID: g.UUID, Name: g.Name}
		gi.Options.VisibleToAll = g.VisibleToAll
		out = append(out, gi)
	}
	slices.SortFunc(out, func(a, b groupInfo) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(c.w, out)
}

// contains reports whether user is in g or a group it includes.
func (s *Server) contains(g *Group, user string, seen map[string]bool) bool {
	if seen[g.Name] {
		return false
	}
	seen[g.Name] = true
	if slices.Contains(g.Members, user) {
		return true
	}
	for _, name := range g.Includes {
		if sub := s.groups[name]; sub != nil && s.contains(sub, user, seen) {
			return true
		}
	}
	return false
}

// resolve finds the account an {account-id} names, in the order of Gerrit's
// AccountResolver (java/com/google/gerrit/server/account/AccountResolver.java:
// searchers): a bare account id, then a username, then (no username
// matching) a full name held by exactly one account. Its username, or "".
func (s *Server) resolve(id string) string {
	var byName []string
	for _, a := range s.accounts {
		if strconv.Itoa(a.ID) == id {
			return a.Username
		}
		if a.Name == id {
			byName = append(byName, a.Username)
		}
	}
	if _, err := strconv.Atoi(id); err == nil {
		return ""
	}
	if a, ok := s.accounts[id]; ok {
		return a.Username
	}
	if len(byName) == 1 {
		return byName[0]
	}
	return ""
}
