package cli

import (
	"os"
	"strconv"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/version"
)

// newReport starts a report of the given mode. Its time honours
// SOURCE_DATE_EPOCH (reproducible-builds.org), so that reports and the
// tests' golden files can be reproduced.
func (a *app) newReport(mode string) *report.Report {
	return &report.Report{Schema: report.Schema, Tool: reportTool(), Mode: mode, GeneratedAt: reportTime()}
}

// reportTool is pypiguard as reports name it.
func reportTool() report.Tool { return report.Tool{Name: "pypiguard", Version: version.String()} }

func reportTime() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if secs, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(secs, 0).UTC()
		}
	}
	return time.Now().UTC().Truncate(time.Second)
}
