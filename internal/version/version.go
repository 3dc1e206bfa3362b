// Package version tells which pypiguard is running, for the User-Agent sent
// to PyPI and Gerrit and for the metadata of every report.
package version

import (
	"runtime/debug"
	"sync"
)

// Version is set at link time with
// -ldflags "-X opendev.org/openstack/pypiguard/internal/version.Version=1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

// ContactURL is where PyPI's operators can find out who sends these requests.
const ContactURL = "https://opendev.org/openstack/pypiguard"

var once sync.Once

// String returns the version, "devel" when nothing better is known.
func String() string {
	once.Do(func() {
		if Version != "" {
			return
		}
		Version = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			Version = bi.Main.Version
		}
	})
	return Version
}

// UserAgent is the User-Agent of every HTTP request pypiguard makes: PyPI's
// API policy asks heavy consumers for a unique one with contact details.
func UserAgent() string {
	return "pypiguard/" + String() + " (+" + ContactURL + ")"
}
