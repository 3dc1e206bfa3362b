// Package acl reads Gerrit ACL files (project.config, kept in
// openstack/project-config as gerrit/acls/<org>/<name>.config) and finds a
// project's core groups: the groups that may vote Code-Review +2 on every
// branch (refs/heads/*), following inheritFrom as Gerrit does.
//
// It is pure: it reads file contents that the caller hands over, through the
// small Loader for the files of a project-config checkout.
//
// The rules follow Gerrit's own code (GerritCodeReview/gerrit):
// server/project/ProjectConfig.java (onLoad, loadAccessSections,
// loadPermissionRules), entities/PermissionRule.java (fromString),
// entities/Permission.java (isLabel), entities/AccessSection.java and
// server/permissions/PermissionCollection.java (calculateAllowRules,
// findBlocks); the file syntax is git-config's (see config.go).
package acl

import (
	"fmt"
	"strconv"
	"strings"
)

// Action is what a rule does.
type Action string

// The actions of PermissionRule.fromString. Deny is gone from Gerrit but
// old files may still hold it: it grants nothing.
const (
	Allow Action = "allow"
	Block Action = "block"
	Deny  Action = "deny"
	Other Action = "other" // interactive, batch: capabilities only
)

// Rule is one value of a permission: "[block] [+force] [-2..+2] group NAME".
type Rule struct {
	Action   Action
	Force    bool
	Min, Max int // 0..0 when the rule has no range
	Group    string
	Line     int
}

// Permission is one permission of an access section, such as
// "label-Code-Review", with its rules in file order.
type Permission struct {
	Name      string // as first written; compared case-insensitively, as AccessSection.getPermission does
	Exclusive bool   // listed in exclusiveGroupPermissions: inherited rules stop here
	Rules     []Rule
}

// Section is an [access "<ref pattern>"] section; sections written twice
// are one, as JGit reads them.
type Section struct {
	Ref         string
	Permissions []*Permission
	Line        int // of the first variable
}

// File is one ACL file, as far as access goes.
type File struct {
	Name string
	// Parent is [access] inheritFrom: the project whose access rules
	// this one inherits; "" for All-Projects' children.
	Parent   string
	Sections []*Section
	// Warnings are rules Gerrit would skip with a validation error.
	Warnings []string
}

// Permission returns the section's permission name, compared
// case-insensitively, or nil.
func (s *Section) Permission(name string) *Permission {
	for _, p := range s.Permissions {
		if strings.EqualFold(p.Name, name) {
			return p
		}
	}
	return nil
}

// Section returns the access section of ref pattern ref, or nil.
func (f *File) Section(ref string) *Section {
	for _, s := range f.Sections {
		if s.Ref == ref {
			return s
		}
	}
	return nil
}

// Parse reads an ACL file. name is used in errors. A syntax error, or more
// than one inheritFrom, is an error (Gerrit refuses both); a rule Gerrit
// would skip is a warning.
func Parse(name string, data []byte) (*File, error) {
	entries, err := parseConfig(name, data)
	if err != nil {
		return nil, err
	}
	f := &File{Name: name}
	var parents []entry
	for _, e := range entries {
		switch {
		case e.section != "access":
		case e.subsection == "" && strings.EqualFold(e.name, "inheritFrom"):
			parents = append(parents, e)
		case isRefSection(e.subsection):
			f.add(e)
		}
	}
	if len(parents) > 1 {
		return nil, &SyntaxError{File: name, Line: parents[1].line, Msg: "inheritFrom is set more than once; Gerrit refuses it (\"Cannot inherit from multiple projects\")"}
	}
	if len(parents) == 1 {
		f.Parent = strings.TrimSpace(parents[0].value)
	}
	return f, nil
}

// isRefSection is AccessSection.isValidRefSectionName: other [access]
// subsections are ignored by Gerrit.
func isRefSection(s string) bool {
	return strings.HasPrefix(s, "refs/") || strings.HasPrefix(s, "^refs/")
}

// add puts one variable of an access section into f.
func (f *File) add(e entry) {
	s := f.Section(e.subsection)
	if s == nil {
		s = &Section{Ref: e.subsection, Line: e.line}
		f.Sections = append(f.Sections, s)
	}
	if strings.EqualFold(e.name, "exclusiveGroupPermissions") {
		// Split on runs of ',', ' ' and tab (EXCLUSIVE_PERMISSIONS_SPLIT_PATTERN).
		for _, n := range strings.FieldsFunc(e.value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if isPermission(n) {
				s.upsert(n).Exclusive = true
			}
		}
		return
	}
	if !isPermission(e.name) {
		return // Gerrit keeps unknown permissions aside; none is a label
	}
	r, err := parseRule(e.value, hasRange(e.name))
	if err != nil {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s:%d: %s: %v; Gerrit skips this rule", f.Name, e.line, e.name, err))
		return
	}
	r.Line = e.line
	p := s.upsert(e.name)
	p.Rules = append(p.Rules, r)
}

func (s *Section) upsert(name string) *Permission {
	if p := s.Permission(name); p != nil {
		return p
	}
	p := &Permission{Name: name}
	s.Permissions = append(s.Permissions, p)
	return p
}

// isPermission is ProjectConfig.isCoreOrPluginPermission: a label
// permission ("label-" compared case-sensitively, Permission.isLabel), a
// core permission (compared case-insensitively) or a plugin's. Anything else
// Gerrit sets aside, even in exclusiveGroupPermissions: "Label-Code-Review"
// there makes nothing exclusive.
func isPermission(name string) bool {
	return hasRange(name) || corePermissions[strings.ToLower(name)] || strings.HasPrefix(name, "plugin-")
}

// corePermissions are Permission.NAMES_LC.
var corePermissions = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{"abandon", "addPatchSet", "create", "createSignedTag", "createTag", "delete",
		"deleteChanges", "deleteOwnChanges", "editAssignee", "editHashtags", "editTopicName", "forgeAuthor",
		"forgeCommitter", "forgeServerAsCommitter", "owner", "push", "pushMerge", "read", "rebase",
		"removeReviewer", "revert", "submit", "submitAs", "toggleWipState", "viewPrivateChanges",
		// ProjectConfig.convertLegacyPermission maps these to createTag and createSignedTag.
		"pushTag", "pushSignedTag"} {
		m[strings.ToLower(n)] = true
	}
	return m
}()

// hasRange is Permission.hasRange: label and labelAs permissions take a
// range before the group.
func hasRange(name string) bool {
	return len(name) > len("label-") && strings.HasPrefix(name, "label-") ||
		len(name) > len("labelAs-") && strings.HasPrefix(name, "labelAs-")
}

// parseRule is PermissionRule.fromString.
func parseRule(src string, mightUseRange bool) (Rule, error) {
	r := Rule{Action: Allow}
	src = strings.TrimSpace(src)
	for _, a := range []struct {
		word string
		act  Action
	}{{"deny ", Deny}, {"block ", Block}, {"interactive ", Other}, {"batch ", Other}} {
		if rest, ok := strings.CutPrefix(src, a.word); ok {
			r.Action, src = a.act, strings.TrimSpace(rest)
			break
		}
	}
	if rest, ok := strings.CutPrefix(src, "+force "); ok {
		r.Force, src = true, strings.TrimSpace(rest)
	}
	if mightUseRange && !strings.HasPrefix(src, "group ") {
		rng, rest, ok := strings.Cut(src, " ")
		if !ok {
			return r, fmt.Errorf("invalid range in rule %q", src)
		}
		lo, hi, err := parseRange(rng)
		if err != nil {
			return r, err
		}
		r.Min, r.Max, src = lo, hi, strings.TrimSpace(rest)
	}
	group, ok := strings.CutPrefix(src, "group ")
	if !ok || strings.TrimSpace(group) == "" {
		return r, fmt.Errorf("rule %q must name a group (\"group NAME\")", src)
	}
	r.Group = strings.TrimSpace(group)
	return r, nil
}

// parseRange reads "-2..+2" ("^([+-]?\d+)\.\.([+-]?\d+)$", min <= max).
func parseRange(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "..")
	lo, err1 := parseInt(a)
	hi, err2 := parseInt(b)
	if !ok || err1 != nil || err2 != nil || lo > hi {
		return 0, 0, fmt.Errorf("invalid range %q", s)
	}
	return lo, hi, nil
}

func parseInt(s string) (int, error) {
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || digits == "" || strings.Trim(digits, "0123456789") != "" || len(digits) > 9 {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return strconv.Atoi(strings.TrimPrefix(s, "+"))
}
