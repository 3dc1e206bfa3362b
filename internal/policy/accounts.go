package policy

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// Account names the person behind a PyPI account, reviewed like an
// exception: the "known" identity (issue 15).
//
//	accounts:
//	  jdoe:
//	    name: Jane Doe
//	    gerrit: jdoe          # a Gerrit username, or a numeric account id
//	    note: former PTL, agreed to step down
//	    link: https://lists.openstack.org/...
type Account struct {
	User   string // the PyPI username, as written
	Name   string // who it is; required
	Gerrit string // Gerrit username or account id; "" when not given
	Note   string
	Link   string
	Line   int
}

// Account returns the policy's entry for PyPI user, compared as PyPI
// compares usernames, or nil.
func (p *Policy) Account(user string) *Account {
	for i := range p.Accounts {
		if naming.SameUser(p.Accounts[i].User, user) {
			return &p.Accounts[i]
		}
	}
	return nil
}

// gerritAccount is a Gerrit username (ExternalId's username rule: letters,
// digits, '.', '_', '-', '@') or a numeric account id.
var gerritAccount = regexp.MustCompile(`^[A-Za-z0-9._@-]{1,255}$`)

// accountMap reads the accounts: map. Every problem is reported with its line:
// unknown keys, users written twice in any case, bad values.
func (p *parser) accountMap(n *yaml.Node) []Account {
	var out []Account
	seen := map[string]int{}
	for _, kv := range p.fields(n, "accounts", keysOf(n)...) {
		key := strings.ToLower(kv.Key)
		if first, dup := seen[key]; dup {
			p.add(kv.KeyN, "accounts: %s is listed twice (also on line %d; PyPI usernames ignore case); keep one entry", kv.Key, first)
			continue
		}
		seen[key] = kv.KeyN.Line
		if a, ok := p.account(kv.KeyN, kv.Value); ok {
			out = append(out, a)
		}
	}
	return out
}

func (p *parser) account(key, n *yaml.Node) (Account, bool) {
	a := Account{User: key.Value, Line: key.Line}
	before := len(p.problems)
	if !naming.ValidUser(a.User) {
		p.add(key, "accounts: %q is not a PyPI username (letters, digits, '.', '_', '-', at most %d)", a.User, naming.MaxUserLen)
	}
	what := "accounts: " + a.User
	hasName := false
	for _, kv := range p.fields(n, what, "name", "gerrit", "note", "link") {
		hasName = hasName || kv.Key == "name"
		s, ok := p.str(kv.Value, what+": "+kv.Key)
		switch {
		case !ok:
		case kv.Key == "name":
			a.Name = s
		case kv.Key == "gerrit":
			if a.Gerrit = s; !gerritAccount.MatchString(s) {
				p.add(kv.Value, "%s: gerrit %q is not a Gerrit username or account id", what, s)
			}
		case kv.Key == "note":
			a.Note = s
		case kv.Key == "link":
			if a.Link = s; !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
				p.add(kv.Value, "%s: link %q is not an http(s) URL", what, s)
			}
		}
	}
	if !hasName && n.Kind == yaml.MappingNode {
		p.add(n, "%s: name is required: say who holds this PyPI account", what)
	} else if hasName && strings.TrimSpace(a.Name) == "" && len(p.problems) == before {
		p.add(n, "%s: name is empty: say who holds this PyPI account", what)
	}
	return a, len(p.problems) == before
}
