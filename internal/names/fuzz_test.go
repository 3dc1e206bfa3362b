package names

import (
	"bytes"
	"testing"
)

// FuzzSetupCfg checks that any setup.cfg is read or refused, never a panic,
// and that line endings do not change the reading (Python's universal
// newlines make \n and \r\n the same file).
func FuzzSetupCfg(f *testing.F) {
	for _, c := range cfgTable {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		name, line, err := setupCfgName(data)
		if err == nil && name != "" && line < 1 {
			t.Errorf("name %q without a line", name)
		}
		if bytes.IndexByte(data, '\r') >= 0 {
			return
		}
		crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		name2, line2, err2 := setupCfgName(crlf)
		if name2 != name || line2 != line || (err == nil) != (err2 == nil) {
			t.Errorf("CRLF changes the reading: %q line %d (%v), then %q line %d (%v)", name, line, err, name2, line2, err2)
		}
	})
}

// FuzzPyproject checks that any pyproject.toml is read or refused.
func FuzzPyproject(f *testing.F) {
	for _, c := range pyprojectTable {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := pyprojectName(data)
		if err == nil && d.name != "" && d.table == "" {
			t.Errorf("name %q from no table", d.name)
		}
	})
}
