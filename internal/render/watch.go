package render

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
)

// WatchLine writes one journal entry the watch reports: a text line, or a
// JSON object on one line.
func WatchLine(w io.Writer, e report.WatchEntry, format string) error {
	if format == "json" {
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", data)
		return err
	}
	level := "info "
	if e.Alert {
		level = "ALERT"
	}
	what := fmt.Sprintf("%q", e.Action)
	if e.Alert {
		what = fmt.Sprintf("%s can now upload as %s (%q)", e.Account, e.Role, e.Action)
	}
	_, err := fmt.Fprintf(w, "%s %s %s: %s [serial %d, %s]\n", level, e.Time.UTC().Format(time.DateTime), e.Package, what, e.Serial, e.Why)
	return err
}
