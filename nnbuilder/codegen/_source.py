"""Top-level definitions cut out of a module's file, for exported scripts to carry verbatim.

Read from the file with `ast`, so exporting imports neither the module nor Keras.
"""

from __future__ import annotations

import ast
from pathlib import Path


def definitions(path: Path, names: tuple[str, ...] | None = None) -> str:
    """The source of the module's top-level functions and classes (decorators included):
    those in `names`, in file order, or every one of them."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    parts = []
    for node in ast.parse(text).body:
        kinds = (ast.FunctionDef, ast.ClassDef)
        if isinstance(node, kinds) and (names is None or node.name in names):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            parts.append("\n".join(lines[start - 1 : node.end_lineno]))
    if names is not None and len(parts) != len(names):
        raise LookupError(f"{path.name} does not define all of {', '.join(names)}")
    return "\n\n\n".join(parts) + "\n"
