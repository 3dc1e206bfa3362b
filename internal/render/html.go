package render

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/report"
)

// The page, its style and its script live under templates/. The style and the
// script are inlined, and the page's Content-Security-Policy allows exactly
// them, by hash, and nothing else: the report fetches nothing, and a script or
// style that slipped past the escaping would not run.
//
//go:embed templates
var htmlFiles embed.FS

// htmlAssets are the page template, its style and script, and the policy
// that allows them. Only the HTML report needs them, so they are built on
// its first use rather than at the start of every run (0.5 ms and 2,200
// allocations that the hook paid on each patch set).
type htmlAssets struct {
	page   *template.Template
	style  template.CSS
	script template.JS
	policy string
}

var loadHTMLAssets = sync.OnceValue(func() htmlAssets {
	a := htmlAssets{style: template.CSS(mustReadTemplate("report.css")), script: template.JS(mustReadTemplate("filter.js"))}
	a.policy = "default-src 'none'; style-src " + cspHash(string(a.style)) + "; script-src " + cspHash(string(a.script)) +
		"; base-uri 'none'; form-action 'none'"
	a.page = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"listed":           listedCell,
		"label":            func(s report.Status, owner string) string { return s.Label(owner) },
		"releasesHeadline": releasesHeadline,
		"releasesShown":    shownReleases,
		"releaseLine":      releaseLine,
		"roles":            func(rs []report.Role) string { return listed(rs, "") },
		"orphan": func(o report.Orphan) string {
			return listed(o.Roles, o.Organization)
		},
		"orRepo":        orRepo,
		"nameDoubt":     nameGuessed,
		"orphanRepo":    orphanRepo,
		"alsoLines":     alsoLines,
		"accounts":      accountsByConcern,
		"identityLabel": identityLabel,
		"deliverable": func(f report.Finding) string {
			if f.Deliverable == naming.RepoBase(f.Repo) || f.Deliverable == f.Package {
				return ""
			}
			return f.Deliverable
		},
		"prose":    prose,
		"event":    eventLine,
		"join":     strings.Join,
		"plural":   plural,
		"upper":    func(v report.Verdict) string { return strings.ToUpper(string(v)) },
		"verdict":  verdictText,
		"auditRun": auditRunLine,
		"carried":  carriedNote,
	}).ParseFS(htmlFiles, "templates/report.html.tmpl"))
	return a
})

// HTML writes the report as one self-contained page: summary counts, one
// table per team (teams with violations first, worst findings first), a
// filter by status, and the audit's own sections. Every string of the report
// is escaped by html/template; only http(s) URLs become links.
func HTML(w io.Writer, r *report.Report) error {
	a := loadHTMLAssets()
	return a.page.Execute(w, newHTMLView(r, a))
}

// htmlView is what the page template reads.
type htmlView struct {
	*report.Report
	Style  template.CSS
	Script template.JS
	Policy string
	// Generated is GeneratedAt for people, Stamp for machines.
	Generated, Stamp string
	// Statuses and Severities count all findings; Filter counts the rows of
	// the team tables, which leave out repos that do not publish.
	Statuses   []htmlCount
	Severities []htmlCount
	Filter     []htmlCount
	Teams      []htmlTeam
	// Strangers are the unknown accounts of findings and orphans, shown
	// before everything else (issue 15: the fire before the policy).
	Strangers []htmlStranger
	// Changes is set when findings say new or unchanged (a baseline).
	Changes bool
}

type htmlStranger struct {
	Package, Repo string
	Account       report.Account
}

// strangers lists the unknown accounts, findings' (worst first) then
// orphans'.
func strangers(r *report.Report) []htmlStranger {
	var out []htmlStranger
	for _, f := range report.SortedBySeverity(r.Findings) {
		for _, a := range f.Accounts {
			if a.Identity == "unknown" {
				out = append(out, htmlStranger{Package: orRepo(f.Package, f.Repo), Repo: f.Repo, Account: a})
			}
		}
	}
	for _, o := range r.Orphans {
		for _, a := range o.Accounts {
			if a.Identity == "unknown" {
				out = append(out, htmlStranger{Package: o.Package, Repo: o.Governed, Account: a})
			}
		}
	}
	return out
}

type htmlCount struct {
	// Name is the status's id (the filter's key), Label what people read
	// (Status.Label).
	Name, Label string
	N           int
	// Attention is set for statuses someone must act on or look at.
	Attention bool
	// Violation is set for the statuses that fail: what the page shows
	// first (issue 17), with any status this version does not know.
	Violation bool
}

type htmlTeam struct {
	ID, Title     string
	Findings      []report.Finding
	Violations    int
	Clean         int // counted apart from NotApplicable, which has no row
	NotApplicable int
}

// htmlSpan is a run of prose: text, or an http(s) URL to link.
type htmlSpan struct{ Text, URL string }

func newHTMLView(r *report.Report, a htmlAssets) *htmlView {
	v := &htmlView{Report: r, Style: a.style, Script: a.script, Policy: a.policy,
		Generated: r.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"), Stamp: r.GeneratedAt.UTC().Format(time.RFC3339),
		Teams: htmlTeams(r.Findings), Strangers: strangers(r)}
	if r.Summary != nil {
		v.Statuses = statusCounts(r.Summary.ByStatus, r.Owner)
	}
	v.Severities = severityCounts(r.Findings)
	rows := map[report.Status]int{}
	for _, t := range v.Teams {
		for _, f := range t.Findings {
			rows[f.Status]++
		}
	}
	v.Filter = statusCounts(rows, r.Owner)
	for _, f := range r.Findings {
		v.Changes = v.Changes || f.Change != ""
	}
	return v
}

// statusCounts lists the statuses counted in n, worst first; a status this
// version does not know (a newer report's) comes last, and asks for
// attention, so that the filter never hides it.
func statusCounts(n map[report.Status]int, policyOwner string) []htmlCount {
	order := slices.SortedFunc(maps.Keys(n), func(a, b report.Status) int {
		return cmp.Or(cmp.Compare(a.Rank(), b.Rank()), cmp.Compare(a, b))
	})
	var out []htmlCount
	for _, s := range order {
		if n[s] > 0 {
			known := slices.Contains(report.Statuses, s)
			out = append(out, htmlCount{Name: string(s), Label: s.Label(policyOwner), N: n[s], Attention: !known || s.Fails() || s == report.StatusUnverified,
				Violation: !known || s.Fails()})
		}
	}
	return out
}

// htmlTeams is byTeam with the anchors and counts the page needs.
func htmlTeams(fs []report.Finding) []htmlTeam {
	teams := byTeam(fs)
	out := make([]htmlTeam, len(teams))
	for i, t := range teams {
		out[i] = htmlTeam{ID: fmt.Sprintf("team-%d", i+1), Title: t.name, Findings: t.findings, NotApplicable: t.notApplicable}
		for _, f := range t.findings {
			switch {
			case f.Status.Fails():
				out[i].Violations++
			case f.Status == report.Clean:
				out[i].Clean++
			}
		}
	}
	return out
}

func severityCounts(fs []report.Finding) []htmlCount {
	n := map[report.Severity]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	var out []htmlCount
	for _, s := range []report.Severity{report.Critical, report.High, report.Medium, report.Info} {
		if n[s] > 0 {
			out = append(out, htmlCount{Name: string(s), N: n[s]})
		}
	}
	return out
}

func verdictText(v report.Verdict) string {
	switch v {
	case report.Pass:
		return "no violation."
	case report.Fail:
		return "at least one PyPI project breaks the policy; the teams below list them, worst first."
	case report.Unverified:
		return "PyPI could not be asked about everything; nothing is claimed about those."
	}
	return ""
}

// prose splits s into text and the http(s) URLs in it (cutURL), for the
// template to link. The template escapes both, and html/template would
// neutralise any other scheme in an href.
func prose(s string) []htmlSpan {
	var out []htmlSpan
	var text strings.Builder
	for i, word := range strings.Split(s, " ") {
		if i > 0 {
			text.WriteByte(' ')
		}
		pre, url, post, ok := cutURL(word)
		if !ok {
			text.WriteString(word)
			continue
		}
		text.WriteString(pre)
		out = append(out, htmlSpan{Text: text.String()}, htmlSpan{URL: url})
		text.Reset()
		text.WriteString(post)
	}
	return append(out, htmlSpan{Text: text.String()})
}

func mustReadTemplate(name string) string {
	b, err := htmlFiles.ReadFile("templates/" + name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// cspHash is the CSP source that allows an inline element whose text is s.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
