"""What the document needs to know about layers, handed in from the layer catalog above it.

Reading a project checks each node's arguments and which layers a file may build, but the layer
specs live in `nnbuilder.catalog`, which builds on this package. So the catalog's answers are
handed in (`use`), once, by the package's `__init__` before anything is read.
"""

from __future__ import annotations

from typing import Any, Protocol


class LayerRules(Protocol):
    def knows(self, layer: str) -> bool:
        """True for the layers the catalog describes."""

    def argument_problem(self, layer: str, key: str, value: Any) -> str | None:
        """Why `value` does not suit argument `key` of a catalog layer; None when it does or the layer
        is not in the catalog."""

    def object_names(self, role: str) -> set[str]:
        """The initializer, regularizer or constraint names (`role`) a project may use."""


_rules: LayerRules | None = None


def use(rules: LayerRules) -> None:
    """Hand in the catalog's answers (done by `nnbuilder/__init__.py`)."""
    global _rules
    _rules = rules


def rules() -> LayerRules:
    if _rules is None:
        raise RuntimeError("nnbuilder.document has no layer rules yet: they are handed in when nnbuilder is imported")
    return _rules
