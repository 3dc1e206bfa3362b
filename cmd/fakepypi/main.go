// Command fakepypi serves a fake PyPI for demos and scripts:
//
//	fakepypi --world FILE [--addr 127.0.0.1:0] [--latency 50ms] [--no-ownership] [--html old|new]
//
// It prints its base URL as the first line of stdout, for --pypi-url, and
// serves until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"opendev.org/openstack/pypiguard/internal/fakepypi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakepypi", flag.ContinueOnError)
	world := fs.String("world", "", "the world file: JSON {\"projects\": [...]} (required)")
	addr := fs.String("addr", "127.0.0.1:0", "the address to listen on")
	latency := fs.Duration("latency", 0, "latency added to every request")
	noOwnership := fs.Bool("no-ownership", false, "leave the ownership key out of the JSON API, like PyPI before February 2026")
	markup := fs.String("html", "new", "project page markup: new or old")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *world == "" || (*markup != "new" && *markup != "old") || fs.NArg() > 0 {
		return fmt.Errorf("fakepypi: usage: fakepypi --world FILE [--addr 127.0.0.1:0] [--latency 50ms] [--no-ownership] [--html old|new]")
	}
	w, err := fakepypi.LoadWorld(*world)
	if err != nil {
		return err
	}
	s, err := fakepypi.Listen(*addr, w, fakepypi.Options{Latency: *latency, NoOwnership: *noOwnership, Markup: fakepypi.Markup(*markup)})
	if err != nil {
		return fmt.Errorf("fakepypi: %w", err)
	}
	defer s.Close()
	fmt.Fprintln(stdout, s.URL)
	<-ctx.Done()
	return nil
}
