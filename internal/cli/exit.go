package cli

import (
	"context"
	"errors"

	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// The exit codes users and tests rely on (docs/design.md section 8).
const (
	ExitOK         = 0 // no violation
	ExitViolation  = 1 // at least one violation
	ExitUsage      = 2 // bad usage, configuration or input
	ExitUnverified = 3 // could not verify: PyPI, Gerrit or git failed
)

// exitError carries an exit code with its error. A nil err exits silently:
// the report has already said why.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withCode attaches an exit code to err (which may be nil).
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// usageError is bad usage: exit 2.
func usageError(err error) error { return withCode(ExitUsage, err) }

// exitCode decides the exit code of a command's error, in one place. Bad
// input (including hostile names) is 2; anything that stopped pypiguard from
// asking what it needed is 3, never a pass and never a violation.
func exitCode(err error) int {
	var (
		ee  *exitError
		ye  *yamlfile.Error
		re  *source.RevisionError
		te  *source.TooLargeError
		nr  *source.NotRegularError
		tm  *guard.TooManyPackagesError
		pe  *policy.Error
		ne  *names.InvalidError
		pne *pypi.NameError
		pye *pypi.Error
		nre *names.ReadError
		ge  *gerrit.Error
		gne *gerrit.NotAppliedError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ge):
		// Gerrit's refusals (bad credentials, a restricted label, a closed
		// change, a bad request) are for the user to fix; no answer or a
		// 5xx after retries is "could not verify".
		if ge.Temporary() {
			return ExitUnverified
		}
		return ExitUsage
	case errors.As(err, &gne):
		return ExitUsage
	case errors.As(err, &ye), errors.As(err, &re), errors.As(err, &te), errors.As(err, &nr), errors.As(err, &tm), errors.As(err, &pe),
		errors.As(err, &ne), errors.As(err, &pne), errors.Is(err, guard.ErrUnknownRepo):
		return ExitUsage
	case errors.As(err, &pye), errors.As(err, &nre), errors.Is(err, source.ErrGitMissing),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return ExitUnverified
	}
	return ExitUsage
}
