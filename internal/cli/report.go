package cli

import (
	"os"
	"strconv"
	"time"

	"opendev.org/openstack/pypiguard/internal/report"
	"opendev.org/openstack/pypiguard/internal/version"
)

// reportTool is pypiguard as reports name it.
func reportTool() report.Tool { return report.Tool{Name: "pypiguard", Version: version.String()} }

// reportTime is when a report is made (guard.Deps.Started). It honours
// SOURCE_DATE_EPOCH (reproducible-builds.org), so that reports and the
// tests' golden files can be reproduced.
func reportTime() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if secs, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(secs, 0).UTC()
		}
	}
	return time.Now().UTC().Truncate(time.Second)
}
