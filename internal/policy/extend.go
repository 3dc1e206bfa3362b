package policy

import (
	"maps"
	"slices"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// Extend reads a policy file as --config gives it: on top of the built-in
// OpenStack policy, so that a file holding one exception keeps the
// built-in names (keystoneauth -> keystoneauth1, ...). Keys given replace
// the built-in ones (owner, publish-template, each gerrit setting); lists
// and maps add to them (namespaces, publish-jobs, names, exceptions,
// accounts), an entry for the same repo, package or account replacing the
// built-in one. "extends: none" reads the file on its own, as Parse does.
func Extend(file string, data []byte) (*Policy, error) {
	root, err := yamlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	if extendsNone(root) {
		return Parse(file, data)
	}
	return parse(file, data, Default())
}

// extendsNone reports whether the top mapping says extends: none; a bad
// value is reported by the parser.
func extendsNone(root *yaml.Node) bool {
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "extends" && root.Content[i+1].Kind == yaml.ScalarNode && root.Content[i+1].Value == "none" {
			return true
		}
	}
	return false
}

// extends checks the extends key: "openstack" (the built-in policy, the
// default) or "none".
func (p *parser) extends(n *yaml.Node) {
	s, ok := p.str(n, "extends")
	if ok && s != "openstack" && s != "none" {
		p.add(n, "extends: %q: write openstack (the built-in policy, the default) or none (start empty)", s)
	}
}

// clone copies a policy deeply enough that parsing onto the copy leaves
// the original alone.
func (p *Policy) clone() *Policy {
	c := *p
	c.Namespaces = slices.Clone(p.Namespaces)
	c.PublishJobs = slices.Clone(p.PublishJobs)
	c.Names = maps.Clone(p.Names)
	c.Exceptions = slices.Clone(p.Exceptions)
	c.Accounts = slices.Clone(p.Accounts)
	return &c
}

// addStrings is add, or the new list alone when the file stands alone.
func (p *parser) addStrings(old, add []string) []string {
	if !p.extending {
		return add
	}
	for _, s := range add {
		if !slices.Contains(old, s) {
			old = append(old, s)
		}
	}
	return old
}

func (p *parser) addNames(old, add map[string]string) map[string]string {
	if !p.extending {
		return add
	}
	maps.Copy(old, add)
	return old
}

// addExceptions adds the file's exceptions; one for a package the
// built-in policy excepts replaces it.
func (p *parser) addExceptions(old, add []Exception) []Exception {
	if !p.extending {
		return add
	}
	old = slices.DeleteFunc(old, func(e Exception) bool {
		return slices.ContainsFunc(add, func(a Exception) bool { return naming.Normalize(a.Package) == naming.Normalize(e.Package) })
	})
	return append(old, add...)
}

func (p *parser) addAccounts(old, add []Account) []Account {
	if !p.extending {
		return add
	}
	old = slices.DeleteFunc(old, func(e Account) bool {
		return slices.ContainsFunc(add, func(a Account) bool { return naming.SameUser(a.User, e.User) })
	})
	return append(old, add...)
}
