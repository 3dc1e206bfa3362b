package cli

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/changes"
	"opendev.org/openstack/pypiguard/internal/gerrit"
	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/names"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/retry"
	"opendev.org/openstack/pypiguard/internal/source"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// TestExitCodesFromTheErrors: each error says what it means for the exit
// status, however deeply it is wrapped.
func TestExitCodesFromTheErrors(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("check: %w", err) }
	cases := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{withCode(ExitViolation, nil), ExitViolation},
		{wrap(&yamlfile.Error{File: "f", Line: 1, Msg: "x"}), ExitUsage},
		{wrap(&source.RevisionError{Rev: "x"}), ExitUsage},
		{wrap(&source.NotRegularError{Path: "p"}), ExitUsage},
		{wrap(&source.TooLargeError{Path: "p"}), ExitUsage},
		{wrap(&guard.TooManyPackagesError{N: 2, Max: 1}), ExitUsage},
		{wrap(changes.ErrUnknownRepo), ExitUsage},
		{wrap(&policy.Error{}), ExitUsage},
		{wrap(&names.InvalidError{}), ExitUsage},
		{wrap(&pypi.NameError{}), ExitUsage},
		{wrap(&gerrit.Error{Op: "post", Code: 403}), ExitUsage},
		{wrap(&gerrit.Error{Op: "post", Code: 503}), ExitUnverified},
		{wrap(&pypi.Error{}), ExitUnverified},
		{wrap(&names.ReadError{Err: errors.New("x")}), ExitUnverified},
		{wrap(source.ErrGitMissing), ExitUnverified},
		{wrap(&retry.DeadlineError{}), ExitUnverified},
		{wrap(context.DeadlineExceeded), ExitUnverified},
		{errors.New("anything else"), ExitUsage},
	}
	for _, tc := range cases {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("%T %v: exit %d, want %d", tc.err, tc.err, got, tc.want)
		}
	}
	if !errors.Is(wrap(source.ErrGitMissing), source.ErrGitMissing) || !errors.Is(wrap(changes.ErrUnknownRepo), changes.ErrUnknownRepo) {
		t.Error("the sentinel errors are no longer comparable")
	}
}

// TestExitLogicImportsNoDomainPackage: the exit status is decided from
// what errors say of themselves, so exit.go needs none of the packages that
// make them.
func TestExitLogicImportsNoDomainPackage(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "exit.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		if strings.Contains(imp.Path.Value, "opendev.org/openstack/pypiguard/") {
			t.Errorf("exit.go imports %s", imp.Path.Value)
		}
	}
}
