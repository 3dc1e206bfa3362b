package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"opendev.org/openstack/pypiguard/internal/report"
)

// htmlWorld is a small audit: dirty, clean, missing, unverified, exempt,
// organization-owned and retired packages across teams, a SIG and the TC,
// with orphans, exceptions needing attention and a baseline.
func htmlWorld() *report.Report {
	owner := report.Role{Role: "Owner", User: "openstackci"}
	fs := []report.Finding{
		{Repo: "openstack/nova", Deliverable: "nova", Team: "nova", OwnerKind: "team", Package: "nova", Status: report.Clean, Severity: report.Info,
			Roles: []report.Role{owner}, Message: "openstackci is the only Owner."},
		{Repo: "openstack/python-novaclient", Deliverable: "python-novaclient", Team: "nova", OwnerKind: "team", Package: "python-novaclient",
			Status: report.ExtraMaintainers, Severity: report.High, Change: "new",
			Roles: []report.Role{owner, {Role: "Maintainer", User: "alice"}}, ExtraAccounts: []string{"alice"},
			Message:     "alice can upload python-novaclient besides openstackci.",
			Remediation: "Remove alice at https://pypi.org/manage/project/python-novaclient/collaboration/. Ask in #opendev."},
		{Repo: "openstack/nova-docs", Team: "nova", OwnerKind: "team", Status: report.NotApplicable, Severity: report.Info, Message: "does not publish"},
		{Repo: "openstack/ironic", Team: "ironic", OwnerKind: "team", Package: "ironic", Status: report.Clean, Severity: report.Info,
			Roles: []report.Role{owner}, Message: "openstackci is the only Owner."},
		{Repo: "openstack/ironic-python-agent", Deliverable: "ironic-agent", Team: "ironic", OwnerKind: "team", Package: "ironic-python-agent", Status: report.ExtraMaintainers,
			Severity: report.High, Change: "unchanged", Roles: []report.Role{owner, {Role: "Maintainer", User: "bob"}},
			Message: "bob can upload ironic-python-agent besides openstackci.", Remediation: "Remove bob (https://pypi.org/manage/project/ironic-python-agent/collaboration/)."},
		{Repo: "openstack/ironic-ui", Team: "ironic", OwnerKind: "team", Package: "ironic-ui", Status: report.Pending, Severity: report.Info,
			Message: "ironic-ui does not exist on PyPI yet."},
		{Repo: "openstack/oslo.config", Team: "oslo", OwnerKind: "team", Package: "oslo.config", Status: report.Clean, Severity: report.Info,
			Roles: []report.Role{owner}, Message: "openstackci is the only Owner."},
		{Repo: "openstack/oslo.db", Team: "oslo", OwnerKind: "team", Package: "oslo.db", Status: report.StatusUnverified, Severity: report.Info,
			Message: "PyPI could not be asked.", Remediation: "Re-run later; see https://status.python.org/."},
		{Repo: "openstack/oslo.log", Team: "oslo", OwnerKind: "team", Package: "oslo.log", Status: report.Exempt, Severity: report.Info,
			Roles: []report.Role{owner, {Role: "Maintainer", User: "carol"}}, Message: "carol is covered by an exception until 2026-12-31."},
		{Repo: "openstack/packaging-tools", Team: "Packaging", OwnerKind: "sig", Package: "packaging-tools", Status: report.OrganizationOwned,
			Severity: report.Critical, Organization: "acme", Roles: []report.Role{owner}, Message: "the organization acme owns packaging-tools."},
		{Repo: "openstack/governance", Team: "Technical Committee", OwnerKind: "tc", Status: report.NotApplicable, Severity: report.Info, Message: "does not publish"},
		{Repo: "openstack/castellan-ui", Team: "barbican", OwnerKind: "team", Package: "castellan-ui", Status: report.NotOwner,
			Severity: report.Critical, Retired: true, Change: "unchanged", Roles: []report.Role{{Role: "Owner", User: "mallory"}},
			Message: "openstackci is not listed on castellan-ui; mallory controls the name.", Remediation: "Ask the PyPI admins (admin@pypi.org)."},
	}
	r := &report.Report{Schema: report.Schema, Tool: report.Tool{Name: "pypiguard", Version: "1.2.3"}, Mode: "audit",
		GeneratedAt: time.Date(2026, 5, 4, 6, 0, 0, 0, time.UTC), Repository: "governance", Findings: fs,
		Orphans: []report.Orphan{
			{Package: "quantum", OwnerRole: "Owner", Roles: []report.Role{owner}, Status: report.Clean, Message: "no governed repo maps to it."},
			{Package: "XStatic-Lost", OwnerRole: "Maintainer", Roles: []report.Role{{Role: "Owner", User: "dave"}, {Role: "Maintainer", User: "openstackci"}},
				Status: report.NotOwner, Repo: "x/xstatic-lost", Message: "no governed repo maps to it."},
		},
		Reverse: &report.Reverse{Owner: "openstackci", Packages: 300, Orphans: 2},
		Exceptions: []report.ExceptionState{
			{Package: "oslo.log", Accounts: []string{"carol"}, Reason: "handed over", Link: "https://review.opendev.org/c/1", Expires: "2026-05-20", State: "expiring", File: "pypiguard.yaml", Line: 12},
			{Package: "gone", Accounts: []string{"erin"}, Reason: "old", Link: "javascript:alert(1)", Expires: "2027-01-01", State: "unused", File: "pypiguard.yaml", Line: 20},
		},
		History: &report.History{Baseline: "2026-04-27 06:00 UTC", New: 1, Unchanged: 2,
			Resolved: []report.Finding{{Repo: "openstack/python-neutronclient", Package: "python-neutronclient", Status: report.ExtraMaintainers, Severity: report.High}},
			Accounts: []report.AccountChange{{Package: "python-novaclient", Repo: "openstack/python-novaclient", Added: []report.Role{{Role: "Maintainer", User: "alice"}}}}},
		Warnings: []report.Warning{{File: "reference/projects.yaml", Line: 7, Message: "repo listed twice"}},
	}
	r.Summarize()
	return r
}

func renderHTML(t *testing.T, r *report.Report) (string, *html.Node) {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("the page does not parse: %v", err)
	}
	return b.String(), doc
}

func TestHTMLIsSelfContained(t *testing.T) {
	page, doc := renderHTML(t, htmlWorld())
	for _, bad := range []string{"<link", "<script src", "<img", "url(", "@import", "<iframe", "<object", "<embed", " src="} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("the page contains %q: it must fetch nothing", bad)
		}
	}
	styles, scripts := elements(doc, "style"), elements(doc, "script")
	if len(styles) != 1 || len(scripts) != 1 {
		t.Fatalf("%d style and %d script elements, want one of each, inline", len(styles), len(scripts))
	}
	csp := ""
	for _, m := range elements(doc, "meta") {
		if attr(m, "http-equiv") == "Content-Security-Policy" {
			csp = attr(m, "content")
		}
	}
	for _, n := range []*html.Node{styles[0], scripts[0]} {
		sum := sha256.Sum256([]byte(text(n)))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, h) {
			t.Errorf("the CSP %q does not allow the inline %s (%s)", csp, n.Data, h)
		}
	}
	if !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("CSP %q: want default-src 'none'", csp)
	}
}

func TestHTMLIsAccessible(t *testing.T) {
	_, doc := renderHTML(t, htmlWorld())
	if h := elements(doc, "html")[0]; attr(h, "lang") != "en" {
		t.Errorf("html lang=%q", attr(h, "lang"))
	}
	if !slices.ContainsFunc(elements(doc, "meta"), func(n *html.Node) bool {
		return attr(n, "name") == "viewport" && strings.Contains(attr(n, "content"), "width=device-width")
	}) {
		t.Error("no viewport meta")
	}
	checkHeadings(t, doc)
	checkTables(t, doc)
	ids := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			if ids[id] {
				t.Errorf("id %q is used twice", id)
			}
			ids[id] = true
		}
	})
	walk(doc, func(n *html.Node) {
		if ref := attr(n, "aria-labelledby"); ref != "" && !ids[ref] {
			t.Errorf("<%s aria-labelledby=%q>: no such id", n.Data, ref)
		}
		if n.Data == "a" && strings.HasPrefix(attr(n, "href"), "#") && !ids[attr(n, "href")[1:]] {
			t.Errorf("link to %q: no such id", attr(n, "href"))
		}
	})
	for _, in := range elements(doc, "input") {
		if ancestor(in, "label") == nil {
			t.Errorf("input %q has no label", attr(in, "value"))
		}
	}
	for _, fs := range elements(doc, "fieldset") {
		if len(elements(fs, "legend")) != 1 {
			t.Error("a fieldset without a legend")
		}
	}
}

// checkHeadings wants one h1 first and no level skipped on the way down.
func checkHeadings(t *testing.T, doc *html.Node) {
	t.Helper()
	prev := 0
	walk(doc, func(n *html.Node) {
		if len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' || n.Type != html.ElementNode {
			return
		}
		level := int(n.Data[1] - '0')
		if (prev == 0) != (level == 1) || level > prev+1 {
			t.Errorf("heading <%s>%s</%s> after an h%d", n.Data, text(n), n.Data, prev)
		}
		prev = level
	})
}

// checkTables wants a caption, column headers with scope=col, and a row
// header with scope=row, in every table, each in a labelled scroll region.
func checkTables(t *testing.T, doc *html.Node) {
	t.Helper()
	for _, tab := range elements(doc, "table") {
		if len(elements(tab, "caption")) != 1 {
			t.Error("a table without a caption")
		}
		heads := elements(elements(tab, "thead")[0], "th")
		if len(heads) == 0 {
			t.Errorf("table %q: no column headers", text(elements(tab, "caption")[0]))
		}
		for _, th := range heads {
			if attr(th, "scope") != "col" {
				t.Errorf("column header %q: scope=%q", text(th), attr(th, "scope"))
			}
		}
		for _, tr := range elements(elements(tab, "tbody")[0], "tr") {
			if first := firstElement(tr); first.Data != "th" || attr(first, "scope") != "row" {
				t.Errorf("row %q: the first cell is not a row header", text(tr))
			}
		}
		if p := tab.Parent; !slices.Contains(strings.Fields(attr(p, "class")), "scroll") || attr(p, "role") != "region" || attr(p, "tabindex") != "0" {
			t.Errorf("table %q is not in a focusable scroll region", text(elements(tab, "caption")[0]))
		}
	}
}

func TestHTMLSummary(t *testing.T) {
	_, doc := renderHTML(t, htmlWorld())
	got := map[string]string{}
	for _, li := range elements(doc, "li") {
		if k := attr(li, "data-status") + attr(li, "data-severity"); k != "" {
			got[k] = text(elements(li, "span")[0])
		}
	}
	want := map[string]string{
		"clean": "3", "extra-maintainers": "2", "openstackci-not-owner": "1", "organization-owned": "1", "pending": "1",
		"unverified": "1", "exempt": "1", "not-applicable": "2", "critical": "2", "high": "2", "info": "8",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("summary counts %v, want %v", got, want)
	}
	summary := text(byID(doc, "summary"))
	for _, s := range []string{"FAIL", "openstackci holds a role on 300 PyPI projects; 2 map to no governed repo",
		"1 new, 2 unchanged and 1 resolved violations"} {
		if !strings.Contains(summary, s) {
			t.Errorf("the summary lacks %q:\n%s", s, summary)
		}
	}
	meta := text(elements(doc, "header")[0])
	if !strings.Contains(meta, "2026-05-04 06:00 UTC") || !strings.Contains(meta, "pypiguard 1.2.3") {
		t.Errorf("header %q: want when and which version", meta)
	}
}

func TestHTMLTeamTablesWorstFirst(t *testing.T) {
	_, doc := renderHTML(t, htmlWorld())
	var titles []string
	for _, s := range elements(byID(doc, "teams"), "section") {
		titles = append(titles, text(elements(s, "h3")[0]))
		if n := len(elements(s, "table")); n != 1 {
			t.Errorf("team %s: %d tables", titles[len(titles)-1], n)
		}
		prev := -1
		for _, tr := range elements(elements(s, "tbody")[0], "tr") {
			cells := elements(tr, "td")
			f := report.Finding{Status: report.Status(text(cells[0])), Severity: report.Severity(text(cells[1]))}
			if f.Status != report.Status(attr(tr, "data-status")) {
				t.Errorf("row %q: data-status %q", text(tr), attr(tr, "data-status"))
			}
			if f.Rank() < prev {
				t.Errorf("team %s: %s comes after a better finding", titles[len(titles)-1], f.Status)
			}
			prev = f.Rank()
		}
	}
	// Violations first (critical, then high), then the rest by name; the
	// TC publishes nothing and has no table.
	want := []string{"barbican", "Packaging SIG", "ironic", "nova", "oslo"}
	if !slices.Equal(titles, want) {
		t.Errorf("teams %q, want %q", titles, want)
	}
	nova := text(byID(doc, "team-4"))
	for _, s := range []string{"python-novaclient", "openstackci (Owner), alice (Maintainer)", "Fix: Remove alice", "new", "1 more repo of this team does not publish"} {
		if !strings.Contains(nova, s) {
			t.Errorf("nova's section lacks %q:\n%s", s, nova)
		}
	}
	// A deliverable is named where it says more than the repo.
	if ironic := text(byID(doc, "team-3")); !strings.Contains(ironic, "deliverable ironic-agent") || strings.Contains(nova, "deliverable") {
		t.Errorf("deliverables: ironic %q, nova %q", ironic, nova)
	}
	if castellan := text(byID(doc, "team-1")); !strings.Contains(castellan, "retired") {
		t.Errorf("the retired repo is not marked: %s", castellan)
	}
}

func TestHTMLFilterCoversEveryRow(t *testing.T) {
	_, doc := renderHTML(t, htmlWorld())
	boxes := map[string]bool{}
	for _, in := range elements(byID(doc, "filter"), "input") {
		boxes[attr(in, "value")] = hasAttr(in, "data-attention")
	}
	if _, ok := attrOK(byID(doc, "filter"), "hidden"); !ok {
		t.Error("the filter form must be hidden until the script reveals it")
	}
	for _, tr := range elements(byID(doc, "teams"), "tr") {
		if s := attr(tr, "data-status"); s != "" {
			attention, ok := boxes[s]
			if !ok {
				t.Errorf("no checkbox for status %q", s)
			}
			if st := report.Status(s); attention != (st.Fails() || st == report.StatusUnverified) {
				t.Errorf("status %s: attention=%v", s, attention)
			}
		}
	}
	if len(boxes) != 7 {
		t.Errorf("checkboxes %v: want the 7 statuses of the tables (all but not-applicable)", boxes)
	}
}

// A status this version does not know (a newer report's) gets a checkbox,
// ticked by "Only what needs attention", so that the filter never hides it.
func TestHTMLUnknownStatus(t *testing.T) {
	r := htmlWorld()
	r.Findings[0].Status = "brand-new"
	r.Summarize()
	_, doc := renderHTML(t, r)
	var boxes []string
	for _, in := range elements(byID(doc, "filter"), "input") {
		if hasAttr(in, "data-attention") {
			boxes = append(boxes, attr(in, "value"))
		}
	}
	if want := []string{"openstackci-not-owner", "organization-owned", "extra-maintainers", "unverified", "brand-new"}; !slices.Equal(boxes, want) {
		t.Errorf("statuses needing attention %q, want %q", boxes, want)
	}
	if !strings.Contains(text(byID(doc, "summary")), "1 brand-new") {
		t.Error("the summary leaves out the unknown status")
	}
}

func TestHTMLLinks(t *testing.T) {
	_, doc := renderHTML(t, htmlWorld())
	var hrefs []string
	for _, a := range elements(doc, "a") {
		h := attr(a, "href")
		if !strings.HasPrefix(h, "#") {
			hrefs = append(hrefs, h)
		}
		if !strings.HasPrefix(h, "#") && !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "http://") {
			t.Errorf("link %q: only http(s) and in-page links", h)
		}
	}
	want := []string{
		"https://pypi.org/manage/project/ironic-python-agent/collaboration/",
		"https://pypi.org/manage/project/python-novaclient/collaboration/",
		"https://status.python.org/",
		"https://review.opendev.org/c/1",
	}
	if !slices.Equal(hrefs, want) {
		t.Errorf("links %q, want %q", hrefs, want)
	}
	if ex := text(byID(doc, "exceptions")); !strings.Contains(ex, "javascript:alert(1)") {
		t.Errorf("a link that is not http(s) must stay text: %s", ex)
	}
}

// hostileStrings are names and texts crafted to break out of the page.
var hostileStrings = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(2)>`,
	`</td></tr></table><style>body{display:none}</style>`,
	`https://evil.example/"onmouseover="alert(3)`,
	`javascript:alert(4)`,
	`'};alert(5);//`,
}

// hostileWorld is htmlWorld with hostile strings wherever a report has text.
func hostileWorld() *report.Report {
	r := htmlWorld()
	for i, h := range hostileStrings {
		f := &r.Findings[i]
		f.Package, f.Team, f.Repo, f.Message, f.Remediation = h, h, h, h, h
		f.Roles = []report.Role{{Role: h, User: h}}
		f.Status = report.Status(h)
		f.NameSource, f.NameUnknown = h, h
		f.AlsoChecked = []report.AlsoChecked{{Name: h, Source: h, Status: report.StatusUnverified, Error: h}}
	}
	r.Orphans[0].Package, r.Reverse.Owner, r.Exceptions[0].Reason, r.Warnings[0].Message = hostileStrings[0], hostileStrings[1], hostileStrings[2], hostileStrings[3]
	r.Tool.Version, r.Repository = hostileStrings[1], hostileStrings[0]
	return r
}

func TestHTMLEscapesHostileStrings(t *testing.T) {
	hostile := hostileStrings
	r := hostileWorld()
	_, doc := renderHTML(t, r)
	if n := len(elements(doc, "script")); n != 1 {
		t.Errorf("%d script elements: the report's strings made some", n)
	}
	if n := len(elements(doc, "style")) + len(elements(doc, "img")); n != 1 {
		t.Errorf("%d style and img elements, want our one style", n)
	}
	walk(doc, func(n *html.Node) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s=%q>: an event handler from the report", n.Data, a.Key, a.Val)
			}
			if a.Key == "href" && strings.Contains(a.Val, "evil") {
				t.Errorf("a link to %q", a.Val)
			}
		}
	})
	body := text(elements(doc, "body")[0])
	for _, h := range hostile {
		if !strings.Contains(body, h) {
			t.Errorf("%q is not shown as text", h)
		}
	}
}

func TestHTMLCheckReport(t *testing.T) {
	r := &report.Report{Schema: report.Schema, Tool: report.Tool{Name: "pypiguard", Version: "dev"}, Mode: "check",
		GeneratedAt: time.Date(2026, 5, 4, 6, 0, 0, 0, time.UTC), Repository: "governance", Base: "origin/master", Head: "HEAD",
		Events: []report.Event{{Kind: "new-repo", Team: "nova", OwnerKind: "team", Deliverable: "nova", Repos: []string{"openstack/nova-new"}, File: "reference/projects.yaml", Line: 40}},
		Info:   []report.Event{{Kind: "renamed-team", Team: "nova", From: "compute", File: "reference/projects.yaml", Line: 1}},
		Findings: []report.Finding{{Repo: "openstack/nova-new", Deliverable: "nova", Team: "nova", Package: "nova-new", Status: report.Pending, Severity: report.Info,
			Message: "nova-new does not exist on PyPI yet.", File: "reference/projects.yaml", Line: 40, Events: []string{"new-repo"}}},
	}
	r.Summarize()
	page, doc := renderHTML(t, r)
	for _, s := range []string{"pypiguard check: PASS", "reference/projects.yaml:40: new-repo deliverable nova openstack/nova-new (team nova)",
		"For information (not checked)", "(origin/master..HEAD)", "nova-new does not exist on PyPI yet."} {
		if !strings.Contains(text(doc), s) {
			t.Errorf("the check report lacks %q", s)
		}
	}
	for _, id := range []string{"reverse", "history", "exceptions"} {
		if byID(doc, id) != nil {
			t.Errorf("a check report has a %s section", id)
		}
	}
	if strings.Contains(page, "Since the last run") {
		t.Error("no baseline, yet a change column")
	}
	checkHeadings(t, doc)
	checkTables(t, doc)

	_, empty := renderHTML(t, &report.Report{Mode: "diff", Tool: report.Tool{Name: "pypiguard", Version: "dev"}})
	if s := text(empty); !strings.Contains(s, "Nothing to check") || !strings.Contains(s, "No event") || byID(empty, "teams") != nil {
		t.Errorf("an empty report: %s", s)
	}
}

func TestProse(t *testing.T) {
	got := prose("Remove bob (https://a.example/x/). Then https://b.example, done. http://c.example/\"x")
	want := []htmlSpan{{Text: "Remove bob ("}, {URL: "https://a.example/x/"}, {Text: "). Then "}, {URL: "https://b.example"},
		{Text: ", done. http://c.example/\"x"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("prose %q\nwant %q", got, want)
	}
}

// The helpers below read the parsed page.

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func elements(root *html.Node, tag string) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) {
		if n.Data == tag && n != root {
			out = append(out, n)
		}
	})
	return out
}

func byID(root *html.Node, id string) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) {
		if found == nil && attr(n, "id") == id {
			found = n
		}
	})
	return found
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string { v, _ := attrOK(n, key); return v }

func hasAttr(n *html.Node, key string) bool { _, ok := attrOK(n, key); return ok }

func ancestor(n *html.Node, tag string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return p
		}
	}
	return nil
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// text is the text of n, with runs of white space made one space.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	if n.Data == "style" || n.Data == "script" {
		return b.String()
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestHTMLNames: a guessed name is tagged, with where it came from and why
// the build's own name is unknown; the other names looked up are notes.
func TestHTMLNames(t *testing.T) {
	t.Parallel()
	r := htmlWorld()
	var f *report.Finding
	for i := range r.Findings {
		if r.Findings[i].Status.Fails() {
			f = &r.Findings[i]
			break
		}
	}
	f.NameSource, f.Guessed, f.NameUnknown = "basename", true, "x/setup.py may set the name"
	f.AlsoChecked = []report.AlsoChecked{{Name: "other-name", Source: "releases-tarball-base", Guessed: true, Status: report.ExtraMaintainers,
		Accounts: []report.Role{{Role: "Owner", User: "openstackci"}, {Role: "Maintainer", User: "eve"}}}}
	_, doc := renderHTML(t, r)
	body := text(elements(doc, "body")[0])
	for _, want := range []string{f.Package + " guessed", "Name: " + f.Package + " (from basename, guessed): x/setup.py may set the name; the real name may differ",
		"Note: also checked other-name (releases-tarball-base, guessed): held by openstackci (Owner), eve (Maintainer); if the repo publishes under this name, that is extra-maintainers"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}
