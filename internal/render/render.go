// Package render writes a report.Report in the formats people and machines
// read: text (the dry-run), json (schema 1), markdown, html, and the data for
// Zuul's zuul_return. Renderers only write to the io.Writer they are given.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"opendev.org/openstack/pypiguard/internal/report"
)

// Renderer writes r to w.
type Renderer func(w io.Writer, r *report.Report) error

var renderers = map[string]Renderer{
	"text":     Text,
	"json":     JSON,
	"markdown": Markdown,
	"html":     HTML,
}

// Names lists the formats ByName knows.
func Names() []string {
	names := make([]string, 0, len(renderers))
	for n := range renderers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ByName returns the renderer of a format.
func ByName(name string) (Renderer, error) {
	if r, ok := renderers[name]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(Names(), ", "))
}

// JSON writes the report as indented JSON, schema 1.
func JSON(w io.Writer, r *report.Report) error {
	out := *r
	if out.Events == nil {
		out.Events = []report.Event{}
	}
	if out.Info == nil {
		out.Info = []report.Event{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
