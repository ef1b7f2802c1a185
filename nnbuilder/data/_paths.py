"""Where a project's data may come from: paths in `data.options` stay inside a root folder.

A project file, or a visitor of the served app, names paths; they are read only inside the project's
folder (the current directory for a project that was not loaded from a file) and, when the app is
served, the served folder. A trusted project may name any path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nnbuilder.document.data_errors import DataError
from nnbuilder.document.params import Param
from nnbuilder.document.trust import is_trusted

PRIVATE_FOLDER = ".nnbuilder"  # autosaves of every session and visitor: never data
DATA_ROOT_VAR = "NNBUILDER_DATA_ROOT"  # set by the served app: the folder whose files visitors may use


def served_root(environ=None) -> Path | None:
    """The served folder when the app is served (the one place that reads DATA_ROOT_VAR), else None."""
    value = (os.environ if environ is None else environ).get(DATA_ROOT_VAR)
    return Path(value) if value else None


@dataclass(frozen=True)
class PathRule:
    """Relative paths are taken from `base`; every path must lie inside one of `roots` (none: anywhere)."""

    base: Path
    roots: tuple = ()


def default_rule(environ=None) -> PathRule | None:
    """The rule when the caller names none: the served folder in served mode, otherwise no rule at all."""
    served = served_root(environ)
    return None if served is None else PathRule(served, (served,))


def project_rule(project, environ=None) -> PathRule:
    """The rule for the paths of `project`: its folder (or the current directory) and the served folder."""
    folder = getattr(project, "folder", None)
    served = served_root(environ)
    base = Path(folder) if folder is not None else (served or Path.cwd())
    if is_trusted(project):
        return PathRule(base)
    roots = [base] if folder is not None or served is None else []
    if served is not None:
        roots.append(served)
    return PathRule(base, tuple(roots))


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def confined(path, root, *, option: str = "path", base=None) -> Path:
    """`path` made absolute (from `base`, by default the first root) with its symlinks resolved, when it lies
    inside `root` (a folder or several); otherwise a DataError naming the option and the root."""
    roots = [Path(root)] if isinstance(root, (str, os.PathLike)) else [Path(r) for r in root]
    text = os.fspath(path)
    if not isinstance(text, str) or not text or "\x00" in text:
        raise DataError(f"data.options.{option}: expected a file or folder path, got {text!r}")
    start = Path(base) if base is not None else (roots[0] if roots else Path.cwd())
    try:
        full = (start / os.path.expanduser(text) if not os.path.isabs(text) else Path(text)).resolve()
        real_roots = [r.resolve() for r in roots]
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a name too long
        raise DataError(f"data.options.{option}: the path {text!r} cannot be used ({exc})") from None
    if real_roots and not any(_within(full, r) for r in real_roots):
        raise DataError(f"data.options.{option}: {text!r} is outside the data folder {_where(real_roots)}; {_HOW}")
    if real_roots and any(_within(full, r / PRIVATE_FOLDER) for r in real_roots):
        raise DataError(
            f"data.options.{option}: {text!r} is inside {PRIVATE_FOLDER}/, where the app keeps its own files"
        )
    try:
        if real_roots and full.is_dir():
            _check_links(full, text, real_roots, option)
    except OSError as exc:
        raise DataError(f"data.options.{option}: the path {text!r} cannot be used ({exc.strerror or exc})") from None
    return full


_HOW = "use a file inside it, or, if you trust the project, open it with Project.load(path, trust=True)"


def _where(roots) -> str:
    return " or ".join(str(r) for r in roots)


def _check_links(folder: Path, text: str, roots, option: str) -> None:
    """Refuse a folder holding a symlink (at any depth, through links that stay inside) that leads out."""
    seen, todo = {folder}, [(folder, "")]
    while todo:
        real, shown = todo.pop()
        for top, dirs, names in os.walk(real):
            for name in dirs + names:
                entry = os.path.join(top, name)
                if not os.path.islink(entry):
                    continue
                inner = os.path.normpath(os.path.join(shown, os.path.relpath(entry, real)))
                target = Path(os.path.realpath(entry))
                if not any(_within(target, r) for r in roots):
                    raise DataError(
                        f"data.options.{option}: {inner!r} in {text!r} leads outside the data folder "
                        f"{_where(roots)}; {_HOW}"
                    )
                if target.is_dir() and target not in seen:
                    seen.add(target)
                    todo.append((target, inner))


def confine_options(specs: dict[str, Param], values: dict, rule: PathRule | None) -> dict:
    """`values` with every option of kind path made absolute and checked against `rule` (None: as given)."""
    if rule is None:
        return values
    out = dict(values)
    for key, spec in specs.items():
        if spec.kind == "path" and out.get(key) is not None:
            out[key] = str(confined(out[key], rule.roots, option=key, base=rule.base))
    return out
