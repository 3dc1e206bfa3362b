package policy

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/pep440"
)

// DefaultLateFile is how long after a release's first file another file
// may still come without being a late-file finding (issue 19): the release
// jobs upload the sdist and the wheel within minutes; a week leaves room
// for a re-run after a PyPI outage.
const DefaultLateFile = 7 * 24 * time.Hour

// History is a per-package cut-off: versions of Package below Before were
// released before OpenStack's release pipeline and are historical, not
// unreleased uploads.
//
//	release-history:
//	  - package: python-novaclient
//	    before: 2.6.0
//	    reason: uploaded by hand before openstack/releases existed
//	    link: https://...
type History struct {
	Package string
	Before  pep440.Version
	Raw     string // Before as written
	Reason  string
	Link    string
	Line    int
}

// HistoryFor returns the cut-off of pkg, or nil.
func (p *Policy) HistoryFor(pkg string) *History {
	for i := range p.History {
		if naming.Normalize(p.History[i].Package) == naming.Normalize(pkg) {
			return &p.History[i]
		}
	}
	return nil
}

// LateFileAfter is the policy's late-file threshold.
func (p *Policy) LateFileAfter() time.Duration {
	if p.LateFile <= 0 {
		return DefaultLateFile
	}
	return p.LateFile
}

func (p *parser) releaseHistory(n *yaml.Node) []History {
	return byPackage(p, p.list(n, "release-history"), p.history, func(h History) string { return h.Package },
		"release-history: %s is listed twice (also on line %d); keep one cut-off")
}

func (p *parser) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.add(n, "%s: write a list", what)
		return nil
	}
	return n.Content
}

func (p *parser) history(n *yaml.Node) (History, bool) {
	h := History{Line: n.Line}
	before := len(p.problems)
	has := map[string]bool{}
	for _, kv := range p.fields(n, "release-history", "package", "before", "reason", "link") {
		has[kv.Key] = true
		switch kv.Key {
		case "package":
			if h.Package, _ = p.str(kv.Value, "release-history: package"); h.Package != "" && !naming.ValidPackage(h.Package) {
				p.add(kv.Value, "release-history: package %q is not a valid PyPI project name", h.Package)
			}
		case "before":
			h.Raw, _ = p.str(kv.Value, "release-history: before")
			v, err := pep440.Parse(h.Raw)
			if kv.Value.ShortTag() != "!!str" || err != nil {
				p.add(kv.Value, "release-history: before %q is not a quoted PEP 440 version; write before: '1.2.0'", h.Raw)
			}
			h.Before = v
		case "reason":
			if h.Reason, _ = p.str(kv.Value, "release-history: reason"); strings.TrimSpace(h.Reason) == "" {
				p.add(kv.Value, "release-history: reason is empty; say why these versions predate the release pipeline")
			}
		case "link":
			if h.Link, _ = p.str(kv.Value, "release-history: link"); !strings.HasPrefix(h.Link, "https://") && !strings.HasPrefix(h.Link, "http://") {
				p.add(kv.Value, "release-history: link %q is not an http(s) URL", h.Link)
			}
		}
	}
	for _, k := range []string{"package", "before", "reason"} {
		if !has[k] && n.Kind == yaml.MappingNode {
			p.add(n, "release-history: %s is required (every cut-off needs package, before and reason)", k)
		}
	}
	return h, len(p.problems) == before
}

// lateFile reads late-file-days: a whole number of days, at least 1.
func (p *parser) lateFile(n *yaml.Node) time.Duration {
	s, ok := p.str(n, "late-file-days")
	d, err := strconv.Atoi(s)
	// n.Tag is PyYAML's: 017 is an int to it, but octal (15), so a
	// leading zero is refused rather than read as 17.
	if !ok || n.Tag != "!!int" || err != nil || d < 1 || d > 3650 || (len(s) > 1 && s[0] == '0') {
		p.add(n, "late-file-days: %q is not a number of days from 1 to 3650", s)
		return 0
	}
	return time.Duration(d) * 24 * time.Hour
}
