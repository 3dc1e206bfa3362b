package pypi

import (
	"context"
	"errors"
	"fmt"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// entry is one normalized name's look-up, shared by every caller asking
// about that name while it runs and kept afterwards.
type entry struct {
	done chan struct{}
	own  *Ownership
	err  error
	// dropped is set when the look-up ended with its leader's context (or
	// deadline): that says nothing about PyPI, so the entry is not kept and
	// a waiting caller, whose own context is alive, asks again.
	dropped bool
}

// Ownership asks PyPI who can upload the project name. An invalid name is a
// *NameError, refused before any request; a look-up PyPI could not answer
// is an *Error.
func (c *Client) Ownership(ctx context.Context, name string) (*Ownership, error) {
	norm, err := checkName(name)
	if err != nil {
		return nil, err
	}
	for {
		e, leader := c.entry(norm)
		if leader {
			c.run(ctx, e, name, norm)
		} else if err := wait(ctx, e); err != nil {
			return nil, &Error{Package: name, Op: "look-up", Err: err}
		} else if e.dropped {
			continue
		}
		if e.err != nil {
			return nil, withPackage(e.err, name)
		}
		return e.own.clone(), nil
	}
}

// wait waits for another caller's look-up, or for ctx to end.
func wait(ctx context.Context, e *entry) error {
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// entry returns norm's entry, creating it when there is none; leader says
// the caller created it and must run the look-up.
func (c *Client) entry(norm string) (e *entry, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[norm]; ok {
		return e, false
	}
	e = &entry{done: make(chan struct{})}
	c.entries[norm] = e
	return e, true
}

// run does the look-up of e and publishes it.
func (c *Client) run(ctx context.Context, e *entry, name, norm string) {
	e.own, e.err = c.lookup(ctx, name, norm)
	if e.err != nil && (ctx.Err() != nil || errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded)) {
		e.dropped = true
		c.mu.Lock()
		delete(c.entries, norm)
		c.mu.Unlock()
	}
	close(e.done)
}

// lookup asks the sources in order (docs/design.md section 5): the
// JSON API's ownership key; for an older PyPI without it, XML-RPC plus the
// project page's organization box; for a JSON 404, which does not prove the
// name is free, /simple/ and then XML-RPC.
func (c *Client) lookup(ctx context.Context, name, norm string) (*Ownership, error) {
	o, err := c.ask(ctx, name, norm)
	if err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, &Error{Package: name, Op: "answer from " + string(o.Source), Attempts: 1, Err: err}
	}
	return o, nil
}

// check refuses an answer naming what PyPI cannot hold: its names end up in
// reports, Gerrit comments and terminals, so a broken or hostile answer must
// not carry markup, control characters or escape sequences into them.
func (o *Ownership) check() error {
	for _, r := range o.Roles {
		if r.Role != "Owner" && r.Role != "Maintainer" && r.Role != RoleUnknown {
			return fmt.Errorf("%w: unknown role %q", ErrMalformed, r.Role)
		}
		if checkUser(r.User) != nil {
			return fmt.Errorf("%w: %q is not a PyPI username", ErrMalformed, r.User)
		}
	}
	if o.Organization != "" && !naming.ValidPackage(o.Organization) {
		return fmt.Errorf("%w: %q is not an organization name", ErrMalformed, o.Organization)
	}
	if o.DisplayName != "" && !naming.ValidPackage(o.DisplayName) {
		return fmt.Errorf("%w: %q is not a project name", ErrMalformed, o.DisplayName)
	}
	return nil
}

// ask asks the sources in order; see lookup.
func (c *Client) ask(ctx context.Context, name, norm string) (*Ownership, error) {
	p, err := c.getJSON(ctx, name, norm)
	switch {
	case err != nil:
		return nil, err
	case p == nil:
		return c.withoutJSON(ctx, name, norm)
	case p.Ownership == nil:
		o, err := c.olderPyPI(ctx, name, norm, p.Info.Name)
		if o != nil {
			p.giveReleases(o)
		}
		return o, err
	}
	return fromJSON(norm, p), nil
}

// olderPyPI answers for a project whose JSON document has no ownership key.
func (c *Client) olderPyPI(ctx context.Context, name, norm, display string) (*Ownership, error) {
	roles, err := c.packageRoles(ctx, name, norm)
	if methodGone(err) {
		return c.fromPage(ctx, name, norm, display)
	}
	if err != nil {
		return nil, err
	}
	// XML-RPC cannot see organizations, whose owners can upload too.
	org, pageName, err := c.organization(ctx, name, norm)
	if err != nil {
		return nil, err
	}
	return &Ownership{
		Name: norm, DisplayName: displayFrom(display, pageName), Exists: true,
		Roles: roles, Organization: org, Source: SourceXMLRPC,
	}, nil
}

// withoutJSON answers for a name the JSON API does not have. A 404 does not
// prove the name is free (a project without releases 404s too), but a 404
// from /simple/ does; it is asked first because it is not rate limited,
// while XML-RPC is paced at about one call a second: an audit meets
// hundreds of names that were never published. Only a name that exists
// costs an XML-RPC package_roles call.
func (c *Client) withoutJSON(ctx context.Context, name, norm string) (*Ownership, error) {
	exists, err := c.simple(ctx, name, norm)
	if err != nil || !exists {
		return &Ownership{Name: norm, Roles: []Role{}, Source: SourceJSON}, err
	}
	roles, err := c.packageRoles(ctx, name, norm)
	if methodGone(err) {
		return c.fromPage(ctx, name, norm, "")
	}
	if err != nil {
		return nil, err
	}
	return &Ownership{Name: norm, Exists: true, Roles: roles, OrganizationUnknown: true, Source: SourceXMLRPC}, nil
}
