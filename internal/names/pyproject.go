package names

import (
	"errors"
	"fmt"
	"slices"

	"github.com/BurntSushi/toml"
)

// pyproject.toml's name, as the build backend reads it.
//
//   - PEP 621: [project] name is static and required; a backend MUST raise
//     an error when "name" is listed in [project] dynamic.
//   - setuptools (and pbr.build, which wraps setuptools.build_meta) applies
//     pyproject.toml after setup.cfg (pypa/setuptools setuptools/dist.py
//     parse_config_files: setupcfg.parse_configuration, then
//     pyprojecttoml.apply_configuration), and
//     setuptools/config/_apply_pyprojecttoml.py _apply_project_table sets
//     each field unconditionally: [project] name wins over setup.cfg's.
//     An empty [project] table is skipped (pyprojecttoml.read_configuration:
//     "User is not using pyproject to configure setuptools").
//   - poetry-core (src/poetry/core/factory.py create_poetry) takes
//     project.get("name") or tool.poetry's "name"; its [project] schema
//     requires name whenever [project] is present.
//   - No build-backend: pip builds with setuptools.build_meta:__legacy__
//     (PEP 517), so setup.cfg counts.

// backendKind says how a build backend finds the name.
type backendKind int

const (
	setuptoolsBackend backendKind = iota // [project], then setup.cfg, then setup.py
	poetryBackend                        // [project], then [tool.poetry]
	otherBackend                         // [project] only; without it the backend decides
)

// backends maps the build-backend values pypiguard knows.
var backends = map[string]backendKind{
	"":                                 setuptoolsBackend,
	"setuptools.build_meta":            setuptoolsBackend,
	"setuptools.build_meta:__legacy__": setuptoolsBackend,
	"pbr.build":                        setuptoolsBackend,
	"poetry.core.masonry.api":          poetryBackend,
	"poetry.masonry.api":               poetryBackend,
}

// pyprojectDecl is what pyproject.toml says about the name.
type pyprojectDecl struct {
	backend string
	kind    backendKind
	name    string
	table   string // "[project]" or "[tool.poetry]"
}

// pyprojectName reads data; an absent file is a setuptools build.
func pyprojectName(data []byte) (pyprojectDecl, error) {
	if len(data) == 0 {
		return pyprojectDecl{kind: setuptoolsBackend}, nil
	}
	if err := toml10(data); err != nil {
		return pyprojectDecl{}, err
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return pyprojectDecl{}, &cfgError{Line: pe.Position.Line, Msg: "not valid TOML: " + pe.Message}
		}
		return pyprojectDecl{}, fmt.Errorf("not valid TOML: %w", err)
	}
	var d pyprojectDecl
	var err error
	if d.backend, err = backendOf(doc); err != nil {
		return d, err
	}
	d.kind = otherBackend
	if k, ok := backends[d.backend]; ok {
		d.kind = k
	}
	project, hasProject := doc["project"]
	if hasProject {
		return d.fromProject(project)
	}
	if d.kind == poetryBackend {
		return d.fromPoetry(doc)
	}
	return d, nil
}

func backendOf(doc map[string]any) (string, error) {
	bs, ok := doc["build-system"]
	if !ok {
		return "", nil
	}
	t, ok := bs.(map[string]any)
	if !ok {
		return "", errors.New("[build-system] is not a table")
	}
	v, ok := t["build-backend"]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", errors.New("[build-system] build-backend is not a string")
	}
	return s, nil
}

func (d pyprojectDecl) fromProject(v any) (pyprojectDecl, error) {
	t, ok := v.(map[string]any)
	if !ok {
		return d, errors.New("project is not a table")
	}
	if dyn, ok := t["dynamic"]; ok {
		list, ok := dyn.([]any)
		if !ok {
			return d, errors.New("[project] dynamic is not an array")
		}
		if slices.Contains(list, any("name")) {
			return d, errors.New(`[project] dynamic lists "name", which PEP 621 forbids (every build backend must refuse it); write name = "..." in [project]`)
		}
	}
	name, ok := t["name"]
	switch {
	case !ok && len(t) == 0 && d.kind == setuptoolsBackend:
		return d, nil // setuptools skips an empty [project]
	case !ok && d.kind == poetryBackend:
		return d, errors.New(`[project] has no name (poetry-core's schema requires it); add name = "..." to [project]`)
	case !ok:
		return d, errors.New(`[project] has no name, which PEP 621 requires; add name = "..." to [project]`)
	}
	s, ok := name.(string)
	if !ok || s == "" {
		return d, fmt.Errorf("[project] name is %v, not a project name", describeTOML(name))
	}
	d.name, d.table = s, "[project]"
	return d, nil
}

func (d pyprojectDecl) fromPoetry(doc map[string]any) (pyprojectDecl, error) {
	tool, _ := doc["tool"].(map[string]any)
	poetry, _ := tool["poetry"].(map[string]any)
	name, ok := poetry["name"]
	if !ok {
		return d, nil // package-mode = false, or a build poetry refuses
	}
	s, ok := name.(string)
	if !ok || s == "" {
		return d, fmt.Errorf("[tool.poetry] name is %v, not a project name", describeTOML(name))
	}
	d.name, d.table = s, "[tool.poetry]"
	return d, nil
}

func describeTOML(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("a TOML %T", v)
}
