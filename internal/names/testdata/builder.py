# Reads the name of every case directory under sys.argv[1] as the build
# does, for the differential test (differential_test.go). Each case holds a
# setup.cfg, a pyproject.toml and a setup.py, or some of them. One JSON
# object per case, in sorted order, on stdout; then the Unicode facts the Go
# reader mirrors.
#
# pbr: openstack/pbr pbr/setupcfg.py setup_cfg_to_args (ConfigParser(),
# parser.read(path, encoding='utf-8'), items() of every section).
# setuptools: pypa/setuptools setuptools/dist.py _parse_config_files
# (optionxform = str, read_file, options() and get() of every section,
# _enforce_underscore, _enforce_option_lowercase).
import configparser
import json
import os
import sys
import tomllib


def err(e):
    return {"error": "%s: %s" % (type(e).__name__, str(e)[:200])}


def pbr(path):
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    config = {}
    for section in parser.sections():
        config[section] = {}
        for k, value in parser.items(section):
            config[section][k.replace("-", "_")] = value
    return config.get("metadata", {}).get("name", "")


def setuptools(path):
    parser = configparser.ConfigParser()
    parser.optionxform = str
    with open(path, encoding="utf-8") as reader:
        parser.read_file(reader)
    name = ""
    for section in parser.sections():
        for opt in parser.options(section):
            val = parser.get(section, opt)
            if section != "metadata":
                continue
            if "-" in opt:
                opt = opt.replace("-", "_")
            if not opt.islower():
                opt = opt.lower()
            if opt == "name":
                name = val
    return name


SETUPTOOLS = {"", "setuptools.build_meta", "setuptools.build_meta:__legacy__", "pbr.build"}
POETRY = {"poetry.core.masonry.api", "poetry.masonry.api"}


def pyproject(path):
    if not os.path.exists(path):
        return {"kind": "setuptools", "name": ""}
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        return {"kind": "setuptools", "name": ""}
    doc = tomllib.loads(data.decode("utf-8"))
    backend = ""
    if "build-system" in doc:
        bs = doc["build-system"]
        if not isinstance(bs, dict):
            raise ValueError("build-system not a table")
        backend = bs.get("build-backend", "")
        if not isinstance(backend, str):
            raise ValueError("build-backend not a string")
    kind = "setuptools" if backend in SETUPTOOLS else "poetry" if backend in POETRY else "other"
    out = {"kind": kind, "name": ""}
    if "project" in doc:
        project = doc["project"]
        if not isinstance(project, dict):
            raise ValueError("project not a table")
        if "dynamic" in project:
            if not isinstance(project["dynamic"], list):
                raise ValueError("dynamic not a list")
            if "name" in project["dynamic"]:
                raise ValueError("name is dynamic")
        if "name" not in project:
            if not project and kind == "setuptools":
                return out
            raise ValueError("project without name")
        name = project["name"]
        if not isinstance(name, str) or name == "":
            raise ValueError("bad name")
        out["name"] = name
        return out
    if kind == "poetry":
        tool = doc.get("tool", {})
        poetry = tool.get("poetry", {}) if isinstance(tool, dict) else {}
        if not isinstance(poetry, dict) or "name" not in poetry:
            return out
        name = poetry["name"]
        if not isinstance(name, str) or name == "":
            raise ValueError("bad poetry name")
        out["name"] = name
    return out


def read(case):
    out = {"case": os.path.basename(case)}
    cfg = os.path.join(case, "setup.cfg")
    if os.path.exists(cfg):
        for key, fn in (("pbr", pbr), ("setuptools", setuptools)):
            try:
                out[key] = {"name": fn(cfg)}
            except Exception as e:  # noqa: BLE001 - any exception fails the build
                out[key] = err(e)
    try:
        out["pyproject"] = pyproject(os.path.join(case, "pyproject.toml"))
    except Exception as e:  # noqa: BLE001
        out["pyproject"] = err(e)
    out["decision"] = decide(case, out)
    return out


def decide(case, out):
    pp = out["pyproject"]
    if "error" in pp:
        return pp
    if pp["name"]:
        return {"source": "pyproject.toml", "name": pp["name"]}
    if pp["kind"] == "poetry":
        return {"source": "", "name": ""}
    if pp["kind"] == "other":
        return {"source": "unknown", "name": ""}
    name = ""
    if "pbr" in out:
        p, s = out["pbr"], out["setuptools"]
        if "error" in p:
            return p
        if "error" in s:
            return s
        if p["name"] and p["name"] != s["name"]:
            return {"error": "builders disagree"}
        name = p["name"] or s["name"]
    if name:
        return {"source": "setup.cfg", "name": name}
    if os.path.exists(os.path.join(case, "setup.py")):
        return {"source": "unknown", "name": ""}
    return {"source": "", "name": ""}


def unicode_facts():
    lower, space = {}, []
    for c in range(sys.maxunicode + 1):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        if ch.lower() != ch:
            lower[c] = ch.lower()
        if ch.isspace():
            space.append(c)
    return {"lower": lower, "space": space}


def main():
    root = sys.argv[1]
    for name in sorted(os.listdir(root)):
        print(json.dumps(read(os.path.join(root, name))))
    strings = json.loads(sys.stdin.read())
    facts = unicode_facts()
    facts["strings"] = [s.lower() for s in strings]
    print(json.dumps(facts))


main()
