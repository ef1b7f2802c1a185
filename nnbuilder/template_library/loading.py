"""Ready-made projects shipped with nnbuilder (top-level `templates/` folder), and what the
template gallery shows of each: title, short summary, description and a picture."""

from __future__ import annotations

import json
from pathlib import Path

from nnbuilder.document.project import Project
from nnbuilder.errors import ProjectError
from nnbuilder.template_library.picture import project_picture

SUFFIX = ".nnb.json"
GALLERY_FILE = "gallery.json"
LANGUAGES = ("en", "zh")


def template_dir() -> Path:
    """Where the template files are: inside the wheel, or the source checkout."""
    here = Path(__file__).resolve().parent.parent
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


def _texts(value, where: str) -> dict:
    """A {"en": ..., "zh": ...} entry of the gallery file, checked."""
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang] for lang in LANGUAGES):
        raise ProjectError(f"expected texts in English and Chinese, {{'en': ..., 'zh': ...}}, got {value!r}", where)
    return {lang: value[lang] for lang in LANGUAGES}


def gallery_file() -> dict:
    """The gallery file: {"order": [names in teaching order], "templates": {name: {"title", "summary"}}}, checked."""
    path = template_dir() / GALLERY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProjectError(f"nnbuilder's template gallery file {path} cannot be read ({exc})") from None
    where = GALLERY_FILE
    if not isinstance(data, dict) or not isinstance(data.get("templates"), dict):
        raise ProjectError("expected an object with 'order' and 'templates'", where)
    order = data.get("order")
    if not isinstance(order, list) or not all(isinstance(name, str) for name in order):
        raise ProjectError(f"expected a list of template names, got {order!r}", f"{where}: order")
    entries = {}
    for name, entry in data["templates"].items():
        if not isinstance(entry, dict):
            raise ProjectError(f"expected an object with title and summary, got {entry!r}", f"{where}: {name}")
        entries[name] = {key: _texts(entry.get(key), f"{where}: {name}.{key}") for key in ("title", "summary")}
    return {"order": list(order), "templates": entries}


def _first_sentence(text: str) -> str:
    head = text.split(". ")[0].split("。")[0].strip()
    return head if head.endswith((".", "。")) else head + ("。" if "。" in text else ".")


def template_info(name: str) -> dict:
    """What the gallery shows of template `name`: {"name", "title", "summary", "description" (each
    {"en", "zh"}), "dataset", "recipe", "picture" (an SVG document)}.

    A template missing from the gallery file gets its project name as title and the first
    sentence of its description as summary.
    """
    return _info(name, gallery_file())


def _info(name: str, gallery: dict) -> dict:
    project = load_template(name)
    description = project.description
    if not isinstance(description, dict):
        description = {"en": description}
    description = {lang: description.get(lang) or description.get("en") or "" for lang in LANGUAGES}
    entry = gallery["templates"].get(name)
    if entry is None:
        entry = {
            "title": {lang: project.name for lang in LANGUAGES},
            "summary": {lang: _first_sentence(description[lang]) for lang in LANGUAGES},
        }
    return {
        "name": name,
        "title": entry["title"],
        "summary": entry["summary"],
        "description": description,
        "dataset": str((project.data or {}).get("dataset") or ""),
        "recipe": str(project.training.get("recipe") or "supervised"),
        "picture": project_picture(project),
    }


def template_gallery() -> list[dict]:
    """`template_info` of every template, in teaching order (templates the order leaves out come last)."""
    names = templates()
    gallery = gallery_file()
    order = [name for name in gallery["order"] if name in names]
    return [_info(name, gallery) for name in order + [name for name in names if name not in order]]
