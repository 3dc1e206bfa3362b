package zuuljobs

import (
	"strings"
	"testing"
)

func TestValidateReturnAccepts(t *testing.T) {
	t.Parallel()
	for name, data := range map[string]string{
		"everything": `{"zuul": {
			"file_comments": {"reference/projects.yaml": [
				{"line": 9, "message": "m", "level": "error"},
				{"line": 3, "message": "m", "range": {"start_line": 1, "start_character": 0, "end_line": 3, "end_character": 7}},
				{"message": "voluptuous keys are optional"}],
				"/COMMIT_MSG": []},
			"warnings": ["w"],
			"artifacts": [{"name": "report", "url": "pypiguard/report.md", "metadata": {"any": ["thing"]}}],
			"log_url": "https://logs.example.org/",
			"child_jobs": []},
			"other": "variables for child jobs"}`,
		"no zuul key": `{"foo": 1}`,
		"empty":       `{"zuul": {"file_comments": {}, "warnings": [], "artifacts": []}}`,
	} {
		if err := ValidateReturn([]byte(data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestValidateReturnRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ data, want string }{
		{`{"zuul": {"file_comments": {"a": [{"line": 1, "message": "m", "unresolved": true}]}}}`, `zuul.file_comments["a"][0]: extra key "unresolved" not allowed`},
		{`{"zuul": {"file_comments": {"a": [{"line": "1", "message": "m"}]}}}`, `zuul.file_comments["a"][0].line: want an integer`},
		{`{"zuul": {"file_comments": {"a": [{"line": 1.5, "message": "m"}]}}}`, `zuul.file_comments["a"][0].line: want an integer`},
		{`{"zuul": {"file_comments": {"a": [{"line": 1, "message": 7}]}}}`, `zuul.file_comments["a"][0].message: want a string`},
		{`{"zuul": {"file_comments": {"a": [{"line": 1, "message": "m", "level": "fatal"}]}}}`, `.level: want one of info, warning, error`},
		{`{"zuul": {"file_comments": {"a": [{"line": 1, "range": {"start_line": 1, "end": 2}}]}}}`, `.range: extra key "end" not allowed`},
		{`{"zuul": {"file_comments": {"a": {"line": 1}}}}`, `zuul.file_comments["a"]: want a list`},
		{`{"zuul": {"file_comments": [{"line": 1}]}}`, `zuul.file_comments: want a mapping`},
		{`{"zuul": {"warnings": ["ok", 3]}}`, `zuul.warnings[1]: want a string`},
		{`{"zuul": {"warnings": "one"}}`, `zuul.warnings: want a list`},
		{`{"zuul": {"artifacts": [{"name": "n"}]}}`, `zuul.artifacts[0]: required key "url" is missing`},
		{`{"zuul": {"artifacts": [{"name": "n", "url": "u", "type": "x"}]}}`, `zuul.artifacts[0]: extra key "type" not allowed`},
		{`{"zuul": {"artifacts": [{"name": "n", "url": "u", "metadata": []}]}}`, `zuul.artifacts[0].metadata: want a mapping`},
		{`{"zuul": []}`, `zuul: want a mapping`},
		{`[]`, `want a mapping`},
		{`{`, `not JSON`},
	} {
		err := ValidateReturn([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.data, err, tc.want)
		}
	}
}
