package governance

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// validTeamName reports whether s can be a team or SIG name: up to 100
// letters, digits, spaces and ._&()'- starting with a letter or digit. Names
// end up in URLs, Gerrit comments and HTML, so they are checked before
// anything else sees them; every real file satisfies this.
func validTeamName(s string) bool {
	if len(s) == 0 || len(s) > 100 || !naming.RepoPart(s[:1], 1) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !naming.RepoPart(s[i:i+1], 1) && strings.IndexByte(" ._&()'-", s[i]) < 0 {
			return false
		}
	}
	return true
}

// Parse reads the reference files from files (keyed by the constants above;
// a missing key is an absent file). memo, which may be nil, shares parsed
// documents between calls.
func Parse(files map[string][]byte, memo *yamlfile.Memo) (*Governance, error) {
	g := &Governance{}
	var err error
	if g.Teams, err = parseTeams(memo, ProjectsFile, files[ProjectsFile], &g.Warnings); err != nil {
		return nil, err
	}
	if g.Legacy, err = parseTeams(memo, LegacyFile, files[LegacyFile], &g.Warnings); err != nil {
		return nil, err
	}
	sigs, err := parseGroups(memo, SIGsFile, files[SIGsFile], KindSIG, &g.Warnings)
	if err != nil {
		return nil, err
	}
	tc, err := parseGroups(memo, TCFile, files[TCFile], KindTC, &g.Warnings)
	if err != nil {
		return nil, err
	}
	g.Groups = append(sigs, tc...)
	g.warnListedTwice()
	return g, nil
}

// parser carries the file being read and collects warnings.
type parser struct {
	file     string
	legacy   bool
	warnings *[]Warning
}

func (p *parser) warn(line int, format string, args ...any) {
	*p.warnings = append(*p.warnings, Warning{Pos: Pos{File: p.file, Line: line}, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{File: p.file, Line: n.Line} }

func (p *parser) pairs(n *yaml.Node, what string) ([]yamlfile.Pair, error) {
	pairs, dups, err := yamlfile.Pairs(p.file, n, what)
	for _, d := range dups {
		p.warn(d.Last, "%s: key %q is written twice (lines %d and %d); the later one is used, as PyYAML does", what, d.Key, d.First, d.Last)
	}
	return pairs, err
}

func parseTeams(memo *yamlfile.Memo, file string, data []byte, warnings *[]Warning) ([]*Team, error) {
	root, err := memo.Parse(file, data)
	if err != nil || yamlfile.IsNull(root) {
		return nil, err
	}
	p := &parser{file: file, legacy: file == LegacyFile, warnings: warnings}
	pairs, err := p.pairs(root, "the top level (team: ...)")
	if err != nil {
		return nil, err
	}
	teams := make([]*Team, 0, len(pairs))
	for _, kv := range pairs {
		t, err := p.team(kv)
		if err != nil {
			return nil, err
		}
		teams = append(teams, t)
	}
	return teams, nil
}

func (p *parser) team(kv yamlfile.Pair) (*Team, error) {
	if !validTeamName(kv.Key) {
		return nil, yamlfile.Errorf(p.file, kv.KeyN, "team name %q has characters a team name cannot have", kv.Key)
	}
	t := &Team{Name: kv.Key, Pos: p.pos(kv.KeyN)}
	what := "team " + kv.Key
	fields, err := p.pairs(kv.Value, what)
	if err != nil {
		return nil, err
	}
	var dels *yaml.Node
	for _, f := range fields {
		switch f.Key {
		case "deliverables":
			dels = f.Value
		case "partial":
			t.Partial = yamlfile.Truthy(f.Value) // as Python tests what PyYAML built
		case "retired-on":
			t.RetiredOn = f.Value.Value
		}
	}
	t.Deliverables, err = p.deliverables(t.Name, dels)
	return t, err
}

func (p *parser) deliverables(team string, n *yaml.Node) ([]*Deliverable, error) {
	what := "team " + team + ": deliverables"
	switch {
	case yamlfile.IsNull(n):
		if !p.legacy {
			line := 0
			if n != nil {
				line = n.Line
			}
			p.warn(line, "team %s has no deliverables", team)
		}
		return nil, nil
	case n.Kind == yaml.SequenceNode:
		return p.deliverableList(team, n)
	}
	pairs, err := p.pairs(n, what)
	if err != nil {
		return nil, err
	}
	out := make([]*Deliverable, 0, len(pairs))
	for _, kv := range pairs {
		d, err := p.deliverable(team, kv.KeyN, kv.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// deliverableList reads deliverables written as a list, a shape legacy.yaml
// has had ("deliverables: []", or a list of names or of one-key mappings).
func (p *parser) deliverableList(team string, n *yaml.Node) ([]*Deliverable, error) {
	if len(n.Content) == 0 {
		return nil, nil
	}
	p.warn(n.Line, "team %s: deliverables are written as a list, not a mapping (name: {repos: ...}); read as a mapping", team)
	var out []*Deliverable
	for _, item := range n.Content {
		switch {
		case item.Kind == yaml.ScalarNode:
			d, err := p.deliverable(team, item, nil)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		case item.Kind == yaml.MappingNode && len(item.Content) == 2:
			d, err := p.deliverable(team, item.Content[0], item.Content[1])
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		default:
			return nil, yamlfile.Errorf(p.file, item, "team %s: a deliverable in a list must be a name or a single name: {repos: ...}", team)
		}
	}
	return out, nil
}

func (p *parser) deliverable(team string, key, body *yaml.Node) (*Deliverable, error) {
	if err := yamlfile.Expect(p.file, key, yaml.ScalarNode, "team "+team+": deliverable name"); err != nil {
		return nil, err
	}
	if err := p.checkDeliverableName(key); err != nil {
		return nil, err
	}
	d := &Deliverable{Name: key.Value, Team: team, Pos: p.pos(key)}
	what := "deliverable " + d.Name
	if yamlfile.IsNull(body) {
		if !p.legacy {
			p.warn(key.Line, "%s has no repos", what)
		}
		return d, nil
	}
	fields, err := p.pairs(body, what)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		switch f.Key {
		case "repos":
			if d.Repos, err = p.repos(what, f.Value); err != nil {
				return nil, err
			}
		case "release-management":
			d.ReleaseManagement, err = yamlfile.String(p.file, f.Value, what+": release-management")
			if err != nil {
				return nil, err
			}
			switch d.ReleaseManagement {
			case "none", "deprecated", "external":
			default:
				p.warn(f.Value.Line, "%s: unknown release-management %q (known: none, deprecated, external)", what, d.ReleaseManagement)
			}
		case "retired-on":
			d.RetiredOn = f.Value.Value
		}
	}
	if len(d.Repos) == 0 && !p.legacy {
		p.warn(key.Line, "%s has no repos", what)
	}
	return d, nil
}

func (p *parser) checkDeliverableName(key *yaml.Node) error {
	if naming.RepoPart(key.Value, 100) {
		return nil
	}
	// legacy.yaml has held free-text names ("User Committee",
	// "openstack/ansible-role-qdrouterd"); they are never put in a URL.
	if p.legacy && safeText(key.Value) {
		return nil
	}
	return yamlfile.Errorf(p.file, key, "deliverable name %q has characters a deliverable name cannot have (letters, digits, '.', '_' and '-')", key.Value)
}

func safeText(s string) bool {
	if len(s) == 0 || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || strings.ContainsRune("<>`[]%\\", r) {
			return false
		}
	}
	return true
}

// repos reads a deliverable's repos: normally a list, but a single string
// has been written in history and is read as a list of one.
func (p *parser) repos(what string, n *yaml.Node) ([]Repo, error) {
	if yamlfile.IsNull(n) {
		return nil, nil
	}
	if n.Kind == yaml.ScalarNode {
		p.warn(n.Line, "%s: repos is written as one string, not a list; read as a list of one", what)
		r, err := p.repo(what, n)
		return []Repo{r}, err
	}
	if err := yamlfile.Expect(p.file, n, yaml.SequenceNode, what+": repos"); err != nil {
		return nil, err
	}
	out := make([]Repo, 0, len(n.Content))
	for _, item := range n.Content {
		r, err := p.repo(what, item)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (p *parser) repo(what string, n *yaml.Node) (Repo, error) {
	s, err := yamlfile.String(p.file, n, what+": repo")
	if err != nil {
		return Repo{}, err
	}
	if !naming.ValidRepo(s) {
		return Repo{}, yamlfile.Errorf(p.file, n, "%s: repo %q is not an org/name repository name", what, s)
	}
	return Repo{Name: s, Pos: p.pos(n)}, nil
}

func parseGroups(memo *yamlfile.Memo, file string, data []byte, kind GroupKind, warnings *[]Warning) ([]*Group, error) {
	root, err := memo.Parse(file, data)
	if err != nil || yamlfile.IsNull(root) {
		return nil, err
	}
	p := &parser{file: file, warnings: warnings}
	pairs, err := p.pairs(root, "the top level (name: [repo: ...])")
	if err != nil {
		return nil, err
	}
	out := make([]*Group, 0, len(pairs))
	for _, kv := range pairs {
		g, err := p.group(kv, kind)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

func (p *parser) group(kv yamlfile.Pair, kind GroupKind) (*Group, error) {
	if !validTeamName(kv.Key) {
		return nil, yamlfile.Errorf(p.file, kv.KeyN, "name %q has characters a name cannot have", kv.Key)
	}
	g := &Group{Name: kv.Key, Kind: kind, Pos: p.pos(kv.KeyN)}
	if yamlfile.IsNull(kv.Value) {
		return g, nil
	}
	what := kv.Key
	if err := yamlfile.Expect(p.file, kv.Value, yaml.SequenceNode, what); err != nil {
		return nil, err
	}
	for _, item := range kv.Value.Content {
		n := item
		if item.Kind == yaml.MappingNode {
			fields, err := p.pairs(item, what+": repo entry")
			if err != nil {
				return nil, err
			}
			n = nil
			for _, f := range fields {
				if f.Key == "repo" {
					n = f.Value
				}
			}
			if n == nil {
				return nil, yamlfile.Errorf(p.file, item, "%s: entry has no repo: key", what)
			}
		} else {
			p.warn(item.Line, "%s: entry is written as a plain string, not {repo: ...}; read as a repo", what)
		}
		r, err := p.repo(what, n)
		if err != nil {
			return nil, err
		}
		g.Repos = append(g.Repos, r)
	}
	return g, nil
}
