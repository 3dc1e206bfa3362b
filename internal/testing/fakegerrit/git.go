package fakegerrit

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// git runs git in the repository dir and returns its output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// commit is what the server tells of a commit.
type commit struct {
	SHA, Subject, Message  string
	Parents                []string
	AuthorName, AuthorMail string
}

// readCommit reads the commit sha of the repository dir.
func readCommit(dir, sha string) (commit, error) {
	out, err := git(dir, "show", "-s", "--format=%H%x00%P%x00%an%x00%ae%x00%s%x00%B", sha+"^{commit}")
	if err != nil {
		return commit{}, err
	}
	f := strings.SplitN(string(out), "\x00", 6)
	if len(f) != 6 {
		return commit{}, fmt.Errorf("git show %s: unexpected output", sha)
	}
	return commit{SHA: f[0], Parents: strings.Fields(f[1]), AuthorName: f[2], AuthorMail: f[3], Subject: f[4], Message: strings.TrimRight(f[5], "\n") + "\n"}, nil
}

// readBlob reads path at rev; ok is false when there is no such file.
func readBlob(dir, rev, path string) ([]byte, bool) {
	out, err := git(dir, "cat-file", "blob", rev+":"+path)
	return out, err == nil
}

// fileInfo is Gerrit's FileInfo, as far as the server fills it.
type fileInfo struct {
	Status  string `json:"status,omitempty"` // absent for modified
	OldPath string `json:"old_path,omitempty"`
	Size    int    `json:"size"`
	// File modes in octal digits (100644, 120000 for a symlink, 160000 for
	// a submodule), as Gerrit gives them since 3.7 (Documentation/
	// rest-api-changes.txt, FileInfo: old_mode absent for an added file,
	// new_mode for a deleted one).
	OldMode int `json:"old_mode,omitempty"`
	NewMode int `json:"new_mode,omitempty"`
}

// changedFiles lists what sha changes against parent ("" for a root
// commit), with renames detected as Gerrit does.
func changedFiles(dir, parent, sha string) (map[string]fileInfo, error) {
	args := []string{"diff-tree", "-r", "-M", "-z", "--raw", "--no-commit-id"}
	if parent == "" {
		args = append(args, "--root", sha)
	} else {
		args = append(args, parent, sha)
	}
	out, err := git(dir, args...)
	if err != nil {
		return nil, err
	}
	files := map[string]fileInfo{}
	// ":<old mode> <new mode> <old sha> <new sha> <status>" NUL path NUL
	// (and a second path for renames and copies).
	f := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	for i := 0; i+1 < len(f); i += 2 {
		meta := strings.Fields(strings.TrimPrefix(f[i], ":"))
		if len(meta) < 5 {
			continue
		}
		st := meta[4][:1]
		fi := fileInfo{OldMode: atoiMode(meta[0]), NewMode: atoiMode(meta[1])}
		switch st {
		case "R", "C":
			fi.Status, fi.OldPath = st, f[i+1]
			files[f[i+2]] = fi
			i++
		case "M", "T":
			files[f[i+1]] = fi
		default:
			fi.Status = st
			files[f[i+1]] = fi
		}
	}
	return files, nil
}

func atoiMode(s string) int {
	n, _ := strconv.Atoi(s)
	return n // 0 (absent) for "000000"
}
