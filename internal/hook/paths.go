package hook

import (
	"fmt"
	"os"
	"path/filepath"
)

// projectsFile is what makes a directory a project-config checkout.
const projectsFile = "gerrit/projects.yaml"

// CheckPaths checks the paths of the settings that name a directory: the
// project-config checkout must be a directory holding gerrit/projects.yaml,
// so that a wrong path is an operator's error at once rather than every
// identity unverified. Files (credentials, policy) are checked where they
// are read.
func (c *Config) CheckPaths() error {
	if c.ProjectConfig == "" {
		return nil
	}
	st, err := os.Stat(c.ProjectConfig)
	if err == nil && !st.IsDir() {
		err = fmt.Errorf("%s is not a directory", c.ProjectConfig)
	}
	if err == nil {
		var f os.FileInfo
		if f, err = os.Stat(filepath.Join(c.ProjectConfig, filepath.FromSlash(projectsFile))); err == nil && !f.Mode().IsRegular() {
			err = fmt.Errorf("%s is not a regular file", projectsFile)
		}
	}
	if err != nil {
		return fmt.Errorf("hook settings: project-config: %w; point it at a checkout of openstack/project-config (with %s), or remove the setting", err, projectsFile)
	}
	return nil
}
