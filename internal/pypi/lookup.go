package pypi

import (
	"context"

	"opendev.org/openstack/pypiguard/internal/naming"

	"golang.org/x/sync/errgroup"
)

// fanOut is how many look-ups Lookup runs at once per request slot. Request
// slots (Options.Concurrency) bound what reaches PyPI; more look-ups than
// slots keep the slots busy while some look-ups wait for the XML-RPC pace.
const fanOut = 4

// Lookup asks about every name, each distinct normalized name once, and
// returns the results in the order of names. A failure is kept in its
// Result and does not stop the others.
func (c *Client) Lookup(ctx context.Context, names []string) []Result {
	results := make([]Result, len(names))
	first := map[string]int{} // normalized name -> index of its first occurrence
	var g errgroup.Group
	g.SetLimit(fanOut * c.opts.Concurrency)
	for i, name := range names {
		results[i].Name = name
		norm, err := checkName(name)
		if err != nil {
			results[i].Err = err
			continue
		}
		if _, dup := first[norm]; dup {
			continue
		}
		first[norm] = i
		g.Go(func() error {
			results[i].Ownership, results[i].Err = c.Ownership(ctx, name)
			if f := c.progress.Load(); f != nil {
				(*f)()
			}
			return nil
		})
	}
	_ = g.Wait() // the goroutines never fail: errors are kept per name
	copyDuplicates(results, first)
	return results
}

// SetProgress makes Lookup call f after each look-up ends (from any
// goroutine): an audit's progress bar counts them.
func (c *Client) SetProgress(f func()) { c.progress.Store(&f) }

// copyDuplicates gives every later occurrence of a name the answer of its
// first occurrence, in the later one's own spelling.
func copyDuplicates(results []Result, first map[string]int) {
	for i := range results {
		if results[i].Err != nil || results[i].Ownership != nil {
			continue
		}
		src := results[first[naming.Normalize(results[i].Name)]]
		if src.Ownership != nil {
			results[i].Ownership = src.Ownership.clone()
		}
		results[i].Err = withPackage(src.Err, results[i].Name)
	}
}
