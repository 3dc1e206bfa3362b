package cli

import (
	"context"

	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/whois"
)

// whoisFor gives d what tells who extra accounts are (issue 15), when
// --identity is on and --gerrit-url names a Gerrit to ask: that Gerrit's
// client (with its credentials, retries and timeout), the PyPI client of
// the look-ups (its slots, retries and timeout), and the ACL files of
// --project-config for the core groups. Without project-config the core
// groups are unknown, so a Gerrit account found is unverified rather than
// a contributor. Nothing is asked without Gerrit: every answer would be
// unverified.
func (a *app) whoisFor(ctx context.Context, f *judgeFlags, d *guard.Deps, client *pypi.Client, loader *checkouts) error {
	if !f.identity || f.gerrit.url == "" {
		return nil
	}
	g, err := a.gerritClient(ctx, &f.gerrit)
	if err != nil {
		return err
	}
	var cs whois.Cores // a nil interface, never a nil *cores
	if f.projectConfig != "" {
		cs = newCores(f.projectConfig, loader.projectConfig)
	}
	d.Whois = whois.New(g, client, cs, d.Policy)
	return nil
}
