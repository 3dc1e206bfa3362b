// Package report is the one value every output of pypiguard is rendered
// from: the events a change produces, the findings about PyPI packages, and
// the verdict. Its JSON form is versioned (Schema) and stable: users and
// tests rely on it (docs/design.md section 8).
package report

import "time"

// Schema is the version of the JSON form. Fields may be added within a
// version; none is removed or changes meaning.
const Schema = 1

// Verdict is the outcome of a check.
type Verdict string

// The verdicts.
const (
	Pass       Verdict = "pass"
	Fail       Verdict = "fail"
	Unverified Verdict = "unverified"
)

// Report is the result of one run.
type Report struct {
	Schema int    `json:"schema"`
	Tool   Tool   `json:"tool"`
	Mode   string `json:"mode"` // diff, check or audit
	// Owner is the policy's owner, for the status labels people read
	// (Status.Label); the JSON keeps the statuses' ids.
	Owner       string    `json:"-"`
	GeneratedAt time.Time `json:"generated_at"`
	// Repository is what was read: governance, project-config or both.
	Repository string `json:"repository,omitempty"`
	Base       string `json:"base,omitempty"`
	Head       string `json:"head,omitempty"`
	// Touched lists the files pypiguard reads that the change modifies:
	// the only ones a Gerrit or Zuul comment may be placed on.
	Touched  []string  `json:"touched_files,omitempty"`
	Verdict  Verdict   `json:"verdict,omitempty"`
	Summary  *Summary  `json:"summary,omitempty"`
	Events   []Event   `json:"events"`
	Info     []Event   `json:"info"`
	Findings []Finding `json:"findings,omitempty"`
	Warnings []Warning `json:"warnings,omitempty"`
	// Notes say how this run was made where it matters to its reader: an
	// input the gate has and this run had not, a working tree judged
	// instead of a commit, PyPI unreachable, what decided the exit status.
	Notes []string `json:"notes,omitempty"`

	// The audit's own sections.
	Orphans    []Orphan         `json:"orphans,omitempty"`
	Reverse    *Reverse         `json:"reverse_audit,omitempty"`
	Exceptions []ExceptionState `json:"exceptions,omitempty"`
	History    *History         `json:"history,omitempty"`
	// Audit says how the audit asked PyPI (incremental.go).
	Audit *AuditRun `json:"audit,omitempty"`
	// Releases compares PyPI's versions with openstack/releases (issue 19).
	Releases *Releases `json:"releases,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Event is one thing a change does (see package changes for the kinds).
type Event struct {
	Kind        string   `json:"kind"`
	Team        string   `json:"team,omitempty"`
	OwnerKind   string   `json:"owner_kind,omitempty"`
	Deliverable string   `json:"deliverable,omitempty"`
	Repos       []string `json:"repos"`
	From        string   `json:"from,omitempty"`
	Upstream    string   `json:"upstream,omitempty"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	// AtBase is set when File and Line are in the base revision (removals).
	AtBase bool `json:"at_base,omitempty"`
}

// Warning is a quirk of the input that was tolerated.
type Warning struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	// Touched is set when the change being checked adds or modifies the
	// line: the text output shows only those, the JSON all.
	Touched bool `json:"touched,omitempty"`
}
