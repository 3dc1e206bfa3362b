package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/report"
)

// maxGerritRetries bounds --gerrit-retries: more is a typo, not a need.
const maxGerritRetries = 10

// gerritFlags say which Gerrit to read from and vote on.
type gerritFlags struct {
	url              string
	credentials      string
	change, revision string
	doPost           bool
	// credentialsName names where credentials came from, in messages:
	// "--gerrit-credentials" unless the hook's settings gave them.
	credentialsName string
	retries         int
	timeout         time.Duration
}

// registerURL adds --gerrit-url and how to reach it (credentials, retries,
// timeout), for every command that may read Gerrit.
func (f *gerritFlags) registerURL(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "gerrit-url", "", "Gerrit's URL: repos' setup.cfg and pyproject.toml are read from it when --src-root lacks them, and who extra accounts are")
	fs.StringVar(&f.credentials, "gerrit-credentials", "", "YAML file with username and http-password, readable by its owner only (default: $"+gerrit.EnvUsername+" and $"+gerrit.EnvPassword+")")
	fs.IntVar(&f.retries, "gerrit-retries", gerrit.DefaultRetries, "retries of a Gerrit request that failed for a reason that may pass (no answer, 5xx)")
	fs.DurationVar(&f.timeout, "gerrit-timeout", gerrit.DefaultTimeout, "time allowed for each Gerrit request")
}

// registerChange adds the flags that read a change from Gerrit and vote on it.
func (f *gerritFlags) registerChange(fs *pflag.FlagSet) {
	if u := fs.Lookup("gerrit-url"); u != nil {
		u.Usage += "; with --change, the change too"
	}
	fs.StringVar(&f.change, "change", "", "with --gerrit-url: read the change from Gerrit instead of --repo: a number, project~number or project~branch~Change-Id")
	fs.StringVar(&f.revision, "revision", "", "with --change: the full commit SHA of the patch set to check")
	fs.BoolVar(&f.doPost, "post", false, "with --change: post the verdict as one review (vote, message, inline comments); needs credentials")
}

// gerritClient is the Gerrit client the flags describe, built once per
// command: repos' files, the change, identities and the post share it. It
// carries the credentials when there are some (a private Gerrit needs them
// to read too), else it is anonymous, enough to read review.opendev.org.
func (a *app) gerritClient(ctx context.Context, f *gerritFlags) (*gerrit.Client, error) {
	return a.services.gerritOnce(func() (*gerrit.Client, error) { return newGerritClient(ctx, f) })
}

func newGerritClient(ctx context.Context, f *gerritFlags) (*gerrit.Client, error) {
	creds, err := f.creds()
	if err != nil {
		return nil, usageError(err)
	}
	switch {
	case f.retries < 0 || f.retries > maxGerritRetries:
		return nil, usageError(fmt.Errorf("--gerrit-retries %d: use 0 to %d", f.retries, maxGerritRetries))
	case f.timeout <= 0:
		return nil, usageError(fmt.Errorf("--gerrit-timeout %s: use a positive duration such as 30s", f.timeout))
	}
	retries := f.retries
	if retries == 0 {
		retries = -1 // gerrit.Options reads 0 as "the default"
	}
	c, err := gerrit.New(ctx, gerrit.Options{URL: f.url, Credentials: creds, Retries: retries, Timeout: f.timeout})
	if err != nil {
		return nil, usageError(fmt.Errorf("--gerrit-url: %w", err))
	}
	return c, nil
}

// creds reads the credentials: the file when given, else the environment;
// none is anonymous.
func (f *gerritFlags) creds() (gerrit.Credentials, error) {
	if f.credentials != "" {
		c, err := gerrit.LoadCredentials(f.credentials)
		if err != nil {
			return c, fmt.Errorf("%s: %w", cmp.Or(f.credentialsName, "--gerrit-credentials"), err)
		}
		return c, nil
	}
	c, _, err := gerrit.CredentialsFromEnv(os.Getenv)
	return c, err
}

// check refuses flags that do not make a whole: a change needs its Gerrit
// and its revision, and posting needs a change.
func (f *gerritFlags) check() error {
	switch {
	case f.doPost && f.change == "":
		return errors.New("--post needs --gerrit-url, --change and --revision: the change to vote on")
	case f.change == "" && f.revision != "":
		return errors.New("--revision needs --change")
	case f.change == "":
		return nil
	case f.url == "":
		return errors.New("--change needs --gerrit-url")
	case f.revision == "":
		return errors.New("--change needs --revision: the full commit SHA of the patch set to check")
	}
	if _, err := gerrit.ChangeID(f.change); err != nil {
		return fmt.Errorf("--change: %w", err)
	}
	if _, err := gerrit.Revision(f.revision); err != nil {
		return fmt.Errorf("--revision: %w", err)
	}
	return nil
}

// readChange reads the change from Gerrit when --change is given, else from
// the local repository. Its callers have checked the flags.
func (a *app) readChange(ctx context.Context, f *gerritFlags, rev *revFlags) (*changes.Change, error) {
	if f.change == "" {
		return rev.readCtx(ctx)
	}
	c, err := a.gerritClient(ctx, f)
	if err != nil {
		return nil, err
	}
	return c.ReadChange(ctx, f.change, f.revision, changes.Paths, changes.AlsoRead)
}

// post posts the review when --post is given. A change that modifies none of
// the files pypiguard reads gets nothing, as Zuul's files: matcher would
// keep the job off it; nor does a revision that is no longer current.
func (a *app) post(ctx context.Context, f *gerritFlags, r *report.Report, pol *policy.Policy) error {
	if !f.doPost {
		return nil
	}
	if len(r.Touched) == 0 && len(r.Events) == 0 {
		// An event with no touched file is a merge bringing another
		// branch's change: it is voted on, its findings in the message.
		a.skipped(fmt.Sprintf("change %s modifies none of the files pypiguard reads", f.change))
		return nil
	}
	c, err := a.gerritClient(ctx, f)
	if err != nil {
		return err
	}
	rv := gerrit.BuildReview(r, pol.Gerrit)
	out, err := c.Post(ctx, f.change, f.revision, rv)
	if errors.Is(err, gerrit.ErrNoCredentials) {
		return usageError(err)
	}
	if err != nil {
		return err
	}
	if !out.Posted {
		a.skipped(out.Skipped)
		return nil
	}
	a.log.Info().Str("change", f.change).Str("revision", f.revision).Interface("applied", out.Applied).
		Str("review", rv.String()).Msg("posted the review")
	return nil
}

// skipped says, on stderr and in the log, why nothing was posted.
func (a *app) skipped(why string) {
	a.log.Warn().Str("reason", why).Msg("nothing posted")
	fmt.Fprintf(a.stderr, "pypiguard: nothing posted: %s\n", why)
}
