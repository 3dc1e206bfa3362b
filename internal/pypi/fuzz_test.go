package pypi

import (
	"testing"
)

// FuzzDecodeResponse feeds arbitrary bodies to the XML-RPC decoder: no
// crash, and a decoded value is only ever the types XML-RPC has.
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><array><data>\n<value><string>Owner</string></value>\n<value><string>openstackci</string></value>\n</data></array></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n"))
	f.Add([]byte("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>-32500</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>HTTPTooManyRequests: Limit may reset in 1 seconds.</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"))
	f.Add([]byte("<methodResponse><params><param><value><nil/></value></param></params></methodResponse>"))
	f.Add([]byte("<methodResponse><params><param><value><array><data><value><array><data><value><array><data></data></array></value></data></array></value></data></array></value></param></params></methodResponse>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decodeResponse(body)
		if err != nil {
			return
		}
		checkXMLRPCValue(t, v, 0)
	})
}

func checkXMLRPCValue(t *testing.T, v any, depth int) {
	switch x := v.(type) {
	case nil, string, int, bool, float64:
	case []any:
		for _, e := range x {
			checkXMLRPCValue(t, e, depth+1)
		}
	case map[string]any:
		for _, e := range x {
			checkXMLRPCValue(t, e, depth+1)
		}
	default:
		t.Fatalf("decoded a %T, which XML-RPC does not have", v)
	}
}

// FuzzParsePage feeds arbitrary project pages to the maintainer parser: no
// crash, and every maintainer it reports is a valid PyPI username, so that
// nothing from a README or a hostile page reaches a report.
func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`<div class="sidebar-section"><h2 class="sidebar-section__title">1 maintainer</h2><a class="sidebar-section__maintainer" href="/user/openstackci/"><span>openstackci</span></a></div>`))
	f.Add([]byte(`<h6>Maintainers</h6><span class="sidebar-section__maintainer"><a href="/user/bob/">bob</a></span><span class="sidebar-section__maintainer"><a href="https://pypi.org/user/bob/">bob</a></span>`))
	f.Add([]byte(`<h2 class="sidebar-section__title">Owner</h2><a class="sidebar-links__link" href="/org/openstack/"><i class="fa fa-sitemap"></i>OpenStack</a><div class="project-description"><a href="/user/mallory/">mallory</a></div>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parsePage(body, "pypi.org")
		if err != nil {
			return
		}
		for _, r := range htmlRoles(p.users, p.org) {
			if checkUser(r.User) != nil {
				t.Fatalf("parsed an invalid maintainer %q", r.User)
			}
		}
		if p.org != "" && !Valid(p.org) {
			t.Fatalf("parsed an invalid organization %q", p.org)
		}
	})
}
