"""Ready-made projects shipped with nnbuilder (top-level `templates/` folder)."""

from __future__ import annotations

from pathlib import Path

from nnbuilder.errors import ProjectError
from nnbuilder.project import Project

SUFFIX = ".nnb.json"


def template_dir() -> Path:
    """Where the template files are: inside the wheel, or the source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates_data", here.parent / "templates"):
        if candidate.is_dir() and any(candidate.glob(f"*{SUFFIX}")):
            return candidate
    raise ProjectError("nnbuilder's template files are missing from this installation; reinstall nnbuilder")


def templates() -> list[str]:
    """Names of the available templates, sorted."""
    return sorted(p.name[: -len(SUFFIX)] for p in template_dir().glob(f"*{SUFFIX}"))


def load_template(name: str) -> Project:
    """A fresh Project from the template called `name`."""
    names = templates()
    if name not in names:
        raise ProjectError(f"no template called {name!r}; available: {', '.join(names)}")
    return Project.load(template_dir() / f"{name}{SUFFIX}")
