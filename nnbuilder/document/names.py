"""Names derived from user text: Keras layer names for node ids, Python names for generated code.

Node ids and model names stay whatever the user typed; these rules turn them into names
Keras (on every backend) and Python accept. Text that is already a valid name stays as it is.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from nnbuilder.document.model_graph import Graph

# TensorFlow's scope-name rule, without '/' (Keras keeps it for nesting).
_KERAS_NAME = re.compile(r"[A-Za-z0-9.][A-Za-z0-9_.\->]*\Z")
_KERAS_CHAR = re.compile(r"[A-Za-z0-9_.\->]")
_PYTHON_CHAR = re.compile(r"[A-Za-z0-9_]")
MODEL_LAYER = "Model"  # the layer of a node that calls another model of the project (as in document.validation)

# Python names an exported script must never rebind: its imports and every builtin.
_SCRIPT_NAMES = {"argparse", "keras", "layers", "ops", "np", "numpy", "model", "inputs", "outputs"}
PYTHON_RESERVED = frozenset(dir(builtins)) | _SCRIPT_NAMES


def is_keras_name(text: object) -> bool:
    """Whether `text` is usable as it is as a Keras layer, input or model name."""
    return isinstance(text, str) and _KERAS_NAME.match(text) is not None


def _ascii_form(text: str, allowed: re.Pattern[str], fallback: str) -> str:
    """`text` with each character outside `allowed` made '_' and a short stable digest
    added when non-ASCII characters were dropped, so different texts stay apart."""
    chars = [ch if allowed.match(ch) else "_" for ch in text]
    base = re.sub(r"_+", "_", "".join(chars)).strip("_")
    if not text.isascii():
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        return f"{base or fallback}_{digest}"
    return base or fallback


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`… whichever is not in `taken` (the result is added to it)."""
    candidate, stem, i = name, name.rstrip("_") or name, 2
    while candidate in taken:
        candidate = f"{stem}_{i}"
        i += 1
    taken.add(candidate)
    return candidate


def keras_name(text: str, fallback: str = "layer") -> str:
    """A Keras name for `text`: `text` itself when valid, else a readable ASCII form of it."""
    if is_keras_name(text):
        return text
    return _ascii_form(text, _KERAS_CHAR, fallback).lstrip("_->") or fallback


def model_names(names: Iterable[str]) -> dict[str, str]:
    """Model name → Keras model name, unique across the project; valid names stay as they are."""
    listed = list(names)
    out = {n: n for n in listed if is_keras_name(n)}
    taken = set(out.values())
    for name in listed:
        if name not in out:
            out[name] = unique(keras_name(name, "model"), taken)
    return out


def layer_names(graph: Graph, models: dict[str, str] | None = None) -> dict[str, str]:
    """Node id → Keras layer name for every node of `graph`: unique within the model and
    deterministic. Valid ids keep their text unless a nested model already uses that name.

    `models` maps the project models used as layers to their Keras names (see `keras_name`)."""
    models = models or {}
    # a Model node always names its model (checked when the project is read)
    used = {n.id: cast(str, n.model) for n in graph.nodes if n.layer == MODEL_LAYER}
    nested = {node_id: models.get(model) or keras_name(model, "model") for node_id, model in used.items()}
    taken = set(nested.values())
    out = {n.id: n.id for n in graph.nodes if n.id not in nested and is_keras_name(n.id) and n.id not in taken}
    taken |= set(out.values())
    for node in graph.nodes:
        if node.id in nested:
            out[node.id] = nested[node.id]
        elif node.id not in out:
            out[node.id] = unique(keras_name(node.id), taken)
    return out


def python_name(text: str, taken: set[str], fallback: str = "x") -> str:
    """A fresh ASCII Python identifier from any text (added to `taken`): lower case, never a
    keyword, a builtin or one of the script's imports."""
    name = _ascii_form(text.strip(), _PYTHON_CHAR, fallback).lower()
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in PYTHON_RESERVED:
        name = f"{name}_"
    return unique(name, taken)
