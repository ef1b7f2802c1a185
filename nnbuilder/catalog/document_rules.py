"""The catalog's answers to what reading a project asks about layers (`nnbuilder.document.layer_rules`)."""

from __future__ import annotations

import difflib
from typing import Any

from nnbuilder.catalog import get_spec
from nnbuilder.document.params import refusal
from nnbuilder.document.setting_choices import OBJECT_TABLES


def knows(layer: str) -> bool:
    """True for the layers the catalog describes."""
    return get_spec(layer) is not None


def argument_problem(layer: str, key: str, value: Any) -> str | None:
    """Why `value` does not suit argument `key` of a catalog layer; None when it does or the layer is
    not in the catalog (Keras judges those)."""
    spec = get_spec(layer)
    if spec is None:
        return None
    param = spec.param(key)
    if param is None:
        close = difflib.get_close_matches(key, [p.name for p in spec.params], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{layer} has no argument {key!r}{hint}"
    return refusal(param, value)


def object_names(role: str) -> set[str]:
    """Names of the initializers, regularizers or constraints (`role`) nnbuilder knows: table keys and
    Keras class names."""
    table = OBJECT_TABLES[role]
    return set(table) | {name for name, _ in table.values()}
