package gerrit

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
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
