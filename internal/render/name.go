package render

import (
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// How a finding's package name was decided, in the words every renderer
// (and the Gerrit review) uses: the name is the one thing a reader must be
// able to doubt when it was only guessed.

// nameLabel is a finding's package, marked "(guessed)" when no file
// declares it; the repo when there is no package.
func nameLabel(f report.Finding) string {
	if f.Package == "" {
		return f.Repo
	}
	if f.Guessed {
		return f.Package + " (guessed)"
	}
	return f.Package
}

// nameLine says where the package name came from: "nova (from basename,
// guessed)", followed, when the build's own name cannot be known, by why
// and that the real name may differ. "" when there is no package.
func nameLine(f report.Finding) string {
	if f.Package == "" {
		return ""
	}
	from := f.NameSource
	if f.Guessed {
		from += ", guessed"
	}
	s := f.Package
	if from != "" {
		s += " (from " + strings.TrimPrefix(from, ", ") + ")"
	}
	if f.NameUnknown != "" {
		s += ": " + strings.TrimSuffix(f.NameUnknown, ".") + "; the real name may differ"
	}
	return s
}

// nameGuessed is NameLine when the name was guessed, else "": a declared
// name needs no word outside the text report.
func nameGuessed(f report.Finding) string {
	if !f.Guessed && f.NameUnknown == "" {
		return ""
	}
	return nameLine(f)
}

// nameDoubt is NameLine when the build's own name cannot be known, else "":
// where words are few (Zuul and Gerrit comments), NameLabel's "(guessed)"
// says the rest.
func nameDoubt(f report.Finding) string {
	if f.NameUnknown == "" {
		return ""
	}
	return nameLine(f)
}

// nameAndRepo is "nova (repo openstack/nova)", or "nova (guessed, repo
// openstack/nova)".
func nameAndRepo(f report.Finding) string {
	if f.Package != "" && f.Guessed {
		return f.Package + " (guessed, repo " + f.Repo + ")"
	}
	return orRepo(f.Package, f.Repo) + " (repo " + f.Repo + ")"
}

// alsoLines say what PyPI holds under each other name the repo could
// publish under: "also checked heat (basename, guessed): held by X
// (Owner)". A name someone else holds is a warning in words, never a
// change of the finding's status.
func alsoLines(f report.Finding) []string {
	out := make([]string, 0, len(f.AlsoChecked))
	for _, a := range f.AlsoChecked {
		from := a.Source
		if a.Guessed {
			from += ", guessed"
		}
		s := "also checked " + a.Name + " (" + from + "): " + alsoHeld(a)
		if a.Status.Fails() {
			s += "; if the repo publishes under this name, that is " + string(a.Status)
		}
		out = append(out, s)
	}
	return out
}

func alsoHeld(a report.AlsoChecked) string {
	switch {
	case a.Status == report.Pending:
		return "not on PyPI"
	case a.Error != "":
		return "could not be verified: " + a.Error
	case len(a.Accounts) == 0 && a.Organization == "":
		return string(a.Status)
	}
	return "held by " + listed(a.Accounts, a.Organization)
}
