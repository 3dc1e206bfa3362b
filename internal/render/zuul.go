package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// The files the Zuul job publishes, in the folder ZuulOptions.ReportURL
// names. The command line writes them; the artifacts link to them.
const (
	ZuulMarkdownReport = "report.md"
	ZuulJSONReport     = "report.json"
)

// ZuulOptions say where the job publishes the report.
type ZuulOptions struct {
	// ReportURL is the folder holding ZuulMarkdownReport and ZuulJSONReport:
	// relative to the build's log URL (Zuul resolves a relative artifact URL
	// against it), or absolute. Empty lists no artifact.
	ReportURL string
}

// ZuulReturn is the data for Zuul's zuul_return: Zuul's special variables
// live under the "zuul" key.
type ZuulReturn struct {
	Zuul ZuulData `json:"zuul"`
}

// ZuulData is what pypiguard returns to Zuul. Zuul validates each key with
// a voluptuous schema and drops the whole key (with a warning) when it does
// not fit, so the shapes below are exactly Zuul's (zuul/lib/filecomments.py,
// zuul/ansible/schema.py).
type ZuulData struct {
	// FileComments maps a path, relative to the job's own project, to the
	// comments Zuul posts on it.
	FileComments map[string][]FileComment `json:"file_comments"`
	// Warnings are appended to Zuul's comment on the change, one a line.
	Warnings []string `json:"warnings"`
	// Artifacts are shown on the build's page.
	Artifacts []Artifact `json:"artifacts"`
}

// FileComment is one inline comment. Zuul also accepts a "range"; pypiguard
// points at whole lines. Gerrit has no place for "level" and ignores it;
// other reporters (GitHub) show it.
type FileComment struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
	Level   string `json:"level,omitempty"`
}

// Artifact is a link Zuul shows on the build's page.
type Artifact struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Zuul returns the renderer of the zuul_return data, as indented JSON.
func Zuul(o ZuulOptions) Renderer {
	return func(w io.Writer, r *report.Report) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(NewZuulReturn(r, o))
	}
}

// NewZuulReturn builds the zuul_return data of a report: InlineComments,
// as error-level file comments; one warning per
// package that is pending or could not be verified, and per failing package
// no comment could be placed for; links to the report.
func NewZuulReturn(r *report.Report, o ZuulOptions) ZuulReturn {
	comments, placed := fileComments(r)
	d := ZuulData{FileComments: comments, Warnings: []string{}, Artifacts: artifacts(o)}
	for _, f := range r.Findings {
		switch {
		case f.Status == report.Pending || f.Status == report.StatusUnverified:
			d.Warnings = append(d.Warnings, warning(f, "", r.Owner))
		case f.Status.Fails() && !placed[f.Repo]:
			d.Warnings = append(d.Warnings, warning(f, "no line of this change to comment on", r.Owner))
		}
	}
	return ZuulReturn{Zuul: d}
}

// fileComments are InlineComments, as Zuul takes them, and the repos that
// got one. Only files the change touches can carry a comment: Zuul drops
// the others, with a warning of its own.
func fileComments(r *report.Report) (map[string][]FileComment, map[string]bool) {
	cs, placed := inlineComments(r)
	out := make(map[string][]FileComment, len(cs))
	for path, list := range cs {
		for _, c := range list {
			out[path] = append(out[path], FileComment{Line: c.Line, Message: c.Message, Level: "error"})
		}
	}
	return out, placed
}

// eventWhat names an event in a few words: "new-deliverable xstatic-tv4
// (team horizon)".
func eventWhat(e report.Event) string {
	what := e.Kind
	switch {
	case e.Deliverable != "":
		what += " " + e.Deliverable
	case len(e.Repos) > 0:
		what += " " + strings.Join(e.Repos, ", ")
	}
	if e.Team != "" {
		what += fmt.Sprintf(" (%s %s)", ownerWord(e.OwnerKind), e.Team)
	}
	return what
}

// warning is one line of Zuul's comment about a finding.
func warning(f report.Finding, why, policyOwner string) string {
	where := ""
	if f.File != "" {
		where = fmt.Sprintf(", %s:%d", f.File, f.Line)
	}
	text := f.Message
	if f.Remediation != "" && f.Status != report.Pending {
		text += " Fix: " + f.Remediation
	}
	if n := nameDoubt(f); n != "" {
		text += " Name: " + n + "."
	}
	if who := accountLinesWithin(f.Accounts); len(who) > 0 {
		text += " Who: " + strings.Join(who, "; ") + "."
	}
	if why != "" {
		text += " (" + why + ")"
	}
	return oneLine(fmt.Sprintf("pypiguard: %s: %s: %s", f.Status.Label(policyOwner), strings.TrimSuffix(nameAndRepo(f), ")")+where+")", text))
}

func artifacts(o ZuulOptions) []Artifact {
	if o.ReportURL == "" {
		return []Artifact{}
	}
	dir := o.ReportURL
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	return []Artifact{
		{Name: "pypiguard report", URL: dir + ZuulMarkdownReport},
		{Name: "pypiguard report (JSON)", URL: dir + ZuulJSONReport},
	}
}

// oneLine folds newlines, so that a warning stays one line of Zuul's
// comment and a message one paragraph.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

// countOf says "1 thing" or "n things", the plural spelled out.
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
