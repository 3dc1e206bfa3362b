package cli

import (
	"context"
	"os"

	"opendev.org/openstack/pypiguard/internal/acl"
	"opendev.org/openstack/pypiguard/internal/governance"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/source"
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
func (f *judgeFlags) whoisFor(ctx context.Context, d *guard.Deps, client *pypi.Client) error {
	if !f.identity || f.gerrit.url == "" {
		return nil
	}
	g, err := f.gerrit.reader(ctx)
	if err != nil {
		return err
	}
	var cores whois.Cores // a nil interface, never a nil *acl.Loader
	if f.projectConfig != "" && d.Publishing != nil {
		cores = acl.NewLoader(d.Publishing, os.DirFS(f.projectConfig))
	}
	d.Whois = whois.New(g, client, cores, d.Policy)
	return nil
}

// leaders reads the PTLs and liaisons of projects.yaml in a governance
// checkout, for the audit's identities. Governance parsed the same file, so
// a failure here only leaves the leaders unknown.
func leaders(d *guard.Deps, dir string) {
	if d.Whois == nil {
		return
	}
	files, err := source.ReadDir(dir, []string{governance.ProjectsFile})
	if err != nil || files[governance.ProjectsFile] == nil {
		return
	}
	d.Leaders, _ = whois.Leaders(governance.ProjectsFile, files[governance.ProjectsFile])
}
