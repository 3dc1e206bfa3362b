package pypi

import "strings"

// ChangeKind is what a journal action did, as a stable kebab-case id.
type ChangeKind string

// The kinds of journal action, from warehouse's own wording (pypi/warehouse
// at 6b62157, the files named on each).
const (
	// "add <Role> <user>": the creator (packaging/services.py
	// create_project), an organization's member or an admin
	// (manage/views/__init__.py, admin/views/projects.py); a team's name
	// where a user's goes for team roles. "accepted <Role> <user>": an
	// invitation accepted (accounts/views.py verify_project_role).
	RoleAdded ChangeKind = "role-added"
	// "change Maintainer <user> to Owner" (manage/views/__init__.py
	// change_project_role; manage/views/teams.py for teams).
	RolePromoted ChangeKind = "role-promoted"
	// "change Owner <user> to Maintainer".
	RoleDemoted ChangeKind = "role-demoted"
	// "change <Role> <user> to <Role>" naming one role twice.
	RoleChanged ChangeKind = "role-changed"
	// "remove <Role> <user>" (manage/views/__init__.py delete_project_role;
	// manage/views/organizations.py when a project joins an organization).
	RoleRemoved ChangeKind = "role-removed"
	// "invite <Role> <user>": pending until "accepted" (manage/views/__init__.py).
	RoleInvited ChangeKind = "role-invited"
	// "revoke_invite <Role> <user>" (manage/views/__init__.py revoke_project_role_invitation).
	InviteRevoked ChangeKind = "invite-revoked"

	ProjectCreated       ChangeKind = "project-created"       // "create" (packaging/services.py)
	ProjectRemoved       ChangeKind = "project-removed"       // "remove project" (utils/project.py, admin/views/users.py)
	ProjectQuarantined   ChangeKind = "project-quarantined"   // "project quarantined" (utils/project.py)
	ProjectUnquarantined ChangeKind = "project-unquarantined" // "project quarantine cleared"

	ReleaseAdded         ChangeKind = "release-added"         // "new release" (forklift/legacy.py)
	ReleaseRemoved       ChangeKind = "release-removed"       // "remove release" (manage/views/__init__.py, utils/project.py)
	ReleaseYanked        ChangeKind = "release-yanked"        // "yank release"
	ReleaseUnyanked      ChangeKind = "release-unyanked"      // "unyank release"
	ReleaseQuarantined   ChangeKind = "release-quarantined"   // "release quarantined" (utils/project.py)
	ReleaseUnquarantined ChangeKind = "release-unquarantined" // "release quarantine cleared"
	FileAdded            ChangeKind = "file-added"            // "add <python version> file <filename>" (forklift/legacy.py)
	FileRemoved          ChangeKind = "file-removed"          // "remove file <filename>"

	// Unknown is any other wording: an older PyPI's, or one warehouse
	// adds later. A caller must treat it as a change it cannot rule out.
	Unknown ChangeKind = "unknown"
)

// Change is what one journal action means.
type Change struct {
	Kind    ChangeKind
	Role    string // the role added, removed or invited, or held before a change
	NewRole string // the role held after a change
	Account string // the user, or the team, named
	File    string // the file added or removed
}

// Alert reports whether the change gives someone upload rights they did
// not have: an account added, an invitation accepted, a promotion. An
// attacker taking a project over usually starts there.
func (k ChangeKind) Alert() bool {
	return k == RoleAdded || k == RolePromoted
}

// Pending reports whether the change is an invitation not yet accepted.
func (k ChangeKind) Pending() bool {
	return k == RoleInvited
}

// Recheck reports whether who can upload may have changed, so that an
// audit must ask PyPI again rather than carry its last answer: any role
// change, the project created, removed or quarantined (quarantine hides the
// JSON document), or wording it does not know. Releases, files and
// invitations not yet accepted change no role.
func (k ChangeKind) Recheck() bool {
	switch k {
	case RoleAdded, RolePromoted, RoleDemoted, RoleChanged, RoleRemoved,
		ProjectCreated, ProjectRemoved, ProjectQuarantined, ProjectUnquarantined, Unknown:
		return true
	}
	return false
}

// fixedActions are the actions that name nothing.
var fixedActions = map[string]ChangeKind{
	"create":                     ProjectCreated,
	"remove project":             ProjectRemoved,
	"project quarantined":        ProjectQuarantined,
	"project quarantine cleared": ProjectUnquarantined,
	"new release":                ReleaseAdded,
	"remove release":             ReleaseRemoved,
	"yank release":               ReleaseYanked,
	"unyank release":             ReleaseUnyanked,
	"release quarantined":        ReleaseQuarantined,
	"release quarantine cleared": ReleaseUnquarantined,
}

// roleVerbs are the actions "<verb> <Role> <account>".
var roleVerbs = map[string]ChangeKind{
	"add":           RoleAdded,
	"accepted":      RoleAdded,
	"remove":        RoleRemoved,
	"invite":        RoleInvited,
	"revoke_invite": InviteRevoked,
}

// Classify reads a journal action. It never fails: wording it does not know
// is Unknown.
func Classify(action string) Change {
	if k, ok := fixedActions[action]; ok {
		return Change{Kind: k}
	}
	verb, rest, _ := strings.Cut(action, " ")
	if verb == "change" {
		return classifyChange(rest)
	}
	if k, ok := roleVerbs[verb]; ok {
		if role, who, ok := cutRole(rest); ok {
			return Change{Kind: k, Role: role, Account: who}
		}
	}
	return classifyFile(verb, rest)
}

// classifyChange reads "<Role> <account> to <Role2>"; a team's name may
// hold spaces, so the new role is cut from the end.
func classifyChange(rest string) Change {
	role, who, ok := cutRole(rest)
	if !ok {
		return Change{Kind: Unknown}
	}
	i := strings.LastIndex(who, " to ")
	if i <= 0 || !isRole(who[i+4:]) {
		return Change{Kind: Unknown}
	}
	c := Change{Role: role, NewRole: who[i+4:], Account: who[:i]}
	switch {
	case c.Role == c.NewRole:
		c.Kind = RoleChanged
	case c.NewRole == "Owner":
		c.Kind = RolePromoted
	default:
		c.Kind = RoleDemoted
	}
	return c
}

// classifyFile reads "add <python version> file <filename>" and "remove
// file <filename>".
func classifyFile(verb, rest string) Change {
	if f, ok := strings.CutPrefix(rest, "file "); ok && verb == "remove" && f != "" {
		return Change{Kind: FileRemoved, File: f}
	}
	if _, f, ok := strings.Cut(rest, " file "); ok && verb == "add" && f != "" && !strings.Contains(rest[:len(rest)-len(f)-len(" file ")], " ") {
		return Change{Kind: FileAdded, File: f}
	}
	return Change{Kind: Unknown}
}

// cutRole splits "<Role> <account>".
func cutRole(s string) (role, who string, ok bool) {
	role, who, ok = strings.Cut(s, " ")
	return role, who, ok && isRole(role) && strings.TrimSpace(who) != ""
}

// isRole: the roles of users (Owner, Maintainer) and of teams
// (TeamProjectRoleType: the same two).
func isRole(s string) bool {
	return s == "Owner" || s == "Maintainer"
}
