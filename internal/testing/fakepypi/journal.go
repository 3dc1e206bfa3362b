package fakepypi

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// JournalEntry is one entry of PyPI's journal (warehouse/packaging/models.py
// JournalEntry), as changelog_since_serial serves it.
type JournalEntry struct {
	Name    string // the project's display name
	Version string // "" for a project-level entry (sent as nil)
	Time    time.Time
	Action  string // warehouse's own wording, see the writers below
	Serial  int64
}

// DefaultJournalPageSize is how many entries changelog_since_serial answers
// at most (warehouse/legacy/api/xmlrpc/views.py: .limit(50000)).
const DefaultJournalPageSize = 50000

// firstSerial is where the fake's journal starts: real serials are in the
// tens of millions, and no client should assume they start at 1.
const firstSerial = 30_000_000

// journalTx writes the entries of one change to the world, as one
// transaction: serials are consecutive within it, and a hole may follow,
// as when warehouse's SERIAL is used up by a transaction rolled back
// (warehouse/packaging/models.py ensure_monotonic_journals).
type journalTx struct {
	s   *Server
	now time.Time
}

// tx starts a transaction; the caller holds s.mu.
func (s *Server) tx() journalTx {
	return journalTx{s: s, now: time.Now().UTC().Truncate(time.Second)}
}

func (t journalTx) add(name, version, action string) {
	t.s.serial++
	t.s.journal = append(t.s.journal, JournalEntry{Name: name, Version: version, Time: t.now, Action: action, Serial: t.s.serial})
}

// commit ends the transaction, leaving a hole in the serials after every
// third one.
func (t journalTx) commit() {
	t.s.txs++
	if t.s.txs%3 == 0 {
		t.s.serial += int64(t.s.txs%5 + 1)
	}
}

// created writes what warehouse writes when a project is created by its
// first upload (warehouse/packaging/services.py create_project: "create",
// then "add Owner <creator>" unless made inside an organization), the
// other collaborators as added by an admin or an organization's member
// ("add <Role> <user>", warehouse/manage/views/__init__.py), and the
// release (warehouse/forklift/legacy.py: "new release", "add source file
// <filename>").
func (t journalTx) created(p Project) {
	t.add(p.Name, "", "create")
	for _, r := range ownersFirst(p.Roles) {
		t.add(p.Name, "", "add "+r[0]+" "+r[1])
	}
	if !p.NoReleases {
		t.releasedSince(nil, p)
	}
}

// changed writes the difference between two states of a project. Roles
// use warehouse's wording (warehouse/manage/views/__init__.py:
// "remove <Role> <user>", "change <Role> <user> to <Role2>", "add <Role>
// <user>"). Organization changes write nothing, as on PyPI.
func (t journalTx) changed(old, p Project) {
	oldRoles := roleMap(old.Roles)
	newRoles := roleMap(p.Roles)
	for _, r := range old.Roles {
		if _, ok := newRoles[strings.ToLower(r[1])]; !ok {
			t.add(p.Name, "", "remove "+r[0]+" "+r[1])
		}
	}
	for _, r := range ownersFirst(p.Roles) {
		before, ok := oldRoles[strings.ToLower(r[1])]
		switch {
		case !ok:
			t.add(p.Name, "", "add "+r[0]+" "+r[1])
		case before != r[0]:
			t.add(p.Name, "", "change "+before+" "+r[1]+" to "+r[0])
		}
	}
	switch {
	case !p.NoReleases:
		t.releasedSince(&old, p)
	case p.NoReleases && !old.NoReleases:
		// warehouse/manage/views/__init__.py delete_project_release.
		t.add(p.Name, old.version(), "remove release")
	}
}

func roleMap(roles [][]string) map[string]string {
	m := make(map[string]string, len(roles))
	for _, r := range roles {
		m[strings.ToLower(r[1])] = r[0]
	}
	return m
}

// ownersFirst orders roles as a creator adds them: Owners first.
func ownersFirst(roles [][]string) [][]string {
	out := slices.Clone(roles)
	slices.SortStableFunc(out, func(a, b []string) int {
		return strings.Compare(b[0], a[0]) // "Owner" > "Maintainer"
	})
	return out
}

// journalWorld writes the world's history: each project created, in name
// order. The caller holds s.mu or owns s.
func (s *Server) journalWorld(projects []Project) {
	sorted := slices.Clone(projects)
	slices.SortFunc(sorted, func(a, b Project) int { return strings.Compare(normalize(a.Name), normalize(b.Name)) })
	for _, p := range sorted {
		t := s.tx()
		t.created(p)
		t.commit()
	}
}

// Journal returns a copy of the journal, oldest first.
func (s *Server) Journal() []JournalEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.journal)
}

// LastSerial is the journal's highest serial, 0 when it is empty.
func (s *Server) LastSerial() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.journal) == 0 {
		return 0
	}
	return s.journal[len(s.journal)-1].Serial
}

// SkipSerials leaves a hole of n serials, as n transactions rolled back.
func (s *Server) SkipSerials(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.serial += int64(n)
}

// AddJournalEntry writes one entry as given, for tests of wordings the
// fake's world never produces by itself.
func (s *Server) AddJournalEntry(name, version, action string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tx()
	t.add(name, version, action)
	t.commit()
}

// Churn writes n entries about projects outside the world, as the rest of
// PyPI writes all day: a release and its files.
func (s *Server) Churn(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; {
		t := s.tx()
		name, v := fmt.Sprintf("churn-%d", s.txs), "1.0."+fmt.Sprint(i)
		t.add(name, v, "new release")
		i++
		for j := 0; j < 2 && i < n; j, i = j+1, i+1 {
			t.add(name, v, fmt.Sprintf("add py3 file %s-%s-py3-none-any.whl", name, v))
		}
		t.commit()
	}
}

// Invite writes "invite <Role> <user>" (warehouse/manage/views/__init__.py
// manage_project_roles): the role is held only once accepted.
func (s *Server) Invite(project, role, user string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[normalize(project)]
	if !ok {
		return fmt.Errorf("fakepypi: invite to %q: no such project", project)
	}
	s.invites[normalize(project)+"\x00"+strings.ToLower(user)] = [2]string{role, user}
	t := s.tx()
	t.add(p.Name, "", "invite "+role+" "+user)
	t.commit()
	return nil
}

// AcceptInvite gives user the role they were invited to, writing
// "accepted <Role> <user>" (warehouse/accounts/views.py
// verify_project_role).
func (s *Server) AcceptInvite(project, user string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := normalize(project) + "\x00" + strings.ToLower(user)
	inv, ok := s.invites[key]
	p := s.projects[normalize(project)]
	if !ok {
		return fmt.Errorf("fakepypi: %q was not invited to %q", user, project)
	}
	delete(s.invites, key)
	// The journal names the account as it is stored, whoever accepts.
	role, user := inv[0], inv[1]
	p.Roles = append(slices.Clone(p.Roles), []string{role, user})
	s.projects[normalize(project)] = p
	t := s.tx()
	t.add(p.Name, "", "accepted "+role+" "+user)
	t.commit()
	return nil
}

// journalSince is a page of changelog_since_serial: entries after serial,
// oldest first, at most the page size (views.py: filter id > serial,
// order_by id, limit 50000).
func (s *Server) journalSince(serial int64) []JournalEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, _ := slices.BinarySearchFunc(s.journal, serial+1, func(e JournalEntry, t int64) int {
		switch {
		case e.Serial < t:
			return -1
		case e.Serial > t:
			return 1
		}
		return 0
	})
	size := s.opts.JournalPageSize
	if size <= 0 {
		size = DefaultJournalPageSize
	}
	end := min(len(s.journal), i+size)
	return slices.Clone(s.journal[i:end])
}

// dumpJournal writes a page exactly as Python's xmlrpc.client.dumps does
// with allow_none: nil has no newline after it.
func dumpJournal(entries []JournalEntry) []byte {
	var b strings.Builder
	b.Grow(len(entries) * 220)
	b.WriteString("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n")
	for _, e := range entries {
		b.WriteString("<value><array><data>\n")
		dumpString(&b, e.Name)
		dumpString(&b, e.Version)
		fmt.Fprintf(&b, "<value><int>%d</int></value>\n", e.Time.Unix())
		dumpString(&b, e.Action)
		fmt.Fprintf(&b, "<value><int>%d</int></value>\n", e.Serial)
		b.WriteString("</data></array></value>\n")
	}
	b.WriteString("</data></array></value>\n</param>\n</params>\n</methodResponse>\n")
	return []byte(b.String())
}

// dumpString writes a string, or nil for "" (warehouse's None).
func dumpString(b *strings.Builder, v string) {
	if v == "" {
		b.WriteString("<value><nil/></value>")
		return
	}
	b.WriteString("<value><string>" + escape(v) + "</string></value>\n")
}

// dumpSerial writes changelog_last_serial's answer: nil for an empty
// journal (SQL max() of no rows).
func dumpSerial(serial int64) []byte {
	v := "<value><nil/></value>"
	if serial != 0 {
		v = fmt.Sprintf("<value><int>%d</int></value>\n", serial)
	}
	return []byte("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n" + v + "</param>\n</params>\n</methodResponse>\n")
}
