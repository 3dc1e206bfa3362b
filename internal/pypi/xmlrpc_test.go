package pypi

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// python runs Debian's Python 3 program and returns its stdout; the test
// fails when it is absent (.ci/run installs it): Python's xmlrpc.client is
// what PyPI's answers are written with, so it is the reference.
func python(t *testing.T, program string, stdin string) []byte {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s is needed to compare with Python's xmlrpc.client (apt-get install python3; .ci/run does): %v", py, err)
	}
	cmd := exec.Command(py, "-c", program)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	return out
}

// The values Python writes and what decodeResponse must read from them.
var pythonValues = []struct {
	expr string
	want any
}{
	{`[["Owner", "openstackci"], ["Maintainer", "bob"]]`, []any{[]any{"Owner", "openstackci"}, []any{"Maintainer", "bob"}}},
	{`[]`, []any{}},
	{`"a <b> & c ' \" d"`, `a <b> & c ' " d`},
	{`"unicodé ☃ 𝄞 日本"`, "unicodé ☃ 𝄞 日本"},
	{`""`, ""},
	{`"  spaces\nand lines  "`, "  spaces\nand lines  "},
	{`[1, -2, 2**31-1, True, False, 1.5]`, []any{1, -2, 2147483647, true, false, 1.5}},
	{`[[[["deep"]]], []]`, []any{[]any{[]any{[]any{"deep"}}}, []any{}}},
	{`{"name": "x", "n": 3, "ok": True, "list": ["a"], "none": None, "nested": {"k": "v"}}`,
		map[string]any{"name": "x", "n": 3, "ok": true, "list": []any{"a"}, "none": nil, "nested": map[string]any{"k": "v"}}},
	{`None`, nil},
	{`[None, "x"]`, []any{nil, "x"}},
	{`xmlrpc.client.Binary(b"\x00\x01bytes")`, []byte("\x00\x01bytes")},
}

func TestDecodeReadsWhatPythonWrites(t *testing.T) {
	t.Parallel()
	var exprs []string
	for _, v := range pythonValues {
		exprs = append(exprs, v.expr)
	}
	program := `import json, sys, xmlrpc.client
out = [xmlrpc.client.dumps((eval(e),), methodresponse=True, allow_none=True) for e in json.load(sys.stdin)]
json.dump(out, sys.stdout)`
	in, _ := json.Marshal(exprs)
	var docs []string
	if err := json.Unmarshal(python(t, program, string(in)), &docs); err != nil {
		t.Fatal(err)
	}
	for i, doc := range docs {
		got, err := decodeResponse([]byte(doc))
		if err != nil || !reflect.DeepEqual(got, pythonValues[i].want) {
			t.Errorf("%s:\n%s\ngot %#v, %v\nwant %#v", pythonValues[i].expr, doc, got, err, pythonValues[i].want)
		}
	}
}

func TestDecodeReadsPythonFaults(t *testing.T) {
	t.Parallel()
	program := `import json, xmlrpc.client
faults = [(-32500, "HTTPTooManyRequests: The action could not be performed because there were too many requests by the client. Limit may reset in 1 seconds."),
          (-32601, "server error; requested method not found"),
          (-32602, "client error; package_name: Input should be a valid string <&>"),
          (-32700, "parse error; not well formed")]
json.dump([xmlrpc.client.dumps(xmlrpc.client.Fault(c, s), methodresponse=True) for c, s in faults], __import__("sys").stdout)`
	var docs []string
	if err := json.Unmarshal(python(t, program, ""), &docs); err != nil {
		t.Fatal(err)
	}
	want := []Fault{
		{FaultServer, "HTTPTooManyRequests: The action could not be performed because there were too many requests by the client. Limit may reset in 1 seconds."},
		{FaultMethodNotFound, "server error; requested method not found"},
		{FaultInvalidParams, "client error; package_name: Input should be a valid string <&>"},
		{FaultParse, "parse error; not well formed"},
	}
	for i, doc := range docs {
		_, err := decodeResponse([]byte(doc))
		var f *Fault
		if !errors.As(err, &f) || *f != want[i] {
			t.Errorf("got %v, want %v", err, want[i])
		}
	}
	c := &Client{opts: Options{BackoffBase: 1}, pace: newPacer(1)}
	// "reset in 1 seconds" is truncated: the window may need a second more.
	if w := c.throttleWait(&want[0]); w.Seconds() != 2 || !isThrottle(&want[0]) {
		t.Errorf("throttle wait %s", w)
	}
}

// Python's own parser reads the calls pypiguard sends, with the method name
// and string parameters intact.
func TestPythonReadsOurCalls(t *testing.T) {
	t.Parallel()
	body, err := encodeCall("package_roles", "a<&>'\"é")
	if err != nil {
		t.Fatal(err)
	}
	program := `import json, sys, xmlrpc.client
params, method = xmlrpc.client.loads(sys.stdin.buffer.read())
json.dump([method, list(params)], sys.stdout)`
	var got []any
	if err := json.Unmarshal(python(t, program, string(body)), &got); err != nil {
		t.Fatal(err)
	}
	want := []any{"package_roles", []any{"a<&>'\"é"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestDecodeRefusesMalformed(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		"",
		"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><arr",
		"<html><body>404</body></html>",
		"<methodResponse><params></params></methodResponse>",
		"<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>",
		"<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>",
		"<methodResponse><params><param><value><int>1</int><string>x</string></value></param></params></methodResponse>",
		"<methodResponse><fault><value><string>no struct</string></value></fault></methodResponse>",
	} {
		if _, err := decodeResponse([]byte(doc)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: got %v, want ErrMalformed", doc, err)
		}
	}
}

func TestStringPairs(t *testing.T) {
	t.Parallel()
	for _, v := range []any{"x", []any{"x"}, []any{[]any{"a"}}, []any{[]any{"a", 1}}, []any{[]any{"a", ""}}} {
		if _, err := stringPairs(v); !errors.Is(err, ErrMalformed) {
			t.Errorf("%#v: got %v, want ErrMalformed", v, err)
		}
	}
}
