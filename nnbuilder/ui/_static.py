"""The built browser files in nnbuilder/static/.

anywidget takes `_esm` and `_css` as text or as a path to a file, but it reads a path only
when it is a class attribute, at class creation (so a missing build would fail the import).
Each widget sets them on the instance when it is made, and an instance value is used as it
is, so it must be the text: `bundle_text` reads it, or says how to build what is missing.
"""

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
