package policy_test

import (
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/policy"
	"opendev.org/openstack/pypiguard/internal/report"
)

// FuzzParse loads arbitrary policy files: no crash, and a policy that loads
// judges without crashing.
func FuzzParse(f *testing.F) {
	f.Add([]byte(withExceptions))
	f.Add([]byte("owner: openstackci\ngerrit:\n  votes: {fail: -2, pass: 1}\n"))
	f.Add([]byte("owner: x\nexceptions:\n  - {package: a, accounts: [b], reason: c, expires: 2020-01-01}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		if p.Owner == "" || p.Publish == nil {
			t.Fatalf("a loaded policy lacks its owner or pattern: %+v", p)
		}
		for _, e := range p.Exceptions {
			p.Judge(e.Package, policy.Ownership{Exists: true, Roles: []report.Role{{Role: "Owner", User: "x"}}}, time.Now())
		}
	})
}
