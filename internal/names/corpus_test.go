package names

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// cfgTable is hand-written setup.cfg files, each a rule of configparser or
// of a builder.
var cfgTable = []struct{ name, text string }{
	{"plain", "[metadata]\nname = nova\n"},
	{"colon", "[metadata]\nname: nova\n"},
	{"no spaces", "[metadata]\nname=nova\n"},
	{"tabs and spaces", "[metadata]\n\tname \t=\t nova \t\n"},
	{"first delimiter splits", "[metadata]\nname = a=b:c\n"},
	{"colon before equals", "[metadata]\nname: x = y\n"},
	{"Name", "[metadata]\nName = nova\n"},
	{"NAME", "[metadata]\nNAME = nova\n"},
	{"name and Name", "[metadata]\nname = a\nName = b\n"},
	{"Name then name", "[metadata]\nName = a\nname = b\n"},
	{"duplicate name", "[metadata]\nname = a\nname = b\n"},
	{"duplicate section", "[metadata]\nname = a\n[metadata]\nversion = 1\n"},
	{"duplicate DEFAULT is fine", "[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[metadata]\nname = x\n"},
	{"duplicate option across DEFAULTs", "[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n[metadata]\nname = x\n"},
	{"section names are case-sensitive", "[Metadata]\nname = a\n"},
	{"both cases of section", "[Metadata]\nname = a\n[metadata]\nname = b\n"},
	{"DEFAULT name", "[DEFAULT]\nname = fromdefault\n[metadata]\nversion = 1\n"},
	{"DEFAULT without metadata", "[DEFAULT]\nname = fromdefault\n"},
	{"metadata overrides DEFAULT", "[DEFAULT]\nname = d\n[metadata]\nname = m\n"},
	{"DEFAULT Name under metadata name", "[DEFAULT]\nName = d\n[metadata]\nname = m\n"},
	{"DEFAULT NAME under empty name", "[DEFAULT]\nNAME = d\n[metadata]\nname =\n"},
	{"lowercase default section", "[default]\nname = d\n[metadata]\nversion = 1\n"},
	{"continuation", "[metadata]\nname = a\n  b\n"},
	{"continuation with blank line", "[metadata]\nname = a\n\n  b\n"},
	{"trailing blank lines", "[metadata]\nname = a\n\n\n[x]\ny = 1\n"},
	{"value on next line", "[metadata]\nname =\n    nova\n"},
	{"comment inside continuation", "[metadata]\nname =\n    # c\n    nova\n"},
	{"comment line", "[metadata]\n# name = no\nname = yes\n"},
	{"semicolon comment", "[metadata]\n; name = no\nname = yes\n"},
	{"indented comment", "[metadata]\n   # x\nname = yes\n"},
	{"no inline comments", "[metadata]\nname = nova # comment\n"},
	{"no inline semicolon", "[metadata]\nname = nova ; comment\n"},
	{"indented option first", "[metadata]\n    name = nova\nversion = 1\n"},
	{"deeper option is a continuation", "[metadata]\nsummary = s\n    name = nova\n"},
	{"empty value", "[metadata]\nname =\n"},
	{"empty value colon", "[metadata]\nname:\n"},
	{"no delimiter", "[metadata]\nname\n"},
	{"empty key", "[metadata]\n= nova\n"},
	{"option before section", "name = nova\n[metadata]\n"},
	{"header trailing text", "[metadata] trailing\nname = x\n"},
	{"header with brackets", "[meta]data]\nname = x\n"},
	{"empty header", "[]\nname = x\n"},
	{"header with spaces", "[ metadata ]\nname = x\n"},
	{"header bracket only", "[\nname = x\n"},
	{"interpolation", "[metadata]\nbase = nova\nname = %(base)s-client\n"},
	{"interpolation from DEFAULT", "[DEFAULT]\nbase = nova\n[metadata]\nname = %(base)s\n"},
	{"interpolation upper ref", "[metadata]\nbase = nova\nname = %(BASE)s\n"},
	{"interpolation upper key", "[metadata]\nBase = nova\nname = %(Base)s\n"},
	{"percent percent", "[metadata]\nname = a%%b\n"},
	{"bare percent", "[metadata]\nname = nova\nsummary = 100% python\n"},
	{"bare percent elsewhere", "[metadata]\nname = nova\n[other]\nx = 5%\n"},
	{"missing reference", "[metadata]\nname = %(nope)s\n"},
	{"bad reference", "[metadata]\nname = %(nope\n"},
	{"reference without s", "[metadata]\nname = %(x)d\nx = 1\n"},
	{"self reference", "[metadata]\nname = %(name)s\n"},
	{"deep references", "[metadata]\na0 = x\na1 = %(a0)s\na2 = %(a1)s\na3 = %(a2)s\na4 = %(a3)s\na5 = %(a4)s\na6 = %(a5)s\na7 = %(a6)s\na8 = %(a7)s\na9 = %(a8)s\nname = %(a9)s\n"},
	{"too deep references", "[metadata]\na0 = %%\na1 = %(a0)s\na2 = %(a1)s\na3 = %(a2)s\na4 = %(a3)s\na5 = %(a4)s\na6 = %(a5)s\na7 = %(a6)s\na8 = %(a7)s\na9 = %(a8)s\na10 = %(a9)s\nname = %(a10)s\n"},
	{"percent in DEFAULT only", "[DEFAULT]\nx = 5%\n"},
	{"percent in DEFAULT", "[DEFAULT]\nx = 5%\n[metadata]\nname = a\n"},
	{"BOM", "\ufeff[metadata]\nname = nova\n"},
	{"CRLF", "[metadata]\r\nname = nova\r\n"},
	{"CR", "[metadata]\rname = nova\r"},
	{"CR continuation", "[metadata]\rname = a\r  b\r"},
	{"form feed", "[metadata]\nname = nova\f\n"},
	{"vertical tab in value", "[metadata]\nname = no\vva\n"},
	{"unicode space indent", "[metadata]\nname = a\n\u3000b\n"},
	{"unicode space around", "[metadata]\n\u2003name\u2003=\u2003nova\u2003\n"},
	{"x1c separator", "[metadata]\nname = nova\x1c\n"},
	{"NEL", "[metadata]\nname = nova\u0085\n"},
	{"line separator", "[metadata]\nname = a\u2028b\n"},
	{"nbsp", "[metadata]\nname =\u00a0nova\n"},
	{"zero width space", "[metadata]\nname = \u200bnova\n"},
	{"dotted I key", "[metadata]\nİ = 1\ni\u0307 = 2\nname = x\n"},
	{"sigma keys", "[metadata]\nΑΣ = 1\nας = 2\nname = x\n"},
	{"kelvin", "[metadata]\n\u212a = 1\nk = 2\nname = x\n"},
	{"unicode name", "[metadata]\nname = nóva\n"},
	{"invalid utf-8", "[metadata]\nname = \xff\n"},
	{"invalid utf-8 in comment", "[metadata]\n# \xc3\x28\nname = x\n"},
	{"NUL", "[metadata]\nname = a\x00b\n"},
	{"na-me", "[metadata]\nna-me = x\n"},
	{"name_", "[metadata]\nname_ = x\n"},
	{"empty file", ""},
	{"only comments", "# hi\n; there\n"},
	{"pbr style", "[metadata]\nname = python-novaclient\nsummary = Client\ndescription_file =\n    README.rst\nauthor = OpenStack\nclassifier =\n    Environment :: OpenStack\n    Intended Audience :: Developers\n\n[files]\npackages =\n    novaclient\n\n[entry_points]\nconsole_scripts =\n    nova = novaclient.shell:main\n"},
	{"metadata prefix section", "[metadata.extra]\nname = x\n"},
	{"metadata without name", "[metadata]\nsummary = x\n"},
}

// pyprojectTable is hand-written pyproject.toml files.
var pyprojectTable = []struct{ name, text string }{
	{"project", "[project]\nname = \"nova\"\n"},
	{"literal string", "[project]\nname = 'nova'\n"},
	{"dotted key", "project.name = \"nova\"\n"},
	{"inline table", "project = {name = \"nova\"}\n"},
	{"dynamic name", "[project]\nname = \"x\"\ndynamic = [\"name\"]\n"},
	{"dynamic without name", "[project]\ndynamic = [\"name\", \"version\"]\n"},
	{"dynamic version", "[project]\nname = \"x\"\ndynamic = [\"version\"]\n"},
	{"no name", "[project]\nversion = \"1\"\n"},
	{"empty project", "[project]\n"},
	{"empty project poetry", "[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n[project]\n[tool.poetry]\nname = \"p\"\n"},
	{"name not a string", "[project]\nname = 1\n"},
	{"empty name", "[project]\nname = \"\"\n"},
	{"duplicate key", "[project]\nname = \"a\"\nname = \"b\"\n"},
	{"duplicate table", "[project]\nname = \"a\"\n[project]\nversion = \"1\"\n"},
	{"poetry", "[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n[tool.poetry]\nname = \"p\"\n"},
	{"old poetry", "[build-system]\nbuild-backend = \"poetry.masonry.api\"\n[tool.poetry]\nname = \"p\"\n"},
	{"poetry and project", "[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n[project]\nname = \"a\"\n[tool.poetry]\nname = \"p\"\n"},
	{"poetry section without poetry", "[tool.poetry]\nname = \"p\"\n"},
	{"pbr.build", "[build-system]\nrequires = [\"pbr>=6\"]\nbuild-backend = \"pbr.build\"\n[project]\nname = \"openstack-modern\"\n"},
	{"hatchling", "[build-system]\nbuild-backend = \"hatchling.build\"\n[project]\nname = \"h\"\n"},
	{"hatchling without name", "[build-system]\nbuild-backend = \"hatchling.build\"\n"},
	{"backend not a string", "[build-system]\nbuild-backend = 1\n"},
	{"build-system not a table", "build-system = 1\n"},
	{"project not a table", "project = \"x\"\n"},
	{"unicode escape", "[project]\nname = \"n\\u006fva\"\n"},
	{"escape e", "[project]\nname = \"a\\eb\"\n"},
	{"escape x", "[project]\nname = \"n\\x6fva\"\n"},
	{"multiline inline table", "project = {\n  name = \"nova\"\n}\n"},
	{"inline table trailing comma", "project = {name = \"nova\",}\n"},
	{"time without seconds", "[project]\nname = \"nova\"\n[x]\nt = 07:32\n"},
	{"datetime without seconds", "[project]\nname = \"nova\"\n[x]\nt = 1979-05-27T07:32Z\n"},
	{"datetime with offset", "[project]\nname = \"nova\"\n[x]\nt = 1979-05-27T07:32:00-07:00\n"},
	{"BOM", "\ufeff[project]\nname = \"nova\"\n"},
	{"CRLF", "[project]\r\nname = \"nova\"\r\n"},
	{"lone CR", "[project]\rname = \"nova\"\r"},
	{"multiline string", "[project]\nname = \"\"\"nova\"\"\"\n"},
	{"control char in comment", "# a\x01b\n[project]\nname = \"nova\"\n"},
	{"DEL in comment", "# a\x7fb\n[project]\nname = \"nova\"\n"},
	{"invalid utf-8", "[project]\nname = \"\xff\"\n"},
	{"array of tables named project", "[[project]]\nname = \"x\"\n"},
	// TOML 1.0 that the 1.1 scanner must let through.
	{"times with seconds", `[project]
name = "nova"
[x]
a = 07:32:00
b = 07:32:00.5
c = 1979-05-27 07:32:00+01:00
d = 1979-05-27
e = 1979-05-27T00:32:00.999999-07:00
`},
	{"1.0 text that looks like 1.1", `[project]
name = "nova" # { 07:32 \e
[x]
a = "07:32 {"
b = '\e \x41'
c = """
{\
  x\\e""""
d = '''
07:32 ,}'''''
"k=v" = 1
["a]b".c]
d = 1
`},
	{"inline table holding a multi-line array", `[project]
name = "nova"
[x]
t = {a = [
  1, # c
  2,
], b = """
x"""}
`},
	{"inline table with spaces", `project = { name = "nova" , version = "1" }` + "\n"},
	{"escaped quote", `[project]
name = "no\"va"
`},
	{"escaped backslash then e", `[project]
name = "nova"
[x]
a = "\\e"
`},
}

// tableCases are the tables as repos, alone and with each other.
func tableCases() []repoCase {
	var out []repoCase
	for _, c := range cfgTable {
		out = append(out, repoCase{name: "setup.cfg: " + c.name, setupCfg: []byte(c.text)})
		out = append(out, repoCase{name: "setup.cfg+setup.py: " + c.name, setupCfg: []byte(c.text), setupPy: []byte("import setuptools\nsetuptools.setup(pbr=True)\n")})
	}
	for _, c := range pyprojectTable {
		out = append(out, repoCase{name: "pyproject: " + c.name, pyproject: []byte(c.text)})
		out = append(out, repoCase{name: "pyproject+setup.cfg: " + c.name, pyproject: []byte(c.text), setupCfg: []byte("[metadata]\nname = from-cfg\n")})
	}
	out = append(out,
		repoCase{name: "setup.py only", setupPy: []byte("from setuptools import setup\nsetup(name='x')\n")},
		repoCase{name: "nothing"},
		repoCase{name: "build-system only", pyproject: []byte("[build-system]\nrequires = [\"pbr\"]\n"), setupCfg: []byte("[metadata]\nname = from-cfg\n")},
	)
	return out
}

// Pieces of setup.cfg lines the generator combines.
var (
	genIndents = []string{"", "", "", " ", "  ", "\t", "\u3000", "\x0c", " \t "}
	genEnds    = []string{"\n", "\n", "\n", "\r\n", "\r", "\x1c", "\u2028"}
	genKeys    = []string{"name", "name", "Name", "NAME", "nAmE", "na-me", "name_", "version", "summary", "base", "İ", "i\u0307", "ΑΣ", "ας", " name", "x"}
	genDelims  = []string{"=", ":", " = ", "\t:\t", "==", "=:", " :", "\u2003=\u2003"}
	genValues  = []string{"nova", "Nova-Client", "", " ", "a b", "%(base)s", "%(BASE)s", "%(name)s", "%%", "5%", "%(", "x # y", "x ; y", "nóva", "\u00a0nova\u00a0", "a\x00b", "[metadata]"}
	genHeaders = []string{"[metadata]", "[metadata]", "[DEFAULT]", "[Metadata]", "[ metadata ]", "[metadata] x", "[other]", "[]", "[metadata]]", "[DEFAULT"}
	genOther   = []string{"", "", "# comment", "; comment", "#", "  # indented", "garbage", "=x", "\ufeff[metadata]"}
)

// generatedCases combines the pieces with a fixed seed: files a person would
// not write, that configparser still reads one way.
func generatedCases() []repoCase {
	rng := rand.New(rand.NewPCG(13, 3))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	var out []repoCase
	for i := range 3000 {
		var b strings.Builder
		if rng.IntN(4) != 0 {
			b.WriteString("[metadata]" + pick(genEnds))
		}
		for range 1 + rng.IntN(10) {
			b.WriteString(pick(genIndents))
			switch rng.IntN(10) {
			case 0, 1:
				b.WriteString(pick(genHeaders))
			case 2:
				b.WriteString(pick(genOther))
			case 3:
				b.WriteString(pick(genValues)) // a continuation, when indented
			default:
				b.WriteString(pick(genKeys) + pick(genDelims) + pick(genValues))
			}
			b.WriteString(pick(genEnds))
		}
		c := repoCase{name: fmt.Sprintf("generated setup.cfg %d", i), setupCfg: []byte(b.String())}
		if rng.IntN(3) == 0 {
			c.setupPy = []byte("import setuptools\n")
		}
		if rng.IntN(4) == 0 {
			c.pyproject = []byte(genPyproject(rng, pick))
		}
		out = append(out, c)
	}
	for i := range 1000 {
		out = append(out, repoCase{name: fmt.Sprintf("generated pyproject %d", i), pyproject: []byte(genPyproject(rng, pick)), setupCfg: []byte("[metadata]\nname = cfg\n")})
	}
	return out
}

var (
	genBackends = []string{"", "setuptools.build_meta", "setuptools.build_meta:__legacy__", "pbr.build", "poetry.core.masonry.api", "poetry.masonry.api", "hatchling.build", "flit_core.buildapi"}
	genTOMLName = []string{`"nova"`, `'nova'`, `"n\u006fva"`, `""`, `1`, `["x"]`, `"""nova"""`, `'''nova'''`, `"a\eb"`, `"\x41"`, `"nóva"`}
	genDynamic  = []string{"", `dynamic = ["version"]`, `dynamic = ["name"]`, `dynamic = "name"`, `dynamic = []`}
)

func genPyproject(rng *rand.Rand, pick func([]string) string) string {
	var b strings.Builder
	nl := []string{"\n", "\n", "\r\n"}[rng.IntN(3)]
	if be := pick(genBackends); be != "" || rng.IntN(2) == 0 {
		b.WriteString("[build-system]" + nl + "requires = [\"setuptools\"]" + nl)
		if be != "" {
			b.WriteString("build-backend = \"" + be + "\"" + nl)
		}
	}
	switch rng.IntN(5) {
	case 0:
	case 1:
		b.WriteString("project = {name = " + pick(genTOMLName) + "}" + nl)
	default:
		b.WriteString("[project]" + nl)
		if rng.IntN(4) != 0 {
			b.WriteString("name = " + pick(genTOMLName) + nl)
		}
		if rng.IntN(8) == 0 {
			b.WriteString("name = \"again\"" + nl)
		}
		if d := pick(genDynamic); d != "" {
			b.WriteString(d + nl)
		}
	}
	if rng.IntN(2) == 0 {
		b.WriteString("[tool.poetry]" + nl + "name = " + pick(genTOMLName) + nl)
	}
	return b.String()
}
