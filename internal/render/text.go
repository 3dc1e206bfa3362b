package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// Text writes the report for a terminal: what a release liaison reads in a
// dry-run.
func Text(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriter(w)
	writeEvents(bw, r)
	writeWarnings(bw, r.Warnings)
	return bw.Flush()
}

func writeEvents(w io.Writer, r *report.Report) {
	if len(r.Events) == 0 {
		fmt.Fprintln(w, "No event: the change adds, moves, revives or starts publishing nothing PyPI cares about.")
	} else {
		fmt.Fprintf(w, "%s:\n", plural(len(r.Events), "event"))
		for _, e := range r.Events {
			fmt.Fprintf(w, "  %s\n", eventLine(e))
		}
	}
	if len(r.Info) > 0 {
		fmt.Fprintf(w, "\nFor information (not checked):\n")
		for _, e := range r.Info {
			fmt.Fprintf(w, "  %s\n", eventLine(e))
		}
	}
}

func eventLine(e report.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s", e.File, e.Line, e.Kind)
	if e.AtBase {
		fmt.Fprintf(&b, " (line at base)")
	}
	if e.Deliverable != "" {
		fmt.Fprintf(&b, " deliverable %s", e.Deliverable)
	}
	if len(e.Repos) > 0 {
		fmt.Fprintf(&b, " %s", strings.Join(e.Repos, ", "))
	}
	if e.Team != "" {
		fmt.Fprintf(&b, " (%s %s)", ownerWord(e.OwnerKind), e.Team)
	}
	if e.From != "" {
		fmt.Fprintf(&b, ", from %s", e.From)
	}
	if e.Upstream != "" {
		fmt.Fprintf(&b, ", imported from %s", e.Upstream)
	}
	return b.String()
}

func ownerWord(kind string) string {
	switch kind {
	case "sig":
		return "SIG"
	case "tc":
		return "owner"
	}
	return "team"
}

func writeWarnings(w io.Writer, ws []report.Warning) {
	if len(ws) == 0 {
		return
	}
	fmt.Fprintf(w, "\nWarnings about the files (tolerated):\n")
	for _, x := range ws {
		fmt.Fprintf(w, "  %s:%d: %s\n", x.File, x.Line, x.Message)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
