package gerrit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"opendev.org/openstack/pypiguard/internal/naming"
	"opendev.org/openstack/pypiguard/internal/source"
)

// magicPrefix starts every JSON answer of Gerrit, against XSSI.
var magicPrefix = []byte(")]}'")

// decodeContent decodes a file-content answer. Gerrit sends the file as
// base64 text by default, or as a JSON string (after the magic prefix) when
// the request's Accept is exactly application/json, which go-gerrit always
// sends; X-FYI-Content-Encoding says which it chose.
func decodeContent(h http.Header, body []byte) ([]byte, error) {
	switch h.Get("X-FYI-Content-Encoding") {
	case "json":
		return decodeJSONString(body)
	case "base64", "":
		if bytes.HasPrefix(bytes.TrimSpace(body), magicPrefix) {
			return decodeJSONString(body) // an old Gerrit, or a proxy, dropped the header
		}
		out, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(body)))
		if err != nil {
			return nil, fmt.Errorf("file content is neither base64 nor JSON: %w", err)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unknown X-FYI-Content-Encoding %q", h.Get("X-FYI-Content-Encoding"))
	}
}

func decodeJSONString(body []byte) ([]byte, error) {
	body = bytes.TrimSpace(body)
	body = bytes.TrimSpace(bytes.TrimPrefix(body, magicPrefix))
	var s string
	if err := json.Unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("file content is not a JSON string: %w", err)
	}
	return []byte(s), nil
}

// revisionFile reads path at revision rev of change id (both already in
// path form), or at its parent-th parent; nil when the file is absent there.
// go-gerrit's GetContent has no parent option, hence the hand-made request.
func (c *Client) revisionFile(ctx context.Context, id, rev, path string, parent int) ([]byte, error) {
	p := fmt.Sprintf("changes/%s/revisions/%s/files/%s/content", id, rev, url.PathEscape(path))
	at := rev
	if parent > 0 {
		p += fmt.Sprintf("?parent=%d", parent)
		at = rev + "^" + strconv.Itoa(parent)
	}
	data, err := c.content(ctx, "read "+path+" at "+at, p)
	if err != nil {
		return nil, err
	}
	if len(data) > source.MaxFileSize {
		return nil, &source.TooLargeError{Path: path, Rev: at, Size: int64(len(data))}
	}
	return data, nil
}

// BranchFile reads path at the tip of branch of repo, or nil when the file
// does not exist: GET /projects/{p}/branches/{b}/files/{f}/content, every part
// escaped (go-gerrit's own GetBranchContent does not escape the file).
func (c *Client) BranchFile(ctx context.Context, repo, branch, path string) ([]byte, error) {
	if !naming.ValidRepo(repo) {
		return nil, fmt.Errorf("repo %q is not an org/name repository name", repo)
	}
	p := fmt.Sprintf("projects/%s/branches/%s/files/%s/content", url.PathEscape(repo), url.PathEscape(branch), url.PathEscape(path))
	return c.content(ctx, "read "+path+" of "+repo+" at "+branch, p)
}

// content GETs the file content at p and decodes it; nil when Gerrit has
// no such file (404). op names the read in errors.
func (c *Client) content(ctx context.Context, op, p string) ([]byte, error) {
	h, body, err := c.get(ctx, op, p)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := decodeContent(h, body)
	if err != nil {
		return nil, &Error{Op: op, Code: http.StatusOK, Err: err, Hint: "check that --gerrit-url points at Gerrit"}
	}
	return data, nil
}
