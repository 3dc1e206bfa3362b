package pypi

import (
	"net/http"
	"strconv"
	"strings"
)

// PyPI's rate limit headers (warehouse/rate_limiting/headers.py, since
// warehouse PR #20067) follow draft-ietf-httpapi-ratelimit-headers-10, as
// structured-field lists (RFC 9651):
//
//	RateLimit-Policy: "xmlrpc.client";q=<amount>;w=<window seconds>;pk=:ip:
//	RateLimit: "xmlrpc.client";r=<remaining>;t=<seconds until the oldest call leaves>
//
// A limiter with several limits names them "xmlrpc.client-0",
// "xmlrpc.client-1", ... They are advisory: an older PyPI sends none, and a
// header that does not parse is ignored.

// sfItem is one member of a structured-field list: its name (a string or
// token) and its parameters, values kept as written.
type sfItem struct {
	name   string
	params map[string]string
}

// xmlrpcLimits returns the XML-RPC limiter's items of the header key.
func xmlrpcLimits(h http.Header, key string) []sfItem {
	items, ok := parseSFList(strings.Join(h.Values(key), ","))
	if !ok {
		return nil
	}
	var out []sfItem
	for _, it := range items {
		if it.name == "xmlrpc.client" || strings.HasPrefix(it.name, "xmlrpc.client-") {
			out = append(out, it)
		}
	}
	return out
}

// intParam is a non-negative integer parameter of it.
func (it sfItem) intParam(key string) (int64, bool) {
	n, err := strconv.ParseInt(it.params[key], 10, 64)
	return n, err == nil && n >= 0
}

// sfScanner reads a structured-field list; it accepts what warehouse
// writes and anything else RFC 9651 allows in a list of bare items with
// parameters, inner lists excepted.
type sfScanner struct {
	s   string
	pos int
}

// parseSFList parses a list; ok is false when it does not parse.
func parseSFList(v string) (items []sfItem, ok bool) {
	sc := &sfScanner{s: v}
	sc.skipSpace()
	for sc.pos < len(sc.s) {
		it, ok := sc.item()
		if !ok {
			return nil, false
		}
		items = append(items, it)
		sc.skipSpace()
		if sc.pos == len(sc.s) {
			break
		}
		if sc.s[sc.pos] != ',' {
			return nil, false
		}
		sc.pos++
		sc.skipSpace()
	}
	return items, true
}

func (sc *sfScanner) skipSpace() {
	for sc.pos < len(sc.s) && (sc.s[sc.pos] == ' ' || sc.s[sc.pos] == '\t') {
		sc.pos++
	}
}

func (sc *sfScanner) item() (sfItem, bool) {
	name, ok := sc.bare()
	if !ok {
		return sfItem{}, false
	}
	it := sfItem{name: name, params: map[string]string{}}
	for sc.pos < len(sc.s) && sc.s[sc.pos] == ';' {
		sc.pos++
		sc.skipSpace()
		key := sc.run(isKeyChar)
		if key == "" {
			return sfItem{}, false
		}
		val := "?1" // a parameter without a value is boolean true
		if sc.pos < len(sc.s) && sc.s[sc.pos] == '=' {
			sc.pos++
			if val, ok = sc.bare(); !ok {
				return sfItem{}, false
			}
		}
		it.params[key] = val
	}
	return it, true
}

// bare reads a bare item: a string (unquoted), a byte sequence (kept with
// its colons), or a token, number or boolean (as written).
func (sc *sfScanner) bare() (string, bool) {
	if sc.pos >= len(sc.s) {
		return "", false
	}
	switch sc.s[sc.pos] {
	case '"':
		return sc.str()
	case ':':
		end := strings.IndexByte(sc.s[sc.pos+1:], ':')
		if end < 0 {
			return "", false
		}
		v := sc.s[sc.pos : sc.pos+end+2]
		sc.pos += end + 2
		return v, true
	}
	v := sc.run(isTokenChar)
	return v, v != ""
}

func (sc *sfScanner) str() (string, bool) {
	var b strings.Builder
	for sc.pos++; sc.pos < len(sc.s); sc.pos++ {
		switch c := sc.s[sc.pos]; {
		case c == '"':
			sc.pos++
			return b.String(), true
		case c == '\\' && sc.pos+1 < len(sc.s):
			sc.pos++
			b.WriteByte(sc.s[sc.pos])
		case c < 0x20 || c > 0x7e:
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

func (sc *sfScanner) run(ok func(byte) bool) string {
	start := sc.pos
	for sc.pos < len(sc.s) && ok(sc.s[sc.pos]) {
		sc.pos++
	}
	return sc.s[start:sc.pos]
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '*'
}

// isTokenChar covers tokens, integers, decimals and booleans ("?1").
func isTokenChar(c byte) bool {
	return c > 0x20 && c < 0x7f && !strings.ContainsRune(`"(),;=\{}[]<>@`, rune(c)) || c == '?'
}
