"""The built browser files in nnbuilder/static/ (anywidget wants their text, not a path)."""

from __future__ import annotations

from pathlib import Path

from nnbuilder.errors import NNBuilderError

STATIC = Path(__file__).resolve().parent.parent / "static"


def bundle_text(name: str) -> str:
    """The text of one built file, or a clear error saying how to build it."""
    path = STATIC / name
    if not path.exists():
        raise NNBuilderError(
            f"the widgets' browser code is missing ({name}): build it with `make setup` "
            "or `pip install .` (both need Node.js and npm)"
        )
    return path.read_text(encoding="utf-8")
