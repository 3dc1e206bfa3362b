package policy

import (
	"bytes"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// shown is the YAML form of a policy, in the order of the built-in file:
// what "pypiguard policy show" prints, a file that reads back as the same
// policy with extends: none.
type shown struct {
	Extends         string                  `yaml:"extends"`
	Owner           string                  `yaml:"owner"`
	Namespaces      []string                `yaml:"namespaces"`
	PublishTemplate string                  `yaml:"publish-template"`
	PublishJobs     []string                `yaml:"publish-jobs"`
	Names           map[string]string       `yaml:"names"`
	Accounts        map[string]shownAccount `yaml:"accounts,omitempty"`
	Exceptions      []shownException        `yaml:"exceptions"`
	Gerrit          shownGerrit             `yaml:"gerrit"`
}

type shownAccount struct {
	Name   string `yaml:"name"`
	Gerrit string `yaml:"gerrit,omitempty"`
	Note   string `yaml:"note,omitempty"`
	Link   string `yaml:"link,omitempty"`
}

type shownException struct {
	Package  string   `yaml:"package"`
	Accounts []string `yaml:"accounts"`
	Reason   string   `yaml:"reason"`
	Link     string   `yaml:"link,omitempty"`
	Expires  string   `yaml:"expires"`
	Handover bool     `yaml:"handover,omitempty"`
}

type shownGerrit struct {
	Label    string `yaml:"label"`
	VoteFail int    `yaml:"vote-fail"`
	VotePass int    `yaml:"vote-pass"`
	Tag      string `yaml:"tag"`
}

// YAML writes the policy as a policy file that stands alone (extends:
// none): the effective policy, whatever it was made of.
func (p *Policy) YAML() ([]byte, error) {
	s := shown{Extends: "none", Owner: p.Owner, Namespaces: p.Namespaces, PublishJobs: p.PublishJobs, Names: p.Names,
		Exceptions: []shownException{}, Gerrit: shownGerrit(p.Gerrit)}
	if p.Publish != nil {
		s.PublishTemplate = p.Publish.String()
	}
	if len(p.Accounts) > 0 {
		s.Accounts = map[string]shownAccount{}
		for _, a := range p.Accounts {
			s.Accounts[a.User] = shownAccount{Name: a.Name, Gerrit: a.Gerrit, Note: a.Note, Link: a.Link}
		}
	}
	for _, e := range p.Exceptions {
		s.Exceptions = append(s.Exceptions, shownException{Package: e.Package, Accounts: e.Accounts, Reason: e.Reason,
			Link: e.Link, Expires: e.Expires.Format(time.DateOnly), Handover: e.Handover})
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# pypiguard's effective policy: %s\n", p.origin())
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// origin says what the policy was made of.
func (p *Policy) origin() string {
	switch {
	case p.File == "(built in)":
		return "the built-in OpenStack policy"
	case p.Extends == "none" || p.Extends == "":
		return p.File + " (extends: none)"
	}
	return p.File + " on top of the built-in OpenStack policy"
}

// Summary is one line on what the policy holds, for "policy check".
func (p *Policy) Summary() string {
	return fmt.Sprintf("%s: owner %s, %d namespaces, %d names, %d exceptions, %d accounts", p.origin(), p.Owner,
		len(p.Namespaces), len(p.Names), len(p.Exceptions), len(p.Accounts))
}
