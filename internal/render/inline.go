package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"opendev.org/openstack/pypiguard/internal/report"
)

// Position is a line (1-based) of a file of the change: where an inline
// comment sits.
type Position struct {
	File string
	Line int
}

// Comment is one inline comment on a line of a file. Zuul's file comments
// and the hook's Gerrit review carry the same ones, so that a failing line
// reads the same whoever posted it.
type Comment struct {
	Line    int
	Message string
}

// maxCommentText bounds one inline comment: Gerrit refuses a comment over
// change.commentSizeLimit (16 KiB by default), and a refused comment loses
// the whole review (Zuul's and the hook's alike). cutRoom is kept for the
// line saying what was cut.
const (
	maxCommentText = 14 << 10
	cutRoom        = 400
)

// InlineComments are the inline comments on a report, by file, in line
// order: one comment per line that brings a failing package, listing every
// failing package that line brings, worst first.
//
// The placement rule: a failing finding is commented on the line of each
// event about its repo that is in the change's head (not at base), has a
// line, and is in a file the change touches (Gerrit refuses a comment on
// any other file, and Zuul drops it). A finding whose repo no event names
// is commented on its own file and line, under the same conditions. A
// failing finding that gets no comment is left to the message (Gerrit) or
// a warning (Zuul).
func InlineComments(r *report.Report) map[string][]Comment {
	cs, _ := inlineComments(r)
	return cs
}

// spot is what one position says: the events there, and the failing
// findings they bring.
type spot struct {
	events   []report.Event
	findings []int // indexes in the report's findings, once each
}

// inlineComments builds InlineComments and says which repos got a comment.
func inlineComments(r *report.Report) (map[string][]Comment, map[string]bool) {
	spots, order := place(r)
	out, placed := map[string][]Comment{}, map[string]bool{}
	for _, p := range order {
		s := spots[p]
		fs := make([]report.Finding, 0, len(s.findings))
		for _, i := range s.findings {
			fs = append(fs, r.Findings[i])
			placed[r.Findings[i].Repo] = true
		}
		out[p.File] = append(out[p.File], Comment{Line: p.Line, Message: commentText(s.events, report.SortedBySeverity(fs), r.Owner)})
	}
	for _, cs := range out {
		slices.SortStableFunc(cs, func(a, b Comment) int { return cmp.Compare(a.Line, b.Line) })
	}
	return out, placed
}

// place applies the placement rule: the spots, and their positions in the
// order they were first met.
func place(r *report.Report) (map[Position]*spot, []Position) {
	touched := map[string]bool{}
	for _, p := range r.Touched {
		touched[p] = true
	}
	spots, order := map[Position]*spot{}, []Position(nil)
	at := func(p Position) *spot {
		if !touched[p.File] || p.Line < 1 {
			return nil
		}
		if spots[p] == nil {
			spots[p] = &spot{}
			order = append(order, p)
		}
		return spots[p]
	}
	add := func(s *spot, i int) {
		if !slices.Contains(s.findings, i) {
			s.findings = append(s.findings, i)
		}
	}
	failing, named := map[string][]int{}, map[string]bool{}
	for i, f := range r.Findings {
		if f.Status.Fails() {
			failing[f.Repo] = append(failing[f.Repo], i)
		}
	}
	for _, e := range r.Events {
		for _, repo := range e.Repos {
			named[repo] = true
		}
		var s *spot
		if !e.AtBase {
			s = atIfAny(e, failing, at)
		}
		if s == nil {
			continue
		}
		s.events = append(s.events, e)
		for _, repo := range e.Repos {
			for _, i := range failing[repo] {
				add(s, i)
			}
		}
	}
	for i, f := range r.Findings {
		if f.Status.Fails() && !named[f.Repo] {
			if s := at(Position{f.File, f.Line}); s != nil {
				add(s, i) // a finding without its event in the report
			}
		}
	}
	return spots, order
}

// atIfAny is the spot of an event that brings a failing package; nil when
// it brings none or cannot carry a comment.
func atIfAny(e report.Event, failing map[string][]int, at func(Position) *spot) *spot {
	for _, repo := range e.Repos {
		if len(failing[repo]) > 0 {
			return at(Position{e.File, e.Line})
		}
	}
	return nil
}

// commentText says what the events on the line bring, then for each
// failing package who PyPI lists, the rule it breaks and the fix: as many
// as fit in maxCommentText, then what was cut and where the rest is.
func commentText(evs []report.Event, fs []report.Finding, policyOwner string) string {
	var b strings.Builder
	b.WriteString("pypiguard: ")
	for i, e := range evs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(plain(eventWhat(e)))
	}
	if len(evs) > 0 {
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s the policy.\n", countOf(len(fs), "PyPI project fails", "PyPI projects fail"))
	for i, f := range fs {
		block := findingText(f, policyOwner)
		if b.Len()+len(block) <= maxCommentText-cutRoom {
			b.WriteString(block)
			continue
		}
		cutLine(&b, block, len(fs)-i, i == 0)
		break
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// cutLine writes what a comment leaves out: the packages that did not fit
// (block is the first of them). When even the first package did not fit (a
// huge message), it writes that one's start and says the rest is cut.
func cutLine(b *strings.Builder, block string, more int, first bool) {
	if !first {
		fmt.Fprintf(b, "\n... and %s: %s\n", countOf(more, "more failing PyPI project", "more failing PyPI projects"), cutWhere)
		return
	}
	b.WriteString(cutBytes(block, maxCommentText-cutRoom-b.Len()) + "...\n")
	cut := "the rest of this PyPI project's text"
	if more > 1 {
		cut += " and " + countOf(more-1, "more failing PyPI project", "more failing PyPI projects")
	}
	fmt.Fprintf(b, "\n... cut here: %s: %s\n", cut, cutWhere)
}

// cutWhere ends the line saying what a comment left out. It is true both
// of Zuul's comments and of the hook's: both can run the check again, and
// only Zuul publishes the report.
const cutWhere = "this comment stops short of Gerrit's size limit; the full report has everything (pypiguard check on this change, or the pypiguard report artifact of its Zuul build)."

// findingText is one failing package in a comment. Every field is one line
// of at most maxField runes, so that no text from files or PyPI can start
// a line of its own or eat the whole comment.
func findingText(f report.Finding, policyOwner string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: %s (%s)\n", plain(nameAndRepo(f)), plain(f.Status.Label(policyOwner)), plain(string(f.Severity)))
	if n := nameDoubt(f); n != "" {
		fmt.Fprintf(&b, "Name: %s\n", plain(n))
	}
	fmt.Fprintf(&b, "Listed on PyPI: %s\n", plain(listed(f.Roles, f.Organization)))
	for _, l := range accountLinesWithin(f.Accounts) {
		fmt.Fprintf(&b, "Who: %s\n", plain(l))
	}
	fmt.Fprintf(&b, "Why: %s\n", plain(f.Message))
	if f.Remediation != "" {
		fmt.Fprintf(&b, "Fix: %s\n", plain(f.Remediation))
	}
	for _, l := range alsoLines(f) {
		fmt.Fprintf(&b, "Note: %s\n", plain(l))
	}
	return b.String()
}

// cutBytes is the longest prefix of s of at most n bytes that does not
// split a UTF-8 sequence.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	n = max(n, 0)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
