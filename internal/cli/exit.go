package cli

import (
	"context"
	"errors"

	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// The exit codes users and tests rely on (DESIGN.md section 8).
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

// exitCode decides the exit code of a command's error, in one place.
func exitCode(err error) int {
	var ee *exitError
	var ye *yamlfile.Error
	var re *source.RevisionError
	var te *source.TooLargeError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ye), errors.As(err, &re), errors.As(err, &te):
		return ExitUsage
	case errors.Is(err, source.ErrGitMissing), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return ExitUnverified
	}
	return ExitUsage
}
