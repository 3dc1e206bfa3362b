package cli

import (
	"context"
	"errors"
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

// exitCode decides the exit code of a command's error, in one place, from
// what the error says of itself (docs/design.md section 8): an error that is
// BadInput (a refused file, a bad flag, a hostile name, Gerrit refusing) is
// 2; one that is Unverified (PyPI, Gerrit or git could not be asked, time
// ran out) is 3, never a pass and never a violation. Anything else is 2.
func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return ExitUnverified
	}
	var in interface{ BadInput() bool }
	if errors.As(err, &in) && in.BadInput() {
		return ExitUsage
	}
	var un interface{ Unverified() bool }
	if errors.As(err, &un) && un.Unverified() {
		return ExitUnverified
	}
	return ExitUsage
}
