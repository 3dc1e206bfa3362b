package report

import "time"

// The ways an audit runs (AuditRun.Mode).
const (
	AuditFull        = "full"
	AuditIncremental = "incremental"
)

// AuditRun says how an audit asked PyPI: every package (full), or only the
// packages PyPI's journal shows changed since the baseline and the repos
// governance or project-config changed (incremental), the rest carried over
// from the baseline.
type AuditRun struct {
	Mode string `json:"mode"` // full or incremental
	// FullReason says why an audit given a baseline asked everything.
	FullReason string `json:"full_reason,omitempty"`
	// Serial is PyPI's last journal serial, asked at the start of the run:
	// the next incremental audit reads the journal from there. 0 when PyPI
	// could not say (the next audit is then full).
	Serial int64 `json:"serial,omitempty"`
	// FullAt is when the last full audit behind this report ran: carried
	// answers are at most that old. Organization changes write no journal
	// entry, so an audit is full again once FullAt is older than --max-age.
	FullAt time.Time `json:"full_at"`
	// PolicyHash identifies the effective policy: a changed policy makes
	// the next audit full.
	PolicyHash string `json:"policy_hash"`
	// Since is the baseline's serial, the journal read from (incremental).
	Since int64 `json:"since,omitempty"`
	// JournalEntries and JournalPages count what was read of the journal.
	JournalEntries int `json:"journal_entries,omitempty"`
	JournalPages   int `json:"journal_pages,omitempty"`
	// Rechecked are the packages the journal names with a role,
	// organization or project entry since the baseline, normalized.
	Rechecked []string `json:"rechecked,omitempty"`
	// Asked and Carried count the names asked of PyPI and those answered
	// from the baseline.
	Asked   int `json:"asked"`
	Carried int `json:"carried"`
	// Absent are names PyPI said do not exist that the findings do not
	// show (retired repos never published), so that the next incremental
	// audit need not ask them again: the journal records a project's
	// creation.
	Absent []string `json:"absent,omitempty"`
}
