package whois

import (
	"strings"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/identity"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Leaders reads the PTL and liaisons of every team of projects.yaml
// (governance reference/projects.yaml): "ptl: {name, irc, email}" and
// "liaisons: {release: [{name, irc, email}], security: [...], ...}". A team
// led by its liaisons (leadership_type: distributed) has no ptl. The TC
// liaison (tc-liaison) is a TC member watching the team, not one of its
// people, and is left out. Entries that are not of this shape are skipped:
// governance's own schema checks them, and a missing leader only makes an
// identity less favourable.
func Leaders(file string, data []byte) (map[string][]identity.Person, error) {
	root, err := yamlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	return LeadersOf(file, root)
}

// LeadersOf is Leaders of a document parsed already (yamlfile.Memo shares
// the run's parse of projects.yaml: parsing it again costs as much as the
// rest of a check).
func LeadersOf(file string, root *yaml.Node) (map[string][]identity.Person, error) {
	teams, _, err := yamlfile.Pairs(file, root, "the top level")
	if err != nil {
		return nil, err
	}
	out := map[string][]identity.Person{}
	for _, t := range teams {
		fields, _, err := yamlfile.Pairs(file, t.Value, "team "+t.Key)
		if err != nil {
			continue
		}
		for _, f := range fields {
			switch f.Key {
			case "ptl":
				out[t.Key] = append(out[t.Key], person(file, "PTL", f.Value)...)
			case "liaisons":
				out[t.Key] = append(out[t.Key], liaisons(file, f.Value)...)
			}
		}
	}
	return out, nil
}

func liaisons(file string, n *yaml.Node) []identity.Person {
	kinds, _, err := yamlfile.Pairs(file, n, "liaisons")
	if err != nil {
		return nil
	}
	var out []identity.Person
	for _, k := range kinds {
		if k.Key == "tc-liaison" || yamlfile.Expect(file, k.Value, yaml.SequenceNode, "liaisons") != nil {
			continue
		}
		role := strings.ReplaceAll(k.Key, "-", " ") + " liaison"
		for _, item := range k.Value.Content {
			out = append(out, person(file, role, item)...)
		}
	}
	return out
}

// person reads {name, irc, email}; nothing when it has no name.
func person(file, role string, n *yaml.Node) []identity.Person {
	fields, _, err := yamlfile.Pairs(file, n, role)
	if err != nil {
		return nil
	}
	p := identity.Person{Role: role}
	for _, f := range fields {
		s, err := yamlfile.String(file, f.Value, role+": "+f.Key)
		if err != nil {
			continue
		}
		switch f.Key {
		case "name":
			p.Name = strings.TrimSpace(s)
		case "irc":
			p.IRC = strings.TrimSpace(s)
		case "email":
			p.Email = strings.TrimSpace(s)
		}
	}
	if p.Name == "" {
		return nil
	}
	return []identity.Person{p}
}
