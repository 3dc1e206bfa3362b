package yamlfile_test

import (
	"encoding/json"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fixture"
	"opendev.org/openstack/pypiguard/internal/yamlfile"
)

// zuulScript loads each input as Zuul's loader does: PyYAML's SafeLoader
// with one more constructor, for !encrypted/pkcs1-oaep (zuul/configloader.py
// EncryptedPKCS1_OAEP.from_yaml base64-decodes the scalar, or x.value of
// each item of a sequence), and also as plain safe_load.
const zuulScript = `import base64, json, os, sys, yaml
class Zuul(yaml.SafeLoader):
    pass
def enc(loader, node):
    v = node.value
    if isinstance(v, list):
        return [base64.b64decode(x.value) for x in v]
    return base64.b64decode(v)
Zuul.add_constructor('!encrypted/pkcs1-oaep', enc)
def ok(data, loader):
    try:
        yaml.load(data, Loader=loader)
        return True
    except Exception:
        return False
out = {}
for name in os.listdir(sys.argv[1]):
    data = open(os.path.join(sys.argv[1], name), 'rb').read()
    out[name] = {"zuul": ok(data, Zuul), "safe": ok(data, yaml.SafeLoader)}
print(json.dumps(out))
`

// TestZuulSecretsAsZuulReadsThem: a zuul.d file may hold a secret's
// encrypted value, which Zuul's loader reads and safe_load refuses; every
// other file is read by safe_load, and refuses it.
func TestZuulSecretsAsZuulReadsThem(t *testing.T) {
	t.Parallel()
	inputs := [][]byte{
		[]byte("- secret:\n    name: s\n    data:\n      password: !encrypted/pkcs1-oaep QUJD\n"),
		[]byte("- secret:\n    name: s\n    data:\n      password: !encrypted/pkcs1-oaep\n        - QUJD\n        - REVG\n"),
		[]byte("- secret:\n    name: s\n    data:\n      password: !encrypted/pkcs1-oaep |\n        QUJD\n"),
		[]byte("- secret:\n    data:\n      password: !encrypted/pkcs1-oaep\n        - [QUJD]\n"),
		[]byte("- secret:\n    data:\n      password: !encrypted/pkcs1-oaep {a: QUJD}\n"),
	}
	answers := fixture.RunPython(t, zuulScript, inputs)
	zuulReads := 0
	for i, in := range inputs {
		var py struct{ Zuul, Safe bool }
		if err := json.Unmarshal(answers[i], &py); err != nil {
			t.Fatal(err)
		}
		_, errZuul := yamlfile.Parse("zuul.d/secrets.yaml", in)
		if (errZuul == nil) != py.Zuul {
			t.Errorf("input %d, a zuul.d file: Zuul's loader reads it: %v; pypiguard: %v\n%s", i, py.Zuul, errZuul, in)
		}
		_, errSafe := yamlfile.Parse("gerrit/projects.yaml", in)
		if (errSafe == nil) != py.Safe {
			t.Errorf("input %d, a file safe_load reads: safe_load reads it: %v; pypiguard: %v\n%s", i, py.Safe, errSafe, in)
		}
		if py.Zuul {
			zuulReads++
		}
	}
	if zuulReads != 3 {
		t.Errorf("Zuul's loader read %d of the inputs, want 3: the script does not load as Zuul does", zuulReads)
	}
}
