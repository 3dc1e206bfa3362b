package pypi

import (
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/naming"
)

// FuzzDecodeResponse feeds arbitrary bodies to the XML-RPC decoder: no
// crash, and a decoded value is only ever the types XML-RPC has.
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><array><data>\n<value><string>Owner</string></value>\n<value><string>openstackci</string></value>\n</data></array></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n"))
	f.Add([]byte("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>-32500</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>HTTPTooManyRequests: Limit may reset in 1 seconds.</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"))
	f.Add([]byte("<methodResponse><params><param><value><nil/></value></param></params></methodResponse>"))
	f.Add([]byte("<methodResponse><params><param><value><base64>AAE=</base64></value></param></params></methodResponse>"))
	f.Add([]byte("<methodResponse><params><param><value><array><data><value><array><data><value><array><data></data></array></value></data></array></value></data></array></value></param></params></methodResponse>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decodeResponse(body)
		if err != nil {
			return
		}
		checkXMLRPCValue(t, v)
	})
}

func checkXMLRPCValue(t *testing.T, v any) {
	switch x := v.(type) {
	case nil, string, int, bool, float64, []byte: // <base64> is bytes
	case []any:
		for _, e := range x {
			checkXMLRPCValue(t, e)
		}
	case map[string]any:
		for _, e := range x {
			checkXMLRPCValue(t, e)
		}
	default:
		t.Fatalf("decoded a %T, which XML-RPC does not have", v)
	}
}

// FuzzParsePage feeds arbitrary project pages to the maintainer parser and
// the answer check behind it: no crash; the parser reports only names made
// of the characters its profile-link pattern allows (no markup or control
// characters can reach a report); and the check refuses the answer exactly
// when a name is not one PyPI could hold. A sidebar link to /user/-x/ is
// read, then refused as malformed, rather than dropped, which could make a
// project look clean.
func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`<div class="sidebar-section"><h2 class="sidebar-section__title">1 maintainer</h2><a class="sidebar-section__maintainer" href="/user/openstackci/"><span>openstackci</span></a></div>`))
	f.Add([]byte(`<h6>Maintainers</h6><span class="sidebar-section__maintainer"><a href="/user/bob/">bob</a></span><span class="sidebar-section__maintainer"><a href="https://pypi.org/user/bob/">bob</a></span>`))
	f.Add([]byte(`<h2 class="sidebar-section__title">Owner</h2><a class="sidebar-links__link" href="/org/openstack/"><i class="fa fa-sitemap"></i>OpenStack</a><div class="project-description"><a href="/user/mallory/">mallory</a></div>`))
	f.Add([]byte(`<div class="sidebar-section"><a class="sidebar-section__maintainer" href="/user/-x/">-x</a></div>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parsePage(body, "pypi.org")
		if err != nil {
			return
		}
		valid := p.org == "" || naming.ValidPackage(p.org) && linkSafe(p.org)
		if p.org != "" && !linkSafe(p.org) {
			t.Fatalf("parsed an organization %q its link pattern does not allow", p.org)
		}
		for _, u := range p.users {
			if !linkSafe(u) {
				t.Fatalf("parsed a maintainer %q its link pattern does not allow", u)
			}
			valid = valid && checkUser(u) == nil
		}
		o := &Ownership{Roles: htmlRoles(p.users, p.org), Organization: p.org}
		if err := o.check(); (err == nil) != valid {
			t.Fatalf("check of %+v: %v, want refused=%v", o, err, !valid)
		}
	})
}

// linkSafe reports whether s is made only of what userPath and orgPath
// allow.
func linkSafe(s string) bool {
	return s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == ""
}
