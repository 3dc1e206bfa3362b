package pypi

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// xmlCall is an XML-RPC <methodCall> whose parameters are strings or
// integers, always typed: PyPI checks parameter types strictly (pydantic
// StrictStr, StrictInt).
type xmlCall struct {
	XMLName xml.Name   `xml:"methodCall"`
	Method  string     `xml:"methodName"`
	Params  []xmlParam `xml:"params>param"`
}

// xmlParam is one parameter; exactly one field is set.
type xmlParam struct {
	String *string `xml:"value>string"`
	Int    *int64  `xml:"value>int"`
}

// encodeCall returns the body of an XML-RPC call of method with args,
// each a string or an int64.
func encodeCall(method string, args ...any) ([]byte, error) {
	call := xmlCall{Method: method}
	for _, a := range args {
		switch v := a.(type) {
		case string:
			call.Params = append(call.Params, xmlParam{String: &v})
		case int64:
			call.Params = append(call.Params, xmlParam{Int: &v})
		default:
			return nil, fmt.Errorf("encode XML-RPC call %s: parameter of type %T", method, a)
		}
	}
	body, err := xml.Marshal(call)
	if err != nil {
		return nil, fmt.Errorf("encode XML-RPC call %s: %w", method, err)
	}
	return append([]byte(xml.Header), body...), nil
}

// xmlResponse is a <methodResponse>: one parameter, or a fault.
type xmlResponse struct {
	XMLName xml.Name   `xml:"methodResponse"`
	Params  []xmlValue `xml:"params>param>value"`
	Fault   *xmlValue  `xml:"fault>value"`
}

// xmlValue is a <value>. At most one of the typed fields is set; with none,
// the value is its text, which XML-RPC reads as a string.
type xmlValue struct {
	Text     string     `xml:",chardata"`
	String   *string    `xml:"string"`
	Int      *string    `xml:"int"`
	I4       *string    `xml:"i4"`
	I8       *string    `xml:"i8"`
	Boolean  *string    `xml:"boolean"`
	Double   *string    `xml:"double"`
	Base64   *string    `xml:"base64"`
	DateTime *string    `xml:"dateTime.iso8601"`
	Nil      *struct{}  `xml:"nil"`
	Array    *xmlArray  `xml:"array"`
	Struct   *xmlStruct `xml:"struct"`
}

type xmlArray struct {
	Values []xmlValue `xml:"data>value"`
}

type xmlStruct struct {
	Members []struct {
		Name  string   `xml:"name"`
		Value xmlValue `xml:"value"`
	} `xml:"member"`
}

// decodeResponse reads an XML-RPC answer into Go values: string, int, bool,
// float64, []byte (base64), nil, []any and map[string]any; dateTime stays a
// string. A fault is returned as a *Fault error; anything else that goes
// wrong wraps ErrMalformed.
func decodeResponse(body []byte) (any, error) {
	var r xmlResponse
	if err := xml.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("%w: XML-RPC: %v", ErrMalformed, err)
	}
	switch {
	case r.Fault != nil:
		return nil, decodeFault(r.Fault)
	case len(r.Params) != 1:
		return nil, fmt.Errorf("%w: XML-RPC answer with %d parameters, not 1", ErrMalformed, len(r.Params))
	}
	v, err := r.Params[0].decode()
	if err != nil {
		return nil, fmt.Errorf("%w: XML-RPC: %v", ErrMalformed, err)
	}
	return v, nil
}

func decodeFault(fv *xmlValue) error {
	v, err := fv.decode()
	if err != nil {
		return fmt.Errorf("%w: XML-RPC fault: %v", ErrMalformed, err)
	}
	m, _ := v.(map[string]any)
	code, okCode := m["faultCode"].(int)
	msg, okMsg := m["faultString"].(string)
	if !okCode || !okMsg {
		return fmt.Errorf("%w: XML-RPC fault without faultCode and faultString: %v", ErrMalformed, v)
	}
	return &Fault{Code: code, String: msg}
}

func (v *xmlValue) decode() (any, error) {
	if n := v.typesSet(); n > 1 {
		return nil, errors.New("a value with more than one type")
	}
	switch {
	case v.Array != nil:
		return v.Array.decode()
	case v.Struct != nil:
		return v.Struct.decode()
	case v.Nil != nil:
		return nil, nil
	}
	return v.scalar()
}

func (v *xmlValue) typesSet() int {
	n := 0
	for _, p := range []*string{v.String, v.Int, v.I4, v.I8, v.Boolean, v.Double, v.Base64, v.DateTime} {
		if p != nil {
			n++
		}
	}
	for _, set := range []bool{v.Nil != nil, v.Array != nil, v.Struct != nil} {
		if set {
			n++
		}
	}
	return n
}

// scalar decodes the typed scalars, and an untyped value as a string.
func (v *xmlValue) scalar() (any, error) {
	switch {
	case v.String != nil:
		return *v.String, nil
	case v.Int != nil, v.I4 != nil, v.I8 != nil:
		return parseInt(firstSet(v.Int, v.I4, v.I8))
	case v.Boolean != nil:
		return parseBool(*v.Boolean)
	case v.Double != nil:
		return strconv.ParseFloat(strings.TrimSpace(*v.Double), 64)
	case v.Base64 != nil:
		return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(*v.Base64), ""))
	case v.DateTime != nil:
		return strings.TrimSpace(*v.DateTime), nil
	}
	return v.Text, nil
}

func firstSet(ps ...*string) string {
	for _, p := range ps {
		if p != nil {
			return *p
		}
	}
	return ""
}

func parseInt(s string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return int(n), err
}

// parseBool accepts what the XML-RPC spec allows: 0 or 1.
func parseBool(s string) (bool, error) {
	switch strings.TrimSpace(s) {
	case "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, fmt.Errorf("boolean %q is neither 0 nor 1", s)
}

func (a *xmlArray) decode() (any, error) {
	out := make([]any, 0, len(a.Values))
	for i := range a.Values {
		v, err := a.Values[i].decode()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *xmlStruct) decode() (any, error) {
	out := make(map[string]any, len(s.Members))
	for i := range s.Members {
		v, err := s.Members[i].Value.decode()
		if err != nil {
			return nil, err
		}
		out[s.Members[i].Name] = v
	}
	return out, nil
}
