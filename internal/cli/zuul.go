package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"opendev.org/openstack/pypiguard/internal/render"
	"opendev.org/openstack/pypiguard/internal/report"
)

// zuulFlags say what to write for a Zuul job: the data for zuul_return, and
// the reports the job publishes in its logs.
type zuulFlags struct {
	returnFile string
	reportDir  string
	reportURL  string
}

func (f *zuulFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.returnFile, "zuul-return", "", "write the data for zuul_return (file comments, warnings, artifacts) to this JSON file")
	fs.StringVar(&f.reportDir, "zuul-report-dir", "", "also write the report as "+render.ZuulMarkdownReport+" and "+render.ZuulJSONReport+" into this folder (made if missing), for the job's logs")
	fs.StringVar(&f.reportURL, "zuul-report-url", "pypiguard/", "where the job publishes --zuul-report-dir, relative to the build's log URL or absolute: --zuul-return's artifacts link to the reports there (empty: no artifact)")
}

// write writes the reports and the zuul_return file, when asked. It runs
// whatever the verdict: a failing or unverified check is when the comments
// and the report matter most.
func (f *zuulFlags) write(r *report.Report) error {
	if f.reportDir != "" {
		if err := f.writeReports(r); err != nil {
			return err
		}
	}
	if f.returnFile == "" {
		return nil
	}
	return writeMade(f.returnFile, render.Zuul(render.ZuulOptions{ReportURL: f.reportURL}), r)
}

func (f *zuulFlags) writeReports(r *report.Report) error {
	for _, out := range []struct {
		name string
		rend render.Renderer
	}{{render.ZuulMarkdownReport, render.Markdown}, {render.ZuulJSONReport, render.JSON}} {
		if err := writeMade(filepath.Join(f.reportDir, out.name), out.rend, r); err != nil {
			return err
		}
	}
	return nil
}

// writeMade renders r into path, making its folder first: a job names
// folders under its log directory that nothing has made yet.
func writeMade(path string, rend render.Renderer, r *report.Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return usageError(fmt.Errorf("write %s: %w", path, err))
	}
	return writeFile(path, func(w io.Writer) error { return rend(w, r) })
}
