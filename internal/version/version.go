// Package version tells which pypiguard is running, for the User-Agent sent
// to PyPI and Gerrit and for the metadata of every report.
package version

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
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

// String returns the version: the one set at link time, else the module's
// version (go install module@version), else the VCS revision the binary was
// built from (go build in a git clone), else a digest of the binary itself,
// so that two reports can always tell whether the same pypiguard wrote them.
func String() string {
	once.Do(func() {
		if Version != "" {
			return
		}
		bi, _ := debug.ReadBuildInfo()
		Version = FromBuildInfo(bi, executableDigest)
	})
	return Version
}

// FromBuildInfo is the version that build information gives, falling back
// to "build-" and digest() when it holds neither a module version nor a VCS
// revision (a binary built with -buildvcs=false, or from a git worktree,
// whose .git is a file that the go command does not stamp from).
func FromBuildInfo(bi *debug.BuildInfo, digest func() string) string {
	if bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	if bi != nil {
		if v := vcsVersion(bi.Settings); v != "" {
			return v
		}
	}
	if d := digest(); d != "" {
		return "build-" + d
	}
	return "unknown"
}

// vcsVersion is "rev-<12 hex>" (with "-dirty" when the tree had
// uncommitted changes), from the vcs.* settings the go command records.
func vcsVersion(settings []debug.BuildSetting) string {
	var rev, modified string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "rev-" + rev
	if modified == "true" {
		v += "-dirty"
	}
	return v
}

// executableDigest is the first 12 hex digits of the SHA-256 of the running
// binary, or "" when it cannot be read.
func executableDigest() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// UserAgent is the User-Agent of every HTTP request pypiguard makes: PyPI's
// API policy asks heavy consumers for a unique one with contact details.
func UserAgent() string {
	return "pypiguard/" + String() + " (+" + ContactURL + ")"
}
