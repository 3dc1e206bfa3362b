package yamlfile

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Limits on a document's shape. The real files nest at most 8 deep, and
// project-config's anchors expand to a few hundred nodes in all.
const (
	MaxDepth = 64
	// MaxExpansion bounds what aliases add: the nodes they stand for may
	// not exceed this many plus the document's own node count.
	MaxExpansion = 100_000
)

// checkShape refuses documents nested too deep or whose aliases would
// expand far beyond the document ("billion laughs"), whether or not the
// caller reads the parts concerned. It walks each node once: an alias's
// expanded size is its anchor's, computed once and remembered.
func checkShape(file string, doc *yaml.Node) error {
	s := &shape{sizes: map[*yaml.Node]int{}}
	nodes, err := s.size(doc, 0)
	if err != nil {
		return &Error{File: file, Line: s.line, Msg: err.Error()}
	}
	if s.aliased > MaxExpansion+nodes {
		return &Error{File: file, Msg: fmt.Sprintf("YAML aliases would expand %d nodes into %d (an alias bomb?); write the values out", nodes, s.aliased)}
	}
	return nil
}

type shape struct {
	sizes   map[*yaml.Node]int // expanded size of each anchored node
	aliased int                // nodes that aliases stand for
	line    int
}

// size returns the number of nodes under n, counting nothing for aliases
// but adding what they expand to into s.aliased.
func (s *shape) size(n *yaml.Node, depth int) (int, error) {
	if depth > MaxDepth {
		s.line = n.Line
		return 0, fmt.Errorf("nested deeper than %d levels; no file pypiguard reads needs that", MaxDepth)
	}
	if n.Kind == yaml.AliasNode {
		size, err := s.expanded(n.Alias, depth)
		s.aliased += size
		if s.aliased > 10*MaxExpansion {
			s.line = n.Line
			return 0, fmt.Errorf("YAML aliases expand to over %d nodes (an alias bomb?); write the values out", 10*MaxExpansion)
		}
		return 1, err
	}
	total := 1
	for _, c := range n.Content {
		sz, err := s.size(c, depth+1)
		if err != nil {
			return 0, err
		}
		total += sz
	}
	return total, nil
}

// expanded is the size of anchored node n with every alias under it
// expanded, remembered per node.
func (s *shape) expanded(n *yaml.Node, depth int) (int, error) {
	if n == nil {
		return 1, nil
	}
	if v, ok := s.sizes[n]; ok {
		return v, nil
	}
	if depth > MaxDepth {
		return 0, fmt.Errorf("aliases nest deeper than %d levels (an alias to itself?); write the values out", MaxDepth)
	}
	total := 1
	for _, c := range n.Content {
		if c.Kind == yaml.AliasNode {
			c = c.Alias // counted as what it expands to
		}
		sz, err := s.expanded(c, depth+1)
		if err != nil {
			return 0, err
		}
		total += sz
	}
	s.sizes[n] = total
	return total, nil
}
