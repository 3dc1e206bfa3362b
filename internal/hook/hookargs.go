// Package hook reads what Gerrit's hooks plugin gives a hook: its
// argument list, parsed leniently (the plugin, gerrit/plugins/hooks, writes
// "--name value" pairs and adds names over time), and the site's
// pypiguard.yaml that says what the hook does. It does no I/O: callers read
// the files, so that every input can be fuzzed.
package hook

import (
	"strings"
)

// Args are the arguments of a patchset-created hook. Every field holds the
// value as the plugin gave it: account values keep their literal double
// quotes ("Full Name <email>"), and --change is already URL-escaped.
type Args struct {
	Change              string // ChangeInfo.id: the triplet or project~number, escaped
	Kind                string // REWORK, TRIVIAL_REBASE, ...
	ChangeURL           string
	ChangeOwner         string
	ChangeOwnerUsername string
	Project             string
	Branch              string
	Topic               string
	Uploader            string
	UploaderUsername    string
	Commit              string
	Patchset            string

	// pypiguard's own flags, which may follow the plugin's.
	HookConfig string
	LogLevel   string
	Help       bool

	// Ignored are the names of the flags nobody here knows, in order: the
	// plugin gains flags over time.
	Ignored []string
}

// fields maps each flag that takes a value to its field.
func (a *Args) fields() map[string]*string {
	return map[string]*string{
		"change": &a.Change, "kind": &a.Kind, "change-url": &a.ChangeURL,
		"change-owner": &a.ChangeOwner, "change-owner-username": &a.ChangeOwnerUsername,
		"project": &a.Project, "branch": &a.Branch, "topic": &a.Topic,
		"uploader": &a.Uploader, "uploader-username": &a.UploaderUsername,
		"commit": &a.Commit, "patchset": &a.Patchset,
		"hook-config": &a.HookConfig, "log-level": &a.LogLevel,
	}
}

// Parse reads argv (without the hook's name) as the plugin writes it: every
// flag followed by its value as a separate element, a null value as "". It
// never fails:
//   - the element after a flag is always its value, whatever it looks like:
//     a topic may be "--project", and reading it as a flag would blank the
//     project (and so skip the vote) for anyone who sets that topic;
//   - a flag nobody knows is ignored, with its value: the plugin gains
//     flags over time;
//   - a repeated flag keeps its last value;
//   - a flag at the very end, without a value, reads as "";
//   - "--name=value" is read too, for people testing by hand, and "-h" or
//     "--help" take no value;
//   - elements in flag position that are not flags are ignored.
func Parse(argv []string) Args {
	var a Args
	fields := a.fields()
	for i := 0; i < len(argv); i++ {
		name, value, inline := splitFlag(argv[i])
		switch {
		case name == "":
			continue
		case name == "help" || name == "h":
			a.Help = true
			continue
		}
		if !inline && i+1 < len(argv) {
			i++
			value = argv[i]
		}
		if f, ok := fields[name]; ok {
			*f = value
		} else {
			a.Ignored = append(a.Ignored, name)
		}
	}
	return a
}

// splitFlag reads one element in flag position: "--name", "--name=value",
// or "-h". name is "" when s is not a flag.
func splitFlag(s string) (name, value string, inline bool) {
	switch {
	case s == "-h":
		return "h", "", false
	case !strings.HasPrefix(s, "--") || s == "--":
		return "", "", false
	}
	name, value, inline = strings.Cut(s[2:], "=")
	return name, value, inline
}

// ChangeNumber is the change's number from --change-url
// (https://review.opendev.org/c/openstack/governance/+/912345), or "".
func (a Args) ChangeNumber() string {
	u := strings.TrimRight(a.ChangeURL, "/")
	i := strings.LastIndex(u, "/+/")
	if i < 0 {
		return ""
	}
	n := u[i+3:]
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return ""
	}
	return n
}

// ChangeID is the change id to use in REST paths: --change, or
// project~number from --project and --change-url when --change is empty.
func (a Args) ChangeID() string {
	if a.Change != "" {
		return a.Change
	}
	if n := a.ChangeNumber(); n != "" && a.Project != "" {
		return a.Project + "~" + n
	}
	return ""
}
