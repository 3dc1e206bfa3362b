package main

import (
	"os"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// The tests of this package drive the built binary end to end, as users and
// Zuul do.
func TestMain(m *testing.M) {
	code := m.Run()
	fixture.RemoveBinary()
	os.Exit(code)
}
