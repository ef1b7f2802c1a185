"""A project's `data` section: its problems, found without loading anything, and the dataset name and
option values it stands for."""

from __future__ import annotations

from typing import Any

from nnbuilder.document.data_errors import DataError
from nnbuilder.document.data_options import check_options, normalized
from nnbuilder.document.datasets import OPTION_SPECS, datasets


def data_problems(section: Any) -> list[tuple[str, str]]:
    """Problems with a project `data` section, found without loading anything: (path, message) pairs."""
    if section is None:
        return []
    if not isinstance(section, dict):
        return [
            ("data", f"expected an object like {{'dataset': 'mnist', 'options': {{}}}}, got {type(section).__name__}")
        ]
    problems = [
        (f"data.{key}", "unknown key; a data section has only 'dataset' and 'options'")
        for key in section
        if key not in ("dataset", "options")
    ]
    name = section.get("dataset")
    if name is None:
        return problems
    if not isinstance(name, str) or name not in OPTION_SPECS:
        problems.append(("data.dataset", f"unknown dataset {name!r}; known datasets: {', '.join(datasets())}"))
        return problems
    return problems + check_options(name, OPTION_SPECS[name], section.get("options"))


def read_section(spec: str | dict[str, Any], options: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """(name, options) from a dataset name or a project `data` dict, with `options` laid over; checked."""
    section: dict[str, Any]
    if isinstance(spec, str):
        section = {"dataset": spec, "options": {}}
    elif isinstance(spec, dict):
        section = dict(spec)
    else:
        raise DataError(f"expected a dataset name or a data section dict, got {type(spec).__name__}")
    if options:
        merged = section.get("options")
        section["options"] = {**(merged if isinstance(merged, dict) else {}), **options}
    problems = data_problems(section)
    if problems:
        path, message = problems[0]
        raise DataError(f"{path}: {message}")
    name = section.get("dataset")
    if name is None:
        raise DataError("data.dataset: no dataset is chosen; pick one of " + ", ".join(datasets()))
    return name, normalized(OPTION_SPECS[name], section.get("options") or {})
