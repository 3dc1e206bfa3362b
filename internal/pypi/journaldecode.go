package pypi

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"
	"time"
)

// journalPage is one changelog_since_serial answer as a journal read needs
// it: the entries kept, how many were read and the last serial.
type journalPage struct {
	kept []JournalEntry
	read int
	last int64
}

// journalDecoder reads a changelog_since_serial answer from an
// encoding/xml token stream. decodeResponse builds a tree of every value
// first (about 400 MB for a page of 50,000 entries); this holds one entry
// at a time, and only the entries kept.
//
// It accepts exactly what decodeResponse followed by journalEntries
// accepts (FuzzJournalDecoders compares them): the same tokens, elements it
// does not know skipped, a typed child winning over text, a value with two
// kinds of child refused, repeated <array> and <data> elements read as one
// array, a fault anywhere in the answer winning over its parameters.
type journalDecoder struct {
	d      *xml.Decoder
	since  int64
	keep   func(JournalEntry) bool
	page   journalPage
	params int       // <value>s under params>param
	fault  *xmlValue // fault>value, merged as xml.Unmarshal merges it
	fields []item    // the entry being read
	text   []byte    // scratch for an item's character data
	inner  []byte    // scratch for its typed child's

	entryFn, fieldFn func() error // j.entry and j.field, made once
}

// decodeJournal reads a journal page from r, keeping the entries keep
// chooses (nil keeps all). Like decodeResponse, a fault is a *Fault and
// anything else wrong wraps ErrMalformed.
func decodeJournal(r io.Reader, since int64, keep func(JournalEntry) bool) (journalPage, error) {
	j := &journalDecoder{d: xml.NewDecoder(r), since: since, keep: keep, page: journalPage{last: since}}
	j.entryFn, j.fieldFn = j.entry, j.field
	if err := j.response(); err != nil {
		return journalPage{}, fmt.Errorf("%w: XML-RPC: %v", ErrMalformed, err)
	}
	switch {
	case j.fault != nil:
		return journalPage{}, decodeFault(j.fault)
	case j.params != 1:
		return journalPage{}, fmt.Errorf("%w: XML-RPC answer with %d parameters, not 1", ErrMalformed, j.params)
	}
	return j.page, nil
}

// response reads the root element, skipping what comes before it, as
// xml.Unmarshal does; nothing after it is read.
func (j *journalDecoder) response() error {
	for {
		tok, err := j.d.Token()
		if err != nil {
			return err
		}
		if start, ok := tok.(xml.StartElement); ok {
			if start.Name.Local != "methodResponse" {
				return fmt.Errorf("expected element type <methodResponse> but have <%s>", start.Name.Local)
			}
			return j.children(j.responseChild)
		}
	}
}

func (j *journalDecoder) responseChild(start xml.StartElement) error {
	switch start.Name.Local {
	case "params":
		return j.children(j.paramsChild)
	case "fault":
		return j.children(j.faultChild)
	}
	return j.d.Skip()
}

func (j *journalDecoder) paramsChild(start xml.StartElement) error {
	if start.Name.Local != "param" {
		return j.d.Skip()
	}
	return j.children(j.paramChild)
}

// paramChild reads the first parameter, the page; any other is counted
// and refused at the end, unless a fault wins.
func (j *journalDecoder) paramChild(start xml.StartElement) error {
	if start.Name.Local != "value" {
		return j.d.Skip()
	}
	j.params++
	if j.params > 1 {
		return j.d.Skip()
	}
	arrays, err := j.arrayValue("the journal page", j.entryFn)
	if err == nil && arrays == 0 {
		err = errors.New("the journal page is not an array")
	}
	return err
}

// faultChild decodes fault>value with the generic decoder: a fault is
// small, and merging repeated values into one is what xml.Unmarshal does.
func (j *journalDecoder) faultChild(start xml.StartElement) error {
	if start.Name.Local != "value" {
		return j.d.Skip()
	}
	if j.fault == nil {
		j.fault = &xmlValue{}
	}
	return j.d.DecodeElement(j.fault, &start)
}

// children reads an element's children up to its end, calling child for
// each, which must read it whole.
func (j *journalDecoder) children(child func(xml.StartElement) error) error {
	for {
		tok, err := j.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := child(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// arrayValue reads a <value> that must be an array, calling elem at each
// element's <value>, and returns how many <array> children it had: their
// elements make one array, as xmlArray's data>value path makes them.
func (j *journalDecoder) arrayValue(what string, elem func() error) (int, error) {
	arrays := 0
	err := j.children(func(start xml.StartElement) error {
		name := start.Name.Local
		switch {
		case name == "array":
			arrays++
			return j.children(func(start xml.StartElement) error {
				if start.Name.Local != "data" {
					return j.d.Skip()
				}
				return j.children(func(start xml.StartElement) error {
					if start.Name.Local != "value" {
						return j.d.Skip()
					}
					return elem()
				})
			})
		case slices.Contains(valueKinds, name):
			return fmt.Errorf("%s is a <%s>, not an array", what, name)
		}
		return j.d.Skip()
	})
	return arrays, err
}

// valueKinds are the typed children of a <value> (xmlValue's fields).
var valueKinds = []string{"string", "int", "i4", "i8", "boolean", "double", "base64", "dateTime.iso8601", "nil", "array", "struct"}

// entry reads one entry: [name, version, timestamp, action, serial].
func (j *journalDecoder) entry() error {
	j.fields = j.fields[:0]
	arrays, err := j.arrayValue("a journal entry", j.fieldFn)
	switch {
	case err != nil:
		return fmt.Errorf("journal entry %d after serial %d: %v", j.page.read, j.since, err)
	case arrays == 0 || len(j.fields) != 5:
		return fmt.Errorf("journal entry %d after serial %d: not [name, version, time, action, serial]", j.page.read, j.since)
	}
	return j.add(j.fields)
}

func (j *journalDecoder) field() error {
	it, err := j.item()
	j.fields = append(j.fields, it)
	return err
}

// add checks an entry's types and serial, and keeps it if asked.
func (j *journalDecoder) add(f []item) error {
	name, okN := f[0].optString()
	version, okV := f[1].optString()
	action, okA := f[3].optString()
	if !okN || !okV || !f[2].isInt || !okA || !f[4].isInt || f[4].n <= 0 {
		return fmt.Errorf("journal entry %d after serial %d: wrong types", j.page.read, j.since)
	}
	if int64(f[4].n) <= j.page.last {
		return fmt.Errorf("journal serial %d after %d: serials must rise", f[4].n, j.page.last)
	}
	e := JournalEntry{Name: name, Version: version, Time: time.Unix(int64(f[2].n), 0).UTC(), Action: action, Serial: int64(f[4].n)}
	j.page.read++
	j.page.last = e.Serial
	if j.keep == nil || j.keep(e) {
		j.page.kept = append(j.page.kept, e)
	}
	return nil
}

// item is an entry's field: a string, nil, or an int.
type item struct {
	isNil, isInt bool
	s            string
	n            int
}

func (it item) optString() (string, bool) {
	return it.s, it.isNil || !it.isInt
}

// The fields of xmlValue an item may set, as bits: two of them in one
// value is refused, as xmlValue.decode refuses it.
const (
	kString = 1 << iota
	kInt
	kI4
	kI8
	kDateTime
	kNil
)

// item reads a <value> that must be a string, nil or an int; anything
// else cannot be a field of an entry. The last of repeated children of one
// kind wins, text counts only without a typed child, as in xmlValue.
func (j *journalDecoder) item() (item, error) {
	var kinds int
	var s, num string
	j.text = j.text[:0]
	for {
		tok, err := j.d.Token()
		if err != nil {
			return item{}, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			j.text = append(j.text, t...)
		case xml.StartElement:
			k, v, err := j.itemChild(t.Name.Local)
			if err != nil {
				return item{}, err
			}
			kinds |= k
			switch k {
			case kString, kDateTime:
				s = v
			case kInt, kI4, kI8:
				num = v
			}
		case xml.EndElement:
			return itemOf(kinds, s, num, j.text)
		}
	}
}

// itemChild reads one child of an item's <value>: its kind bit and its
// text; an element of no kind is skipped (kind 0).
func (j *journalDecoder) itemChild(name string) (int, string, error) {
	kind := itemKind(name)
	switch {
	case kind == kNil:
		return kind, "", j.d.Skip()
	case kind != 0:
		s, err := j.chardata()
		return kind, s, err
	case slices.Contains(valueKinds, name):
		return 0, "", fmt.Errorf("an entry's field is a <%s>", name)
	}
	return 0, "", j.d.Skip()
}

// itemKind is the bit of a child an item may have, 0 for any other.
func itemKind(name string) int {
	switch name {
	case "string":
		return kString
	case "int":
		return kInt
	case "i4":
		return kI4
	case "i8":
		return kI8
	case "dateTime.iso8601":
		return kDateTime
	case "nil":
		return kNil
	}
	return 0
}

func itemOf(kinds int, s, num string, text []byte) (item, error) {
	if bits.OnesCount(uint(kinds)) > 1 {
		return item{}, errors.New("a value with more than one type")
	}
	switch kinds {
	case 0:
		return item{s: string(text)}, nil
	case kNil:
		return item{isNil: true}, nil
	case kString:
		return item{s: s}, nil
	case kDateTime:
		return item{s: strings.TrimSpace(s)}, nil
	}
	n, err := parseInt(num)
	return item{isInt: true, n: n}, err
}

// chardata reads an element's own text up to its end, skipping the
// elements inside it, as xml.Unmarshal reads a string.
func (j *journalDecoder) chardata() (string, error) {
	b := j.inner[:0]
	defer func() { j.inner = b }()
	for {
		tok, err := j.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b = append(b, t...)
		case xml.StartElement:
			if err := j.d.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return string(b), nil
		}
	}
}
