// Package zuuljobs checks pypiguard's Zuul side the way Zuul would: the
// data a job hands to zuul_return (Zuul's own schemas, here), the job,
// project and project-template definitions under zuul.d/, and, in its tests,
// the playbooks run for real by ansible-playbook on a workspace laid out like
// Zuul's. It is imported by tests only.
package zuuljobs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Levels are the values Zuul's documentation allows for a file comment's
// "level" (job-content.rst, "Leaving file comments").
var Levels = []string{"info", "warning", "error"}

// ValidateReturn checks data meant for zuul_return as Zuul does, and returns
// every problem found. Zuul validates "warnings" and "artifacts" in the
// zuul_return action (zuul/ansible/schema.py: a failure fails the task) and
// "file_comments" when the build ends (zuul/lib/filecomments.py: a failure
// drops every comment of the build and adds a warning). Both are voluptuous
// schemas: keys are optional unless marked required, unknown keys are
// errors, and int means an integer, never a float or a string.
func ValidateReturn(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	v := &validator{}
	obj, ok := top.(map[string]any)
	if !ok {
		return errors.New("zuul_return data: want a mapping")
	}
	if z, present := obj["zuul"]; present {
		v.zuul(z)
	}
	return errors.Join(v.errs...)
}

type validator struct{ errs []error }

func (v *validator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
}

// zuul checks the keys Zuul gives a meaning to; others are allowed
// (vs.Extra in Zuul's schema).
func (v *validator) zuul(z any) {
	m, ok := z.(map[string]any)
	if !ok {
		v.fail("zuul", "want a mapping")
		return
	}
	if u, ok := m["log_url"]; ok {
		v.str("zuul.log_url", u)
	}
	if w, ok := m["warnings"]; ok {
		v.list("zuul.warnings", w, v.str)
	}
	if a, ok := m["artifacts"]; ok {
		v.list("zuul.artifacts", a, v.artifact)
	}
	if fc, ok := m["file_comments"]; ok {
		v.fileComments(fc)
	}
}

func (v *validator) artifact(path string, a any) {
	v.mapping(path, a, map[string]func(string, any){
		"name":     v.str,
		"url":      v.str,
		"metadata": v.anyMapping,
	}, "name", "url")
}

func (v *validator) fileComments(fc any) {
	m, ok := fc.(map[string]any)
	if !ok {
		v.fail("zuul.file_comments", "want a mapping of path to comments")
		return
	}
	for _, path := range slices.Sorted(maps.Keys(m)) {
		v.list("zuul.file_comments["+strconv.Quote(path)+"]", m[path], v.comment)
	}
}

func (v *validator) comment(path string, c any) {
	v.mapping(path, c, map[string]func(string, any){
		"line":    v.integer,
		"message": v.str,
		"range":   v.commentRange,
		"level":   v.level,
	})
}

func (v *validator) commentRange(path string, r any) {
	v.mapping(path, r, map[string]func(string, any){
		"start_line":      v.integer,
		"start_character": v.integer,
		"end_line":        v.integer,
		"end_character":   v.integer,
	})
}

func (v *validator) level(path string, l any) {
	s, ok := l.(string)
	if !ok || !slices.Contains(Levels, s) {
		v.fail(path, "want one of %s, got %v", strings.Join(Levels, ", "), l)
	}
}

// mapping checks a mapping's keys against their checks; required keys must
// be present, unknown keys are errors.
func (v *validator) mapping(path string, x any, keys map[string]func(string, any), required ...string) {
	m, ok := x.(map[string]any)
	if !ok {
		v.fail(path, "want a mapping, got %T", x)
		return
	}
	for _, k := range required {
		if _, ok := m[k]; !ok {
			v.fail(path, "required key %q is missing", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		check, known := keys[k]
		if !known {
			v.fail(path, "extra key %q not allowed", k)
			continue
		}
		check(path+"."+k, m[k])
	}
}

func (v *validator) list(path string, x any, each func(string, any)) {
	l, ok := x.([]any)
	if !ok {
		v.fail(path, "want a list, got %T", x)
		return
	}
	for i, item := range l {
		each(fmt.Sprintf("%s[%d]", path, i), item)
	}
}

func (v *validator) str(path string, x any) {
	if _, ok := x.(string); !ok {
		v.fail(path, "want a string, got %T", x)
	}
}

func (v *validator) integer(path string, x any) {
	n, ok := x.(json.Number)
	if ok {
		_, err := strconv.ParseInt(n.String(), 10, 64)
		ok = err == nil
	}
	if !ok {
		v.fail(path, "want an integer, got %v", x)
	}
}

func (v *validator) anyMapping(path string, x any) {
	if _, ok := x.(map[string]any); !ok {
		v.fail(path, "want a mapping, got %T", x)
	}
}
