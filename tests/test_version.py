"""The version is written once, as `__version__` in nnbuilder/__init__.py: the package build reads it
from there, and no other file carries a copy that could drift."""

import json
import shutil
from pathlib import Path

from hatchling.metadata.core import ProjectMetadata
from hatchling.plugin.manager import PluginManager

import nnbuilder

ROOT = Path(__file__).resolve().parent.parent


def _metadata(root: Path) -> ProjectMetadata:
    """The project in `root` as the package build (hatchling) reads it."""
    return ProjectMetadata(str(root), PluginManager())


def test_the_package_build_takes_the_version_from_the_package():
    metadata = _metadata(ROOT)
    pyproject = metadata.config
    assert "version" not in pyproject["project"], "pyproject.toml must not repeat the version"
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "nnbuilder/__init__.py"
    assert metadata.version == nnbuilder.__version__


def test_a_new_version_in_the_package_is_the_built_version(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "nnbuilder").mkdir()
    source = (ROOT / "nnbuilder" / "__init__.py").read_text(encoding="utf-8")
    line = f'__version__ = "{nnbuilder.__version__}"'
    assert source.count(line) == 1
    (tmp_path / "nnbuilder" / "__init__.py").write_text(source.replace(line, '__version__ = "9.8.7"'), "utf-8")
    assert _metadata(tmp_path).version == "9.8.7"


def test_the_browser_package_carries_no_version_of_its_own():
    # widgets/ is private (never published to npm): npm needs no version for it, so it has none.
    package = json.loads((ROOT / "widgets" / "package.json").read_text(encoding="utf-8"))
    assert package["private"] is True
    assert "version" not in package
    lock = json.loads((ROOT / "widgets" / "package-lock.json").read_text(encoding="utf-8"))
    assert "version" not in lock and "version" not in lock["packages"][""]
