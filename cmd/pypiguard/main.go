// Command pypiguard keeps OpenStack's PyPI projects in openstackci's hands:
// it finds what a governance or project-config change adds or moves, asks
// PyPI who can upload each package, and votes on what it finds.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"opendev.org/openstack/pypiguard/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
