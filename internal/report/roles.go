package report

// ProjectRoles is what PyPI answered about one name for the roles command:
// who holds the project. It is the look-up's result in the report's words,
// so that render can write it without knowing PyPI's client.
type ProjectRoles struct {
	Name        string // the name as given
	DisplayName string // PyPI's display name, when known
	Exists      bool
	Roles       []Role
	// Organization is the organization's slug, "" when none or unknown.
	Organization string
	// OrganizationUnknown says no PyPI interface could show the
	// organization: Organization is "" but unproven.
	OrganizationUnknown bool
	Source              string // the PyPI interface that answered
	// Err says why PyPI could not answer; when it is set, nothing else
	// but Name is known.
	Err string
}
