// Package pypi asks PyPI who can upload a project: its direct collaborators
// (Owner, Maintainer) and its organization. The JSON API's ownership key is
// asked first; XML-RPC package_roles and the project page are the fall-backs
// (docs/design.md section 5).
//
// The package never logs. A look-up that could not be answered is an *Error,
// never an Ownership without roles: "could not ask" must not read as "nobody
// can upload".
package pypi

// Role is one account's direct role on a project.
type Role struct {
	Role string `json:"role"` // "Owner" or "Maintainer"; "Unknown" when only the project page was read
	User string `json:"user"`
}

// RoleUnknown is the role given to each of several collaborators read from
// the project page, which does not tell Owner from Maintainer.
const RoleUnknown = "Unknown"

// Source says which interface answered.
type Source string

// The sources, in the order they are asked.
const (
	SourceJSON   Source = "json"   // the JSON API's ownership key
	SourceXMLRPC Source = "xmlrpc" // XML-RPC package_roles (plus the project page's organization box)
	SourceHTML   Source = "html"   // the project page alone
)

// Ownership is what PyPI says about who can upload a project. Organization
// owners, team members and trusted publishers are never listed by any PyPI
// interface: a non-empty Organization means more people can upload.
type Ownership struct {
	Name         string // the normalized name asked for
	DisplayName  string // PyPI's display name, when known
	Exists       bool
	Roles        []Role
	Organization string // the organization's slug, "" when none
	// OrganizationUnknown is set when no source could show an organization:
	// a project without releases has neither a JSON document nor a project
	// page, and XML-RPC never tells. Organization is then "" but unproven.
	OrganizationUnknown bool
	Source              Source
	// Releases are the versions PyPI holds and their files, from the same
	// JSON API answer that gave the roles (no extra request); nil when that
	// answer was not read (the project has no JSON document, or the roles
	// came from elsewhere and the document had none). ReleasesKnown says
	// they were read.
	Releases      []Release
	ReleasesKnown bool
}

// clone returns a copy that shares nothing with o, so that cached answers
// cannot be changed through what callers were given.
func (o *Ownership) clone() *Ownership {
	c := *o
	c.Roles = append(make([]Role, 0, len(o.Roles)), o.Roles...)
	c.Releases = cloneReleases(o.Releases)
	return &c
}

// Result is the answer about one name given to Lookup.
type Result struct {
	Name      string // the name as given
	Ownership *Ownership
	Err       error
}

// Package is one project a user has a direct role on.
type Package struct {
	Role string // "Owner" or "Maintainer"
	Name string // the project's display name
}

// Stats counts the requests a Client actually sent, retries and redirects
// included.
type Stats struct {
	JSON, XMLRPC, Simple, HTML int
}
