package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// Markdown writes the report as GitHub-flavoured Markdown. Everything that
// comes from outside (names, accounts, messages) is escaped, so that a crafted
// name cannot inject links, HTML or table cells.
func Markdown(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# pypiguard %s: %s\n\n", r.Mode, md(strings.ToUpper(string(r.Verdict))))
	fmt.Fprintf(bw, "%s. Generated %s by pypiguard %s.\n\n", md(countsLine(r)), r.GeneratedAt.Format("2006-01-02 15:04 UTC"), md(r.Tool.Version))
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "> **Note:** %s\n\n", md(n))
	}
	if r.Mode == "audit" {
		writeMarkdownAudit(bw, r)
		return bw.Flush()
	}
	if len(r.Findings) > 0 {
		writeMarkdownTable(bw, r.Findings, r.Owner)
		writeMarkdownFixes(bw, r.Findings, r.Owner)
		writeMarkdownAlso(bw, r.Findings)
	}
	writeMarkdownEvents(bw, r)
	return bw.Flush()
}

func countsLine(r *report.Report) string {
	if r.Summary == nil || len(r.Findings) == 0 {
		return "Nothing to check"
	}
	return strings.Join(statusTally(r.Summary, r.Owner), ", ")
}

func writeMarkdownTable(w io.Writer, fs []report.Finding, policyOwner string) {
	fmt.Fprintln(w, "| Status | Severity | Package | Repo | Listed on PyPI |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, f := range report.SortedBySeverity(fs) {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", md(f.Status.Label(policyOwner)), md(string(f.Severity)), md(nameLabel(f)), md(f.Repo), md(listedCell(f)))
	}
	fmt.Fprintln(w)
}

func writeMarkdownFixes(w io.Writer, fs []report.Finding, policyOwner string) {
	header := false
	for _, f := range report.SortedBySeverity(fs) {
		if !f.Status.Fails() && f.Status != report.StatusUnverified {
			continue
		}
		if !header {
			fmt.Fprintf(w, "## What to fix\n\n")
			header = true
		}
		fmt.Fprintf(w, "### %s: %s (%s)\n\n", md(nameLabel(f)), md(f.Status.Label(policyOwner)), md(string(f.Severity)))
		fmt.Fprintf(w, "- **Repo:** %s%s\n", md(f.Repo), md(owner(f)))
		if f.File != "" {
			fmt.Fprintf(w, "- **Where:** `%s:%d`%s\n", code(f.File), f.Line, md(inParens(strings.Join(f.Events, ", "))))
		}
		if n := nameGuessed(f); n != "" {
			fmt.Fprintf(w, "- **Name:** %s\n", md(n))
		}
		writeMarkdownWho(w, f.Accounts)
		fmt.Fprintf(w, "- **Why:** %s\n", mdProse(f.Message))
		if f.Remediation != "" {
			fmt.Fprintf(w, "- **Fix:** %s\n", mdProse(f.Remediation))
		}
		fmt.Fprintln(w)
	}
}

// writeMarkdownWho lists who each extra account is, strangers first.
func writeMarkdownWho(w io.Writer, as []report.Account) {
	if len(as) == 0 {
		return
	}
	fmt.Fprintf(w, "- **Who:**\n")
	for _, l := range accountLines(as) {
		fmt.Fprintf(w, "  - %s\n", md(l))
	}
}

// writeMarkdownAlso lists the other names each repo could publish under and
// what PyPI holds there: information, and a warning in words when someone
// else holds one.
func writeMarkdownAlso(w io.Writer, fs []report.Finding) {
	header := false
	for _, f := range fs {
		for _, l := range alsoLines(f) {
			if !header {
				fmt.Fprintf(w, "## Other names looked up\n\nNames a repo could publish under besides its declared one; they do not change the verdict.\n\n")
				header = true
			}
			fmt.Fprintf(w, "- %s \\(repo %s\\): %s\n", md(f.Package), md(f.Repo), md(l))
		}
	}
	if header {
		fmt.Fprintln(w)
	}
}

func writeMarkdownEvents(w io.Writer, r *report.Report) {
	fmt.Fprintf(w, "## Events\n\n")
	if len(r.Events) == 0 {
		fmt.Fprintf(w, "No event: the change adds, moves, revives or starts publishing nothing PyPI cares about.\n")
	}
	for _, e := range r.Events {
		fmt.Fprintf(w, "- %s\n", md(eventLine(e)))
	}
	if len(r.Info) > 0 {
		fmt.Fprintf(w, "\nFor information (not checked):\n\n")
		for _, e := range r.Info {
			fmt.Fprintf(w, "- %s\n", md(eventLine(e)))
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "\n## Warnings about the files\n\n")
		for _, x := range r.Warnings {
			fmt.Fprintf(w, "- `%s:%d`: %s\n", code(x.File), x.Line, md(x.Message))
		}
	}
}

// md escapes Markdown's special characters, and newlines, so that text
// stays text in a paragraph or a table cell.
func md(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_{}[]()<>#+!|~&", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdProse escapes s but turns its http(s) URLs into autolinks.
func mdProse(s string) string {
	words := strings.Split(s, " ")
	for i, word := range words {
		if pre, url, post, ok := cutURL(word); ok {
			words[i] = md(pre) + "<" + url + ">" + md(post)
			continue
		}
		words[i] = md(word)
	}
	return strings.Join(words, " ")
}

// cutURL splits a word into the punctuation before a URL, the URL, and the
// punctuation after it.
func cutURL(word string) (pre, url, post string, ok bool) {
	start := strings.Index(word, "https://")
	if start < 0 {
		start = strings.Index(word, "http://")
	}
	if start < 0 || strings.Trim(word[:start], "(\"'") != "" {
		return "", "", "", false
	}
	end := len(word)
	for end > start && strings.ContainsRune(".,;:)'\"", rune(word[end-1])) {
		end--
	}
	url = word[start:end]
	if strings.ContainsAny(url, "<>\"` \n") {
		return "", "", "", false
	}
	return word[:start], url, word[end:], true
}

// code makes s safe inside a `code span`.
func code(s string) string { return strings.NewReplacer("`", "'", "\n", " ").Replace(s) }
