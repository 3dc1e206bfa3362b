// Command fakepypi serves a fake PyPI for demos and scripts:
//
//	fakepypi --world FILE [--addr 127.0.0.1:0] [--latency 50ms] [--no-ownership] [--html old|new]
//	         [--journal-page-size N] [--xmlrpc-limit Q --xmlrpc-window D [--ratelimit-headers]]
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
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
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
	pageSize := fs.Int("journal-page-size", fakepypi.DefaultJournalPageSize, "the most entries changelog_since_serial answers")
	limit := fs.Int("xmlrpc-limit", 0, "XML-RPC rate limit, warehouse's amount: Q per --xmlrpc-window lets Q-1 calls through (0: none)")
	window := fs.Duration("xmlrpc-window", time.Second, "the XML-RPC rate limit's moving window")
	headers := fs.Bool("ratelimit-headers", false, "send RateLimit-Policy and RateLimit on XML-RPC answers")
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
	s, err := fakepypi.Listen(*addr, w, fakepypi.Options{Latency: *latency, NoOwnership: *noOwnership, Markup: fakepypi.Markup(*markup),
		JournalPageSize: *pageSize, Throttle: fakepypi.Throttle{Limit: *limit, Window: *window, Headers: *headers}})
	if err != nil {
		return fmt.Errorf("fakepypi: %w", err)
	}
	defer s.Close()
	fmt.Fprintln(stdout, s.URL)
	<-ctx.Done()
	return nil
}
