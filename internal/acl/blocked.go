package acl

import "slices"

// everyone are the groups every account belongs to: a block on them blocks
// every group.
var everyone = []string{"Anonymous Users", "Registered Users"}

// blocked reports whether group loses Code-Review +Approve to a block rule,
// as PermissionCollection.findBlocks decides: per project of the chain, the
// block rules of the branch sections, overridden only by that same
// project's non-block rules of the permissions holding the blocks, or its
// exclusive permissions' allow rules. A block's range blocks the values
// outside it ("block -2..+2" blocks <= -2 and >= +2: Gerrit's
// access-control documentation, "Blocking label ranges").
func blocked(chain []*File, group string) bool {
	for _, f := range chain {
		blocks, overrides := projectBlocks(f)
		if blocksApprove(blocks, group) && !grantsApprove(overrides, group) {
			return true
		}
	}
	return false
}

// projectBlocks gathers one project's blocks on Code-Review and the rules
// that override them.
func projectBlocks(f *File) (blocks, overrides []Rule) {
	for _, ref := range branchRefs {
		p := codeReviewOn(f, ref)
		if p == nil {
			continue
		}
		hasBlock := slices.ContainsFunc(p.Rules, func(r Rule) bool { return r.Action == Block })
		for _, r := range p.Rules {
			switch {
			case r.Action == Block:
				blocks = append(blocks, r)
			case hasBlock || p.Exclusive && r.Action == Allow:
				overrides = append(overrides, r)
			}
		}
	}
	return blocks, overrides
}

func blocksApprove(blocks []Rule, group string) bool {
	return slices.ContainsFunc(blocks, func(r Rule) bool {
		return (r.Group == group || slices.Contains(everyone, r.Group)) && r.Max <= Approve
	})
}

func grantsApprove(rules []Rule, group string) bool {
	return slices.ContainsFunc(rules, func(r Rule) bool {
		return r.Action == Allow && r.Group == group && r.Max >= Approve
	})
}
