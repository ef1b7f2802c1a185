"""The Binder environment is consistent: its files exist and agree with pyproject.toml, the
widgets' Node.js requirements and the notebooks that docs/binder.md links to."""

import ast
import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import nnbuilder

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
ENVIRONMENT = BINDER / "environment.yml"
POST_BUILD = BINDER / "postBuild"
BINDER_DOC = ROOT / "docs" / "binder.md"
BADGE_URL = re.compile(r"https://mybinder\.org/v2/gh/([\w.-]+)/([\w.-]+)/([\w.-]+)\?urlpath=([\w./%-]+)")


def _pyproject() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_pin(name: str) -> str:
    """The version a conda dependency line `- name=X` asks for, read from the text itself."""
    found = re.findall(rf"^\s*-\s*{re.escape(name)}\s*=+\s*([\d.]+)\s*$", ENVIRONMENT.read_text(), flags=re.M)
    assert len(found) == 1, f"environment.yml: expected one line '- {name}=VERSION', found {len(found)}"
    return found[0]


def _pip_requirements() -> list[Requirement]:
    """The pip section of environment.yml, read from the text (indented '- requirement' lines after '- pip:')."""
    lines = ENVIRONMENT.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^\s*-\s*pip\s*:\s*$", line))
    indent = len(lines[start]) - len(lines[start].lstrip())
    requirements = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break
        requirements.append(Requirement(line.strip().lstrip("-").strip()))
    return requirements


def _node_range_allows(spec: str, version: Version) -> bool:
    """Whether an npm `engines.node` range (forms: *, >=X, >X, <X, <=X, ^X, X, joined by || and spaces) allows it."""

    def allows(comparator: str) -> bool:
        match = re.fullmatch(r"(>=|<=|>|<|\^|=)?\s*v?(\d+(?:\.\d+){0,2})", comparator)
        assert match, f"cannot read the Node.js range {spec!r} (comparator {comparator!r})"
        op, bound = match.group(1) or "=", Version(match.group(2))
        if op == "^":
            return version >= bound and version.major == bound.major
        if op == "=":
            return version.release[: len(bound.release)] == bound.release
        return {">=": version >= bound, "<=": version <= bound, ">": version > bound, "<": version < bound}[op]

    for alternative in spec.split("||"):
        if alternative.strip() in ("", "*", "x", "X"):  # any version
            return True
        comparators = re.findall(r"(?:>=|<=|>|<|\^|=)?\s*v?\d+(?:\.\d+){0,2}", alternative)
        if comparators and all(allows(c.strip()) for c in comparators):
            return True
    return False


def _badge_urls() -> list[tuple[str, str]]:
    return [(m.group(3), m.group(4)) for m in BADGE_URL.finditer(BINDER_DOC.read_text(encoding="utf-8"))]


def test_environment_parses_as_yaml_with_conda_forge_python_node_and_pip():
    yaml = pytest.importorskip("yaml")
    document = yaml.safe_load(ENVIRONMENT.read_text())
    assert document["channels"] == ["conda-forge"]
    plain = [d for d in document["dependencies"] if isinstance(d, str)]
    nested = [d for d in document["dependencies"] if isinstance(d, dict)]
    assert {d.split("=")[0] for d in plain} == {"python", "nodejs", "pip"}
    assert len(nested) == 1 and list(nested[0]) == ["pip"]
    assert [str(r) for r in _pip_requirements()] == nested[0]["pip"]


def test_python_version_satisfies_pyproject():
    python = Version(_conda_pin("python"))
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    assert python in requires, f"binder python={python} is outside requires-python {requires}"


def test_node_version_satisfies_every_build_tool_engine():
    node = Version(_conda_pin("nodejs"))
    lock = json.loads((ROOT / "widgets" / "package-lock.json").read_text(encoding="utf-8"))
    engines = {
        path or "widgets": entry["engines"]["node"]
        for path, entry in lock["packages"].items()
        if isinstance(entry.get("engines"), dict) and "node" in entry["engines"]
    }
    assert engines, "widgets/package-lock.json names no Node.js engines"
    refused = {path: spec for path, spec in engines.items() if not _node_range_allows(spec, node)}
    assert not refused, f"binder nodejs={node} is refused by {refused}"


def test_node_range_reader_refuses_what_it_should():
    assert _node_range_allows("^18.0.0 || >=20.0.0", Version("20"))
    assert not _node_range_allows("^18.0.0 || >=20.0.0", Version("19"))
    assert not _node_range_allows(">= 14.16", Version("14.15"))
    assert _node_range_allows(">=0.10", Version("20"))
    assert _node_range_allows("*", Version("20"))


def test_pip_requirements_match_pyproject_and_bring_voila():
    project = _pyproject()["project"]
    declared = {}
    for text in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(text)
        declared[requirement.name.lower()] = requirement.specifier
    pins = _pip_requirements()
    for requirement in pins:
        name = requirement.name.lower()
        assert name in declared, f"environment.yml installs {name}, which pyproject.toml does not declare"
        assert requirement.specifier == declared[name], f"{name}: {requirement.specifier} vs {declared[name]}"
    names = {r.name.lower() for r in pins} | {Requirement(d).name.lower() for d in project["dependencies"]}
    assert "voila" in names, "the Voila app needs voila in environment.yml or in the package dependencies"
    assert "nnbuilder" not in names, "nnbuilder itself is installed from the repository by postBuild"


def test_post_build_is_an_executable_script_that_installs_the_repository():
    mode = POST_BUILD.stat().st_mode
    assert mode & stat.S_IXUSR and os.access(POST_BUILD, os.X_OK), "binder/postBuild must be executable"
    lines = POST_BUILD.read_text().splitlines()
    assert lines[0] in ("#!/usr/bin/env bash", "#!/bin/bash"), lines[0]
    commands = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert "set -euo pipefail" in commands, "postBuild must stop at the first failing step"
    assert any(re.match(r"(python -m )?pip install( --\S+)* \.$", c) for c in commands), commands
    bash = shutil.which("bash")
    if bash:
        checked = subprocess.run([bash, "-n", str(POST_BUILD)], capture_output=True, text=True)
        assert checked.returncode == 0, f"postBuild is not valid bash: {checked.stderr}"


def test_badges_open_notebooks_that_exist_and_are_valid():
    nbformat = pytest.importorskip("nbformat")
    urls = _badge_urls()
    kinds = {path.split("/")[0] for _, path in urls}
    assert {"voila", "lab"} <= kinds, f"docs/binder.md needs a Voila badge and a JupyterLab badge, found {urls}"
    for branch, urlpath in urls:
        assert branch == "main"
        if urlpath.startswith("voila/render/"):
            target = urlpath[len("voila/render/") :]
        elif urlpath.startswith("lab/tree/"):
            target = urlpath[len("lab/tree/") :]
        else:
            pytest.fail(f"unexpected urlpath {urlpath!r}: expected voila/render/... or lab/tree/...")
        path = ROOT / target
        assert path.suffix == ".ipynb" and path.is_file(), f"{urlpath} opens {target}, which does not exist"
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        assert notebook.nbformat == 4
        nbformat.validate(notebook)


def test_voila_notebook_opens_the_app_from_the_public_api():
    notebook = json.loads((BINDER / "app.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code"), "saved with outputs"
    tree = ast.parse(code)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert "Builder" in imported
    for name in imported:
        assert hasattr(nnbuilder, name), f"nnbuilder.{name}, which the Binder app imports, is missing"
    names = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "load_template" and node.args
    ]
    assert names and all(name in nnbuilder.templates() for name in names)
    last = tree.body[-1]
    assert isinstance(last, ast.Expr) and isinstance(last.value, ast.Name), "the last line shows the app"
