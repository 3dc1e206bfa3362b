package report

import "time"

// WatchEntry is one PyPI journal entry the watch reports: about a governed
// package, or one the owner account holds a role on.
type WatchEntry struct {
	Serial  int64     `json:"serial"`
	Time    time.Time `json:"time"`
	Package string    `json:"package"`
	Version string    `json:"version,omitempty"`
	Action  string    `json:"action"` // PyPI's own wording
	Kind    string    `json:"kind"`   // pypi.ChangeKind
	Account string    `json:"account,omitempty"`
	Role    string    `json:"role,omitempty"`
	// Alert is set when someone gained upload rights: an account added,
	// an invitation accepted, a promotion to Owner.
	Alert bool `json:"alert"`
	// Why says why the package is watched: governed, held (the owner
	// holds a role on it), or both.
	Why string `json:"why"`
}
