package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"opendev.org/openstack/pypiguard/internal/guard"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
)

// watchFlags are watch's own flags.
type watchFlags struct {
	pypi     pypiFlags
	state    string
	interval time.Duration
	format   string
	audit    string
	owner    string
	releases string
	poll     time.Duration // each poll's deadline: --timeout
	// rc, with --releases, makes a new release openstack/releases never
	// recorded an alert.
	rc *guard.ReleaseCheck
}

// watchState is the state file: where the last successful poll ended.
type watchState struct {
	Serial  int64     `json:"serial"`
	PyPIURL string    `json:"pypi_url"`
	Updated time.Time `json:"updated"`
}

func (a *app) watchCommand() *cobra.Command {
	var wf watchFlags
	cmd := &cobra.Command{
		Use:   "watch --state FILE",
		Short: "Report PyPI journal entries about governed packages; alert on new accounts",
		Long: `watch reads PyPI's journal since the serial in --state and reports each entry
about a package the audit report given with --audit-report judges, or one the
owner account holds a role on (XML-RPC user_packages). An account added, an
invitation accepted or a promotion to Owner is an alert; removals, releases
and files are information. The state file is written (atomically) only after
a poll that succeeded; without one, watch starts from PyPI's current serial.

With --interval, it polls every interval until interrupted, and ends with a
status line.

Exit codes: 0 nothing alarming, 1 an alert, 2 bad usage or state file, 3 PyPI
could not be read (the state file is left as it was).`,
		Args: args(cobra.NoArgs),
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			// --timeout bounds each poll, not a watch that runs for days.
			wf.poll, a.timeout = a.timeout, 0
			return a.setup(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.watch(cmd.Context(), &wf)
		},
	}
	fs := cmd.Flags()
	wf.pypi.register(fs)
	fs.StringVar(&wf.state, "state", "", "the state file: PyPI's serial where the last poll ended (required)")
	fs.DurationVar(&wf.interval, "interval", 0, "poll every interval until interrupted (default: poll once)")
	fs.StringVar(&wf.format, "format", "text", "text, or json (one JSON object a line)")
	fs.StringVar(&wf.audit, "audit-report", "", "an audit's report.json: the governed packages to watch")
	fs.StringVar(&wf.owner, "owner", "openstackci", "the account whose packages (XML-RPC user_packages) are watched too")
	fs.StringVar(&wf.releases, "releases", "", "a checkout of openstack/releases: a new release of a package the audit report judges that it never recorded is an alert")
	return cmd
}

func (wf *watchFlags) check() error {
	switch {
	case wf.state == "":
		return usageError(errors.New("watch: --state FILE is required: where the serial of the last poll is kept"))
	case wf.interval < 0 || wf.interval > 0 && wf.interval < time.Second:
		return usageError(fmt.Errorf("--interval %s: use 0 (one poll) or at least 1s", wf.interval))
	}
	return oneOf("format", wf.format, "text", "json")
}

func (a *app) watch(ctx context.Context, wf *watchFlags) error {
	if err := wf.check(); err != nil {
		return err
	}
	audit, err := loadBaseline(wf.audit)
	if err != nil {
		return err
	}
	if wf.releases == "" && audit != nil {
		why, err := defaultReleases(ctx, "", &wf.releases)
		if err != nil {
			return err
		}
		if why != "" {
			fmt.Fprintf(a.stderr, "pypiguard watch: new releases are not compared with openstack/releases: %s\n", why)
		}
	}
	if wf.releases != "" {
		if audit == nil {
			return usageError(errors.New("watch: --releases needs --audit-report, which maps each package to its repos"))
		}
		ix, _, err := newCheckouts("", "", wf.releases, nil).Releases(ctx)
		if err != nil {
			return err
		}
		wf.rc = guard.NewReleaseCheck(ix, audit)
	}
	client, err := a.pypiClient(&wf.pypi)
	if err != nil {
		return err
	}
	if wf.interval == 0 {
		alerts, err := a.poll(ctx, wf, client, audit)
		return watchExit(alerts, err)
	}
	return a.watchLoop(ctx, wf, client, audit)
}

// watchLoop polls every interval until ctx ends: a failed poll is logged
// and retried at the next tick; the exit says whether any poll alerted.
func (a *app) watchLoop(ctx context.Context, wf *watchFlags, client *pypi.Client, audit *report.Report) error {
	tick := time.NewTicker(wf.interval)
	defer tick.Stop()
	var alerts, polls, failed int
	for {
		n, err := a.poll(ctx, wf, client, audit)
		polls++
		alerts += n
		if err != nil {
			failed++
			a.log.Error().Err(err).Msg("poll failed; the state file is unchanged, retrying at the next interval")
		}
		select {
		case <-ctx.Done():
			fmt.Fprintf(a.stderr, "pypiguard watch: stopped after %d polls: %d alerts, %d polls failed\n", polls, alerts, failed)
			if alerts > 0 {
				return withCode(ExitViolation, nil)
			}
			return nil
		case <-tick.C:
		}
	}
}

// poll reads the journal since the state's serial once, reports the
// entries about watched packages, and moves the state on.
func (a *app) poll(ctx context.Context, wf *watchFlags, client *pypi.Client, audit *report.Report) (int, error) {
	if wf.poll > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, wf.poll)
		defer cancel()
	}
	st, err := readState(wf.state, wf.pypi.url)
	if err != nil {
		return 0, err
	}
	if st == nil {
		return 0, a.startState(ctx, wf, client)
	}
	entries, last, err := guard.Watch(ctx, client, wf.owner, audit, wf.rc, st.Serial)
	if err != nil {
		return 0, err
	}
	alerts := 0
	for _, e := range entries {
		if e.Alert {
			alerts++
		}
		if err := render.WatchLine(a.stdout, e, wf.format); err != nil {
			return alerts, err
		}
	}
	return alerts, writeState(wf.state, watchState{Serial: last, PyPIURL: wf.pypi.url, Updated: time.Now().UTC()})
}

// startState begins a watch at PyPI's current serial.
func (a *app) startState(ctx context.Context, wf *watchFlags, client *pypi.Client) error {
	serial, err := client.LastSerial(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "pypiguard watch: no state file %s: starting from PyPI's current serial %d; entries before it are not reported\n", wf.state, serial)
	return writeState(wf.state, watchState{Serial: serial, PyPIURL: wf.pypi.url, Updated: time.Now().UTC()})
}

// readState reads the state file; nil when there is none yet.
func readState(path, url string) (*watchState, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, usageError(fmt.Errorf("--state: %w", err))
	}
	var st watchState
	if err := json.Unmarshal(data, &st); err != nil || st.Serial <= 0 {
		return nil, usageError(fmt.Errorf("--state %s is not a pypiguard watch state (%v): remove it to start from PyPI's current serial", path, err))
	}
	if st.PyPIURL != url {
		return nil, usageError(fmt.Errorf("--state %s holds a serial of %s, not of --pypi-url %s: serials belong to one index; use another state file", path, st.PyPIURL, url))
	}
	return &st, nil
}

// writeState replaces the state file atomically: a temporary file in the
// same directory, synced, then renamed over it.
func writeState(path string, st watchState) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pypiguard-watch-*")
	if err != nil {
		return usageError(fmt.Errorf("--state: %w", err))
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return usageError(fmt.Errorf("--state %s: %w", path, err))
	}
	return nil
}

// watchExit: an alert is exit 1; a poll that could not be made is 3 (or 2
// for a bad state file).
func watchExit(alerts int, err error) error {
	switch {
	case err != nil:
		return err
	case alerts > 0:
		return withCode(ExitViolation, nil)
	}
	return nil
}
