package fakepypi

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// The faults PyPI sends, code and text (pyramid_rpc, warehouse views.py).
const (
	faultParse          = -32700
	faultMethodNotFound = -32601
	faultInvalidParams  = -32602
	faultServer         = -32500

	msgParse          = "parse error; not well formed"
	msgMethodNotFound = "server error; requested method not found"
	msgMultiCall      = "ValueError: MultiCall requests have been deprecated, use individual requests instead."
)

// xmlCall is a <methodCall>, its parameters kept raw so that their types
// can be checked as PyPI does.
type xmlCall struct {
	XMLName xml.Name   `xml:"methodCall"`
	Method  string     `xml:"methodName"`
	Params  []xmlParam `xml:"params>param>value"`
}

type xmlParam struct {
	Text     string `xml:",chardata"`
	Children []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
}

// str returns the parameter as a string: an untyped <value> or a
// <string>, nothing else (PyPI validates parameter types with pydantic).
func (p xmlParam) str() (string, bool) {
	switch {
	case len(p.Children) == 0:
		return p.Text, true
	case len(p.Children) == 1 && p.Children[0].XMLName.Local == "string":
		return p.Children[0].Text, true
	}
	return "", false
}

// integer returns the parameter as an integer: the types Python's
// xmlrpc.client reads as int (its Unmarshaller's end_int).
func (p xmlParam) integer() (int64, bool) {
	if len(p.Children) != 1 {
		return 0, false
	}
	switch p.Children[0].XMLName.Local {
	case "int", "i1", "i2", "i4", "i8", "bigint":
		n, err := strconv.ParseInt(strings.TrimSpace(p.Children[0].Text), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// serveXMLRPC is POST /pypi, /pypi/ and /RPC2. PyPI's route matches only
// a Content-Type starting with text/xml; other requests get the HTML 404.
func (s *Server) serveXMLRPC(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") {
		notFoundPage(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var call xmlCall
	if err != nil || xml.Unmarshal(body, &call) != nil {
		writeXML(w, dumpFault(faultParse, msgParse))
		return
	}
	writeXML(w, s.dispatch(w.Header(), &call))
}

// dispatch answers a call. Unknown methods do not count against the rate
// limit; every registered method does, multicall included
// (warehouse/legacy/api/xmlrpc/views.py: xmlrpc_method wraps each in
// ratelimit). The limiter's headers go on every counted answer.
func (s *Server) dispatch(h http.Header, c *xmlCall) []byte {
	if !s.registered(c.Method) {
		return dumpFault(faultMethodNotFound, msgMethodNotFound)
	}
	st := s.throttled()
	for k, v := range st.header {
		h[k] = v
	}
	if st.limited {
		s.countThrottled()
		return dumpFault(faultServer, st.msg)
	}
	switch c.Method {
	case "system.multicall":
		return dumpFault(faultServer, msgMultiCall)
	case "changelog_last_serial":
		return s.lastSerialCall(c.Params)
	case "changelog_since_serial":
		return s.sinceSerialCall(c.Params)
	}
	v, msg := oneString(c.Params, paramNames[c.Method])
	if msg != "" {
		return dumpFault(faultInvalidParams, "client error; "+msg)
	}
	if c.Method == "package_roles" {
		return dumpPairs(s.packageRoles(v))
	}
	return dumpPairs(s.userPackages(v))
}

// paramNames names the single parameter of each method, as PyPI's
// messages do.
var paramNames = map[string]string{"package_roles": "package_name", "user_packages": "username", "changelog_since_serial": "serial"}

func (s *Server) registered(method string) bool {
	switch method {
	case "package_roles":
		return !s.opts.NoPackageRoles
	case "user_packages", "system.multicall", "changelog_last_serial", "changelog_since_serial":
		return true
	}
	return false
}

// lastSerialCall is changelog_last_serial(), which takes no parameter.
func (s *Server) lastSerialCall(params []xmlParam) []byte {
	if len(params) > 0 {
		return dumpFault(faultInvalidParams, "client error; 0: Unexpected positional argument")
	}
	return dumpSerial(s.LastSerial())
}

// sinceSerialCall is changelog_since_serial(serial: StrictInt): a string
// or a boolean is refused, as pydantic's strict mode does.
func (s *Server) sinceSerialCall(params []xmlParam) []byte {
	switch {
	case len(params) == 0:
		return dumpFault(faultInvalidParams, "client error; serial: Missing required argument")
	case len(params) > 1:
		return dumpFault(faultInvalidParams, "client error; 1: Unexpected positional argument")
	}
	serial, ok := params[0].integer()
	if !ok {
		return dumpFault(faultInvalidParams, "client error; serial: Input should be a valid integer")
	}
	return dumpJournal(s.journalSince(serial))
}

// oneString checks the single string parameter called name, with PyPI's
// messages for what is wrong.
func oneString(params []xmlParam, name string) (string, string) {
	switch {
	case len(params) == 0:
		return "", name + ": Missing required argument"
	case len(params) > 1:
		return "", "1: Unexpected positional argument"
	}
	v, ok := params[0].str()
	if !ok {
		return "", name + ": Input should be a valid string"
	}
	return v, ""
}

// packageRoles normalizes on the server, like PyPI's SQL
// normalize_pep426_name, and sorts Owner first, then by username without
// regard to case (CITEXT).
func (s *Server) packageRoles(name string) [][2]string {
	p, ok := s.project(name)
	if !ok {
		return nil
	}
	pairs := make([][2]string, 0, len(p.Roles))
	for _, r := range p.Roles {
		pairs = append(pairs, [2]string{r[0], r[1]})
	}
	sortPairs(pairs)
	return pairs
}

// userPackages lists [role, display name] for user, matched without regard
// to case, Owner first, then by project name.
func (s *Server) userPackages(user string) [][2]string {
	var pairs [][2]string
	for _, p := range s.allProjects() {
		for _, r := range p.Roles {
			if strings.EqualFold(r[1], user) {
				pairs = append(pairs, [2]string{r[0], p.Name})
			}
		}
	}
	sortPairs(pairs)
	return pairs
}

// sortPairs sorts [role, name] pairs Owner first, then by name without
// regard to case, keeping the order of equal pairs.
func sortPairs(pairs [][2]string) {
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] > pairs[j][0] // role name descending: Owner before Maintainer
		}
		return strings.ToLower(pairs[i][1]) < strings.ToLower(pairs[j][1])
	})
}

func writeXML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/xml")
	w.Write(body)
}

// dumpPairs writes an array of string pairs exactly as Python's
// xmlrpc.client.dumps((pairs,), methodresponse=True) does.
func dumpPairs(pairs [][2]string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n")
	for _, p := range pairs {
		b.WriteString("<value><array><data>\n")
		for _, v := range p {
			fmt.Fprintf(&b, "<value><string>%s</string></value>\n", escape(v))
		}
		b.WriteString("</data></array></value>\n")
	}
	b.WriteString("</data></array></value>\n</param>\n</params>\n</methodResponse>\n")
	return []byte(b.String())
}

// dumpFault writes a fault exactly as Python's xmlrpc.client.dumps does.
func dumpFault(code int, msg string) []byte {
	return []byte(fmt.Sprintf("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"+
		"<member>\n<name>faultCode</name>\n<value><int>%d</int></value>\n</member>\n"+
		"<member>\n<name>faultString</name>\n<value><string>%s</string></value>\n</member>\n"+
		"</struct></value>\n</fault>\n</methodResponse>\n", code, escape(msg)))
}

// escape is xmlrpc.client.escape: only &, < and >.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
