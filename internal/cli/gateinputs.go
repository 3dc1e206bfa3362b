package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/source"
)

// EnvOpenDevURL overrides where check and audit clone OpenStack's
// repositories from (default https://opendev.org): a mirror, or, in tests,
// a folder of bare repositories.
const EnvOpenDevURL = "PYPIGUARD_OPENDEV_URL"

const defaultOpenDevURL = "https://opendev.org"

// gateFlags make a local check read what the gate reads: project-config
// (which repos publish to PyPI) and releases (pypi-name), cloned into the
// cache and brought up to date unless given or --offline.
type gateFlags struct {
	cacheDir string
	offline  bool
	opendev  string
	jf       *judgeFlags
}

func (g *gateFlags) register(fs *pflag.FlagSet, jf *judgeFlags) {
	g.jf = jf
	fs.StringVar(&g.cacheDir, "cache-dir", "", "where OpenStack's repositories are cloned and kept up to date (default: pypiguard in the user's cache directory, e.g. ~/.cache/pypiguard)")
	fs.BoolVar(&g.offline, "offline", false, "use the clones of project-config and releases the cache holds, without updating them")
	fs.StringVar(&g.opendev, "opendev-url", "", "where project-config and releases are cloned from: <URL>/openstack/<repo> (default: $"+EnvOpenDevURL+", else "+defaultOpenDevURL+")")
}

// cache is the cache directory: --cache-dir, else the user's.
func cacheDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", usageError(fmt.Errorf("no cache directory (%v): pass --cache-dir", err))
	}
	return filepath.Join(dir, "pypiguard"), nil
}

// openDevURL is the base URL repositories are cloned from.
func openDevURL(flag string) string {
	for _, u := range []string{flag, os.Getenv(EnvOpenDevURL), defaultOpenDevURL} {
		if u != "" {
			return strings.TrimSuffix(u, "/")
		}
	}
	return defaultOpenDevURL
}

// resolve fills --project-config and --releases with the gate's inputs
// where the user gave none, and returns the notes that say what this run
// lacks that the gate has. Failing to get them is not an error: the run
// goes on, and says its verdict may differ from the gate's.
func (g *gateFlags) resolve(ctx context.Context) ([]string, error) {
	cache, err := cacheDir(g.cacheDir)
	if err != nil {
		return nil, err
	}
	base := openDevURL(g.opendev)
	var notes []string
	for _, in := range []struct {
		repo, flag, lacks string
		dir               *string
	}{
		{"project-config", "--project-config", "which repos publish to PyPI is unknown, so every repo is looked up as if it published (a repo that does not may be called critical for a name someone else holds)", &g.jf.projectConfig},
		{"releases", "--releases", "names are not read from its repository-settings pypi-name", &g.jf.releases},
	} {
		if *in.dir != "" {
			if source.IsURL(*in.dir) {
				dir, err := source.Fetch(ctx, *in.dir, cache)
				if err != nil {
					return nil, withCode(ExitUnverified, fmt.Errorf("%s: %w", in.flag, err))
				}
				*in.dir = dir
			}
			continue
		}
		dir, why := g.get(ctx, base+"/openstack/"+in.repo, cache)
		if dir != "" {
			*in.dir = dir
			if why != "" {
				notes = append(notes, fmt.Sprintf("openstack/%s %s: the cached clone is used, which may be behind the gate's; pass %s DIR to choose one", in.repo, why, in.flag))
			}
			continue
		}
		notes = append(notes, fmt.Sprintf("the verdict may differ from the gate's: openstack/%s %s, and %s; pass %s DIR, or re-run with the network",
			in.repo, why, in.lacks, in.flag))
	}
	return notes, nil
}

// get clones or updates url in the cache (only looks there when
// --offline), and returns the checkout, or why there is none.
func (g *gateFlags) get(ctx context.Context, url, cache string) (string, string) {
	if g.offline {
		if dir, ok := source.Cached(url, cache); ok {
			return dir, ""
		}
		return "", "is not in the cache " + cache + " (--offline)"
	}
	dir, err := source.Fetch(ctx, url, cache)
	if err != nil {
		if dir, ok := source.Cached(url, cache); ok {
			return dir, "could not be updated from " + url + " (" + fetchReason(err) + ")"
		}
		return "", "could not be cloned from " + url + " (" + fetchReason(err) + ")"
	}
	return dir, ""
}

// fetchReason is git's last line, which says what went wrong.
func fetchReason(err error) string {
	msg := strings.TrimSpace(err.Error())
	if fe, ok := err.(*source.FetchError); ok {
		msg = strings.TrimSpace(fe.Detail)
	}
	lines := strings.Split(msg, "\n")
	for _, l := range lines {
		// git's own lines: "fatal: ..." says what failed, what follows
		// ("Please make sure you have the correct access rights...") less.
		if i := strings.Index(l, "fatal: "); i >= 0 {
			return strings.TrimSpace(l[i+len("fatal: "):])
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// localInputs prepares a check of a local change (no --change): the
// working tree when it holds edits, and the gate's inputs.
func (a *app) localInputs(cmd *cobra.Command, rev *revFlags, jf *judgeFlags, gf *gateFlags) ([]string, error) {
	if jf.gerrit.change != "" {
		return nil, nil
	}
	note, err := rev.worktree(cmd)
	if err != nil {
		return nil, err
	}
	notes, err := gf.resolve(cmd.Context())
	return append([]string{note}, notes...), err
}

// addNotes adds the non-empty notes to the report, and logs them, so that
// they are seen whatever the format.
func (a *app) addNotes(r *report.Report, notes []string) {
	for _, n := range notes {
		if n != "" {
			r.Notes = append(r.Notes, n)
			a.log.Warn().Msg(n)
		}
	}
}

// localDirError says what is wrong with a directory given for flag, in the
// user's words: the flag, the path, and what to give instead.
func localDirError(flag, repo, dir string, err error) error {
	reason := "cannot be read"
	st, serr := os.Stat(dir)
	switch {
	case serr == nil && !st.IsDir():
		reason = "is a file, not a directory"
	case errors.Is(err, fs.ErrNotExist):
		reason = "no such directory"
	case errors.Is(err, fs.ErrPermission):
		reason = "permission denied"
	default:
		var nr *source.NotRegularError
		if errors.As(err, &nr) {
			return fmt.Errorf("--%s: %w", flag, err)
		}
	}
	return fmt.Errorf("--%s %s: %s; point it at %s", flag, dir, reason, repo)
}

// repoOfFlag names the repository a directory flag wants.
var repoOfFlag = map[string]string{"project-config": "a checkout of openstack/project-config or its git URL",
	"releases": "a checkout of openstack/releases or its git URL", "governance": "a checkout of openstack/governance or its git URL",
	"src-root": "a folder of repos in Zuul's layout (<DIR>/opendev.org/<org>/<repo>)"}
