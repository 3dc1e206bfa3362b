package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// settingsError is an error of the hook told in its user's words: the hook
// is configured by its settings file, so a hint naming a flag
// (--gerrit-credentials, which the hook passes itself) names the setting
// instead. It unwraps to the error, whose exit code it keeps.
type settingsError struct{ err error }

// hookWords maps the flags the hook sets itself to the settings that set them.
var hookWords = strings.NewReplacer(
	"pass --gerrit-credentials FILE", "fix credentials in the hook's settings",
	"--gerrit-credentials FILE", "the hook's setting credentials",
	"--gerrit-credentials", "the hook's setting credentials",
	"--gerrit-url", "the hook's setting gerrit-url",
	"--pypi-url", "the hook's setting pypi-url",
	"--config", "the hook's setting policy",
)

func (e *settingsError) Error() string { return hookWords.Replace(e.err.Error()) }
func (e *settingsError) Unwrap() error { return e.err }

// inSettings words err for the hook's user; nil stays nil.
func inSettings(err error) error {
	if err == nil || err.Error() == "" {
		return err
	}
	return &settingsError{err: err}
}

// hookTimeoutHelp keeps the hook's help from showing pypiguard's --timeout
// (default 30m): the hook is bounded by its settings' timeout, default
// hook.DefaultTimeout, which its help text gives.
func hookTimeoutHelp(cmd *cobra.Command) {
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if f := c.InheritedFlags().Lookup("timeout"); f != nil {
			f.Hidden = true
			defer func() { f.Hidden = false }()
		}
		c.Root().HelpFunc()(c, args)
	})
}
