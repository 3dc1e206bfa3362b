package guard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/pypi"
	"opendev.org/openstack/pypiguard/internal/report"
)

// Journal reads PyPI's journal; *pypi.Client is one.
type Journal interface {
	LastSerial(ctx context.Context) (int64, error)
	ReadJournal(ctx context.Context, since, upTo int64, keep func(pypi.JournalEntry) bool) (*pypi.Journal, error)
}

// DefaultMaxAge is how old the last full audit behind a baseline may be for
// an audit to be incremental: organization changes write no journal entry,
// so only a full audit sees them.
const DefaultMaxAge = 7 * 24 * time.Hour

// Incremental says whether and how an audit may ask only what changed.
type Incremental struct {
	// Journal is PyPI's journal; nil records no serial, and every audit
	// is full.
	Journal Journal
	// Full asks everything whatever the baseline (--full).
	Full bool
	// MaxAge bounds the age of the last full audit (DefaultMaxAge when 0).
	MaxAge time.Duration
	// Now is the time the run started.
	Now time.Time
}

// PolicyHash identifies the effective policy, whatever file it came from:
// an audit under another policy cannot carry the baseline's judgements.
func PolicyHash(p *policy.Policy) string {
	c := *p
	c.File = ""
	data, err := json.Marshal(&c)
	if err != nil {
		return "" // never equal to a baseline's: the audit is full
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// plan asks PyPI's serial (before anything else: entries written while the
// audit runs are read by the next one), decides whether the audit can be
// incremental, reads the journal since the baseline if so, and returns the
// Lookuper the audit asks through.
func (d *Deps) plan(ctx context.Context, in AuditInput, r *report.Report) *carrier {
	inc := in.Incremental
	run := &report.AuditRun{Mode: report.AuditFull, FullAt: r.GeneratedAt, PolicyHash: PolicyHash(d.Policy)}
	r.Audit = run
	var serialErr error
	if inc.Journal != nil {
		run.Serial, serialErr = inc.Journal.LastSerial(ctx)
		if serialErr != nil {
			r.Warnings = append(r.Warnings, report.Warning{Message: "PyPI's journal serial could not be asked (" + serialErr.Error() + "): the next audit given this report as --baseline will be full"})
		}
	}
	run.FullReason = fullReason(in.Baseline, inc, run.PolicyHash, serialErr)
	if run.FullReason != "" || in.Baseline == nil {
		return newCarrier(d.PyPI, nil)
	}
	since := in.Baseline.Audit.Serial
	j, err := inc.Journal.ReadJournal(ctx, since, run.Serial, func(e pypi.JournalEntry) bool {
		return e.Change().Kind.Recheck() || in.Releases.Index != nil && uploadEntry(e)
	})
	if err != nil {
		run.FullReason = "PyPI's journal could not be read whole since serial " + fmt.Sprint(since) + ": " + err.Error()
		return newCarrier(d.PyPI, nil)
	}
	run.Mode, run.Since, run.FullAt = report.AuditIncremental, since, fullAt(in.Baseline)
	run.JournalEntries, run.JournalPages = j.Read, j.Pages
	c := newCarrier(d.PyPI, baselineAnswers(in.Baseline))
	for _, e := range j.Entries {
		c.fresh[naming.Normalize(e.Name)] = true
	}
	for n := range c.fresh {
		run.Rechecked = append(run.Rechecked, n)
	}
	slices.Sort(run.Rechecked)
	return c
}

// fullReason says why an audit given base must ask everything, "" when it
// need not. Without a baseline there is nothing to say.
func fullReason(base *report.Report, inc Incremental, hash string, serialErr error) string {
	maxAge := inc.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	switch {
	case base == nil:
		return ""
	case inc.Full:
		return "--full was given"
	case inc.Journal == nil:
		return "PyPI's journal is not available"
	case serialErr != nil:
		return "PyPI's journal serial could not be asked: " + serialErr.Error()
	case base.Audit == nil || base.Audit.Serial == 0:
		return "the baseline records no PyPI journal serial (made by an older pypiguard, or PyPI could not say)"
	case base.Audit.PolicyHash != hash:
		return "the policy changed since the baseline"
	case inc.Now.Sub(fullAt(base)) > maxAge:
		return fmt.Sprintf("the last full audit behind the baseline (%s) is older than --max-age %s: organization changes write no journal entry",
			fullAt(base).Format(time.RFC3339), maxAge)
	}
	return ""
}

// fullAt is when the last full audit behind base ran.
func fullAt(base *report.Report) time.Time {
	if base.Audit != nil && !base.Audit.FullAt.IsZero() {
		return base.Audit.FullAt
	}
	return base.GeneratedAt
}

// freshTargets marks for asking the names of the targets that are new or
// changed in governance or project-config since the baseline: a repo it
// did not judge, or judged under another name, deliverable or owner.
func freshTargets(c *carrier, base *report.Report, out []judged) {
	if base == nil {
		return
	}
	was := map[string]report.Finding{}
	for _, f := range base.Findings {
		was[f.Repo] = f
	}
	var absent map[string]bool
	if base.Audit != nil {
		absent = map[string]bool{}
		for _, n := range base.Audit.Absent {
			absent[naming.Normalize(n)] = true
		}
	}
	for _, j := range out {
		if j.verdict.Status != "" {
			continue
		}
		f, ok := was[j.repo]
		if ok && sameTarget(f, j) || !ok && j.retired && absent[naming.Normalize(j.name.Name)] {
			continue
		}
		c.fresh[naming.Normalize(j.name.Name)] = true
		for _, a := range j.name.Also {
			c.fresh[naming.Normalize(a.Name)] = true
		}
	}
}

// sameTarget reports whether a baseline finding judged the same repo the
// same way: same package, the same other names, deliverable and owner, and
// looked up then too.
func sameTarget(f report.Finding, j judged) bool {
	if f.Status == report.NotApplicable || naming.Normalize(f.Package) != naming.Normalize(j.name.Name) ||
		f.Deliverable != j.deliverable || f.Team != j.team || f.OwnerKind != j.ownerKind || f.Retired != j.retired || len(f.AlsoChecked) != len(j.name.Also) {
		return false
	}
	for i, a := range f.AlsoChecked {
		if naming.Normalize(a.Name) != naming.Normalize(j.name.Also[i].Name) {
			return false
		}
	}
	return true
}

// finishRun marks what was carried, and records what the next audit needs.
func finishRun(c *carrier, r *report.Report, out []judged) {
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Status != report.NotApplicable {
			f.CarriedFrom = c.carriedFrom(f.Package)
		}
	}
	for i := range r.Orphans {
		r.Orphans[i].CarriedFrom = c.carriedFrom(r.Orphans[i].Package)
	}
	for _, j := range out {
		if j.retired && j.verdict.Status == report.Pending {
			r.Audit.Absent = append(r.Audit.Absent, naming.Normalize(j.name.Name))
		}
	}
	slices.Sort(r.Audit.Absent)
	r.Audit.Absent = slices.Compact(r.Audit.Absent)
	r.Audit.Asked, r.Audit.Carried = len(c.asked), len(c.carried)
}
