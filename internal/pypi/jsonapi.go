package pypi

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
)

// jsonProject is the part of GET /pypi/<name>/json pypiguard reads.
type jsonProject struct {
	Info *struct {
		Name string `json:"name"`
	} `json:"info"`
	// Ownership is absent on PyPI before PR #19525 (February 2026).
	Ownership *struct {
		Roles        []Role  `json:"roles"`
		Organization *string `json:"organization"`
	} `json:"ownership"`
	// Releases maps each version to its files; read beside the roles so
	// that issue 19's comparison costs no request.
	Releases map[string][]jsonFile `json:"releases"`
	// releases is Releases decoded; nil when the document had no releases
	// key.
	releases []Release
}

// getJSON asks the JSON API about norm; nil without error is a 404, which
// does not prove the name is free: projects without releases 404 too.
func (c *Client) getJSON(ctx context.Context, pkg, norm string) (*jsonProject, error) {
	var p *jsonProject
	err := c.getFound(ctx, pkg, norm, jsonRoute, func(resp *response) error {
		var err error
		p, err = decodeProject(resp)
		return err
	})
	return p, err
}

func decodeProject(resp *response) (*jsonProject, error) {
	var p jsonProject
	if err := json.Unmarshal(resp.body, &p); err != nil {
		return nil, malformed(resp, "application/json", fmt.Errorf("%w: JSON: %v", ErrMalformed, err))
	}
	if p.Info == nil || p.Info.Name == "" {
		return nil, malformed(resp, "application/json", fmt.Errorf("%w: JSON without info.name", ErrMalformed))
	}
	if p.Releases != nil {
		rs, err := decodeReleases(p.Releases)
		if err != nil {
			return nil, malformed(resp, "application/json", err)
		}
		p.releases, p.Releases = rs, nil
	}
	if p.Ownership == nil {
		return &p, nil
	}
	for _, r := range p.Ownership.Roles {
		if r.Role == "" || r.User == "" {
			return nil, malformed(resp, "application/json", fmt.Errorf("%w: JSON ownership role %+v has an empty field", ErrMalformed, r))
		}
	}
	return &p, nil
}

// fromJSON is the answer from a JSON document with the ownership key.
func fromJSON(norm string, p *jsonProject) *Ownership {
	o := &Ownership{Name: norm, DisplayName: p.Info.Name, Exists: true, Source: SourceJSON}
	o.Roles = append([]Role{}, p.Ownership.Roles...)
	if p.Ownership.Organization != nil {
		o.Organization = *p.Ownership.Organization
	}
	p.giveReleases(o)
	return o
}

// giveReleases gives o the releases the document listed, known only when
// it had the releases key.
func (p *jsonProject) giveReleases(o *Ownership) {
	o.Releases, o.ReleasesKnown = p.releases, p.releases != nil
}

// malformed judges err, an answer that does not parse. It is worth another
// attempt when the answer claims the expected type (a cut-off answer from a
// cache, say), but not when it is some other document: that is a wrong
// --pypi-url, and retrying would not change it.
func malformed(resp *response, want string, err error) error {
	got, _, _ := mime.ParseMediaType(resp.header.Get("Content-Type"))
	if got == want {
		return &retryable{err: err}
	}
	return fmt.Errorf("%w (Content-Type %q, not %s)", err, got, want)
}
