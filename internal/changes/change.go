package changes

// Files is the content of some files at one revision, keyed by path relative
// to the repository root. An absent file has no key.
type Files map[string][]byte

// Change is the files of a change at its base and at its head.
type Change struct {
	BaseRev, HeadRev string // resolved commit ids, when known
	Base, Head       Files
	// Touched holds the paths, among those read, whose content differs
	// between base and head: the files a comment may be placed on.
	Touched map[string]bool
}
