package acl

// Entries exposes the git-config reader to the differential test: each
// variable as git config --list prints it ("section.sub.name=value", section
// and name lower-cased).
func Entries(file string, data []byte) ([]string, error) {
	es, err := parseConfig(file, data)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(es))
	for _, e := range es {
		key := ""
		if e.section != "" {
			key = e.section + "."
		}
		if e.subsection != "" {
			key += e.subsection + "."
		}
		out = append(out, key+lowerASCII(e.name)+"="+e.value)
	}
	return out, nil
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = byte(lower(int(c)))
	}
	return string(b)
}
