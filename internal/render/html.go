package render

import (
	"html/template"
	"io"

	"opendev.org/openstack/pypiguard/internal/report"
)

var htmlPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>pypiguard {{.Mode}}</title></head>
<body><h1>pypiguard {{.Mode}}: {{.Verdict}}</h1></body></html>
`))

// HTML writes the report as one self-contained page.
func HTML(w io.Writer, r *report.Report) error { return htmlPage.Execute(w, r) }
