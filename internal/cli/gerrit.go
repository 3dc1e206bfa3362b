package cli

import (
	"context"
	"errors"

	"github.com/spf13/pflag"

	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
)

// gerritFlags say which Gerrit to read from and vote on.
type gerritFlags struct {
	url              string
	credentials      string
	change, revision string
	doPost           bool
}

// registerURL adds --gerrit-url, for every command that may read Gerrit.
func (f *gerritFlags) registerURL(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "gerrit-url", "", "Gerrit's URL: repos' setup.cfg and pyproject.toml are read from it (anonymously) when --src-root lacks them")
}

// registerChange adds the flags that read a change from Gerrit and vote on it.
func (f *gerritFlags) registerChange(fs *pflag.FlagSet) {
	fs.StringVar(&f.change, "change", "", "with --gerrit-url: the change to check (TODO)")
	fs.StringVar(&f.revision, "revision", "", "with --change: the commit SHA to check (TODO)")
	fs.BoolVar(&f.doPost, "post", false, "post the review (TODO)")
}

// reader is an anonymous client, for reading repos' files.
func (f *gerritFlags) reader(ctx context.Context) (*gerrit.Client, error) {
	c, err := gerrit.New(ctx, gerrit.Options{URL: f.url})
	if err != nil {
		return nil, usageError(err)
	}
	return c, nil
}

// readChange reads the change from Gerrit when --change is given, else from
// the local repository.
func (f *gerritFlags) readChange(ctx context.Context, rev *revFlags) (*source.Change, error) {
	if f.change != "" {
		return nil, usageError(errors.New("--change: not implemented yet"))
	}
	return rev.readCtx(ctx)
}

// post posts the review when --post is given.
func (f *gerritFlags) post(ctx context.Context, a *app, r *report.Report, pol *policy.Policy) error {
	if f.doPost {
		return usageError(errors.New("--post: not implemented yet"))
	}
	return nil
}
