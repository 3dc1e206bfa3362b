package pypi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"opendev.org/openstack/pypiguard/internal/testing/fakepypi"
)

// fakePage is the body of a changelog_since_serial answer from the fake
// PyPI, which writes pages as Python's xmlrpc.client does: a world's
// creation and n entries of churn, read from since.
func fakePage(tb testing.TB, churn int, since int64) []byte {
	tb.Helper()
	s := fakepypi.New(fakepypi.World{Projects: []fakepypi.Project{
		{Name: "oslo.config", Roles: [][]string{{"Owner", "openstackci"}}},
		{Name: "unreleased", Roles: [][]string{{"Owner", "openstackci"}}, NoReleases: true},
	}}, fakepypi.Options{})
	defer s.Close()
	s.Churn(churn)
	call, err := encodeCall("changelog_since_serial", since)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.Post(s.URL+"/pypi", "text/xml", bytes.NewReader(call))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("HTTP %d, %v", resp.StatusCode, err)
	}
	return body
}

// generic reads a page the way the client did before decodeJournal.
func generic(body []byte, since int64) ([]JournalEntry, error) {
	v, err := decodeResponse(body)
	if err != nil {
		return nil, err
	}
	return journalEntries(v, since)
}

// compareDecoders fails t unless both decoders read the same entries from
// body, or both refuse it; a fault the streaming decoder finds is the one
// the generic decoder finds.
func compareDecoders(t *testing.T, body []byte, since int64) ([]JournalEntry, error) {
	t.Helper()
	want, wantErr := generic(body, since)
	page, err := decodeJournal(bytes.NewReader(body), since, nil)
	if (err == nil) != (wantErr == nil) || !slices.Equal(page.kept, want) {
		t.Fatalf("streaming: %d entries, %v\ngeneric: %d entries, %v\nbody: %.500q", len(page.kept), err, len(want), wantErr, body)
	}
	var f, wantF *Fault
	if errors.As(err, &f) && (!errors.As(wantErr, &wantF) || *f != *wantF) {
		t.Fatalf("streaming fault %v, generic %v", err, wantErr)
	}
	if err == nil && (page.read != len(want) || len(want) > 0 && page.last != want[len(want)-1].Serial) {
		t.Fatalf("read %d to serial %d, want %d entries", page.read, page.last, len(want))
	}
	if err != nil && !errors.Is(err, ErrMalformed) && f == nil {
		t.Fatalf("an error neither malformed nor a fault: %v", err)
	}
	return page.kept, err
}

const (
	respOpen  = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
	respClose = "</data></array></value>\n</param>\n</params>\n</methodResponse>\n"
	entryA    = "<value><array><data>\n<value><string>oslo.config</string></value>\n<value><nil/></value><value><int>1700000000</int></value>\n<value><string>add Owner mallory</string></value>\n<value><int>30000100</int></value>\n</data></array></value>\n"
	throttle  = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>-32500</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>HTTPTooManyRequests: Limit may reset in 1 seconds.</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"
)

// xEntry is an entry made of five raw <value>s.
func xEntry(fields ...string) string {
	return "<value><array><data>" + strings.Join(fields, "") + "</data></array></value>"
}

// decoderCases are the corners of what xml.Unmarshal accepts, each with
// the number of entries both decoders read, or -1 when both refuse it.
var decoderCases = []struct {
	name string
	body string
	want int
}{
	{"empty page", respOpen + respClose, 0},
	{"one entry", respOpen + entryA + respClose, 1},
	{"untyped text is a string", respOpen + xEntry("<value>oslo.config</value>", "<value>1.0</value>", "<value><i4> 5 </i4></value>", "<value>new release</value>", "<value><i8>30000100</i8></value>") + respClose, 1},
	{"dateTime is a trimmed string", respOpen + xEntry("<value><dateTime.iso8601> x </dateTime.iso8601></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, 1},
	{"unknown elements, comments and CDATA", "junk<!-- c --><methodResponse><x/><params><y>1</y><param><value><array><z/><data><w/>" + xEntry("<value><string>a<b>hidden</b><![CDATA[&c]]></string></value>", "<value><nil>text</nil></value>", "<value><int>5<!-- c --></int></value>", "<value>t<q/>u</value>", "<value><int>8</int></value>") + "</data></array></value></param></params></methodResponse><trailing", 1},
	{"repeated arrays and data make one array", respOpen + entryA + "</data><data>" + xEntry("<value><string>b</string></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><string>create</string></value>", "<value><int>30000200</int></value>") + respClose, 2},
	{"an entry split over two arrays", respOpen + "<value><array><data><value>a</value><value><nil/></value></data></array><array><data><value><int>1</int></value><value>x</value><value><int>9</int></value></data></array></value>" + respClose, 1},
	{"the last of two strings wins", respOpen + xEntry("<value><string>a</string><string>b</string></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, 1},
	{"a namespace prefix", "<m:methodResponse xmlns:m='u'><m:params><m:param><m:value><m:array><m:data></m:data></m:array></m:value></m:param></m:params></m:methodResponse>", 0},
	{"throttled", throttle, -1},
	{"a fault after the page", strings.TrimSuffix(respOpen+entryA+respClose, "</methodResponse>\n") + throttle[strings.Index(throttle, "<fault>"):], -1},
	{"two kinds in an item", respOpen + xEntry("<value><string>a</string><nil/></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, -1},
	{"int and i4 in one item", respOpen + xEntry("<value><string>a</string></value>", "<value><nil/></value>", "<value><int>5</int><i4>5</i4></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, -1},
	{"a time that is a string", respOpen + xEntry("<value><string>a</string></value>", "<value><nil/></value>", "<value><string>5</string></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, -1},
	{"a boolean name", respOpen + xEntry("<value><boolean>1</boolean></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, -1},
	{"four fields", respOpen + xEntry("<value><string>a</string></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><int>7</int></value>") + respClose, -1},
	{"a zero serial", respOpen + xEntry("<value><string>a</string></value>", "<value><nil/></value>", "<value><int>5</int></value>", "<value><string>create</string></value>", "<value><int>0</int></value>") + respClose, -1},
	{"serials that fall", respOpen + entryA + entryA + respClose, -1},
	{"a bad int", respOpen + xEntry("<value><string>a</string></value>", "<value><nil/></value>", "<value><int>5x</int></value>", "<value><string>create</string></value>", "<value><int>7</int></value>") + respClose, -1},
	{"the page is a struct", "<methodResponse><params><param><value><struct></struct></value></param></params></methodResponse>", -1},
	{"the page is text", "<methodResponse><params><param><value>hello</value></param></params></methodResponse>", -1},
	{"an array and a string", "<methodResponse><params><param><value><array><data></data></array><string>x</string></value></param></params></methodResponse>", -1},
	{"two parameters", "<methodResponse><params><param><value><array><data></data></array></value></param><param><value>x</value></param></params></methodResponse>", -1},
	{"no parameter", "<methodResponse><params></params></methodResponse>", -1},
	{"another root", "<methodCall><params><param><value><array><data></data></array></value></param></params></methodCall>", -1},
	{"cut off", respOpen + entryA, -1},
	{"mismatched tags", respOpen + "<value><array><data></array></data></value>" + respClose, -1},
	{"an HTML page", "<!DOCTYPE html><html><body>Not Found</body></html>", -1},
	{"nothing", "", -1},
}

func TestJournalDecoderAgrees(t *testing.T) {
	t.Parallel()
	for _, tc := range decoderCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := compareDecoders(t, []byte(tc.body), 1)
			if tc.want < 0 && err == nil || tc.want >= 0 && (err != nil || len(got) != tc.want) {
				t.Errorf("%d entries, %v; want %d", len(got), err, tc.want)
			}
		})
	}
	real := fakePage(t, 20, 0)
	if got, err := compareDecoders(t, real, 0); err != nil || len(got) < 25 || got[0].Action != "create" {
		t.Errorf("the fake's page: %d entries, %v", len(got), err)
	}
}

// The throttling fault is told apart while streaming, so that the client
// waits for PyPI's window rather than calling the page malformed.
func TestJournalDecoderFault(t *testing.T) {
	t.Parallel()
	_, err := decodeJournal(strings.NewReader(throttle), 0, nil)
	var f *Fault
	if !errors.As(err, &f) || !isThrottle(f) {
		t.Errorf("got %v, want the throttling fault", err)
	}
}

// keep decides what is held; every entry is still read and checked.
func TestJournalDecoderKeeps(t *testing.T) {
	t.Parallel()
	body := fakePage(t, 50, 0)
	all, err := decodeJournal(bytes.NewReader(body), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodeJournal(bytes.NewReader(body), 0, func(e JournalEntry) bool { return e.Name == "oslo.config" })
	if err != nil || len(p.kept) != 4 || p.read != all.read || p.last != all.last || p.read < 50 {
		t.Errorf("kept %d of %d to %d (all: %d to %d), %v", len(p.kept), p.read, p.last, all.read, all.last, err)
	}
	bad := bytes.Replace(body, []byte("<int>"+fmt.Sprint(all.last)+"</int>"), []byte("<int>1</int>"), 1)
	if _, err := decodeJournal(bytes.NewReader(bad), 0, func(JournalEntry) bool { return false }); !errors.Is(err, ErrMalformed) {
		t.Errorf("a falling serial in an entry not kept: %v", err)
	}
}

// FuzzJournalDecoders: the streaming decoder and the generic one read the
// same entries from the same bytes, or both refuse them.
func FuzzJournalDecoders(f *testing.F) {
	f.Add(fakePage(f, 3, 0), int64(0))
	for _, tc := range decoderCases {
		f.Add([]byte(tc.body), int64(1))
	}
	f.Fuzz(func(t *testing.T, body []byte, since int64) {
		compareDecoders(t, body, since)
	})
}

// BenchmarkJournalPage decodes one page of PyPI's size (50,000 entries,
// 13 MB as Python's xmlrpc.client writes it), the generic way (the tree of
// values, then the entries) and streaming. live-MB is the heap still held
// after the decode, the entries included.
func BenchmarkJournalPage(b *testing.B) {
	body := fakePage(b, JournalPageSize, 0)
	body = body[:len(body):len(body)]
	decoders := map[string]func() (int, error){
		"generic": func() (int, error) {
			e, err := generic(body, 0)
			return len(e), err
		},
		"streaming": func() (int, error) {
			p, err := decodeJournal(bytes.NewReader(body), 0, nil)
			return len(p.kept), err
		},
	}
	for _, name := range []string{"generic", "streaming"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if n, err := decoders[name](); err != nil || n < JournalPageSize {
					b.Fatalf("%d entries, %v", n, err)
				}
			}
		})
	}
}
