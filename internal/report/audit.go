package report

import "time"

// Orphan is a PyPI project the owner account (openstackci) holds a role on
// that no judged governed repo maps to: a package with no repo, a
// relinquished or a forgotten name, or the name of a governed repo that
// publishes nothing by governance's and project-config's account.
type Orphan struct {
	Package string `json:"package"`
	// OwnerRole is the owner account's role, as user_packages says.
	OwnerRole     string   `json:"owner_role"`
	Roles         []Role   `json:"roles"`
	Organization  string   `json:"organization,omitempty"`
	Status        Status   `json:"status"`
	ExtraAccounts []string `json:"extra_accounts"`
	// Accounts say who each extra account is, as Finding.Accounts.
	Accounts []Account `json:"accounts,omitempty"`
	// Repo is a repo outside the governed namespaces with the package's
	// name, when project-config lists one (x/..., say).
	Repo string `json:"repo,omitempty"`
	// Governed is the governed repo that maps to the package but that the
	// audit does not judge (it publishes nothing, say governance and
	// project-config): a package the owner holds, judged here instead.
	Governed string `json:"governed_repo,omitempty"`
	Message  string `json:"message"`
	// CarriedFrom is as Finding.CarriedFrom.
	CarriedFrom *time.Time `json:"carried_from,omitempty"`
}

// Reverse says how the reverse audit went.
type Reverse struct {
	Owner    string `json:"owner"`
	Packages int    `json:"packages"` // projects the owner holds a role on
	Orphans  int    `json:"orphans"`
	// Unjudged counts the orphans a governed repo maps to, although the
	// audit does not judge that repo (Orphan.Governed).
	Unjudged int `json:"unjudged,omitempty"`
	// Error is set when PyPI could not list the owner's projects.
	Error string `json:"error,omitempty"`
}

// ExceptionState is a policy exception that needs attention.
type ExceptionState struct {
	Package  string   `json:"package"`
	Accounts []string `json:"accounts"`
	Reason   string   `json:"reason"`
	Link     string   `json:"link,omitempty"`
	Expires  string   `json:"expires"`
	// State is unused (it matched no package), expired, or expiring
	// (within 30 days).
	State string `json:"state"`
	File  string `json:"file"`
	Line  int    `json:"line"`
}

// History compares an audit with the previous run's report.
type History struct {
	// Baseline is when the previous report was made.
	Baseline  string `json:"baseline"`
	New       int    `json:"new"`
	Unchanged int    `json:"unchanged"`
	// Resolved are the previous run's violations that are gone.
	Resolved []Finding `json:"resolved"`
	// Accounts lists, per package, the accounts that appeared or vanished:
	// an account appearing on a package is a signal in itself.
	Accounts []AccountChange `json:"account_changes"`
}

// AccountChange is the roles added to and removed from one package.
type AccountChange struct {
	Package string `json:"package"`
	Repo    string `json:"repo,omitempty"`
	Added   []Role `json:"added"`
	Removed []Role `json:"removed"`
}
