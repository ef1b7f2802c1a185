"""The layer catalog: one spec per Keras layer class, grouped by category.

`get_spec(name)` finds a curated spec; `nnbuilder.bridge.introspect.resolve(name)` also reads any
other `keras.layers` class from its constructor signature (importing Keras then).
"""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog import (
    activations,
    applications,
    attention,
    bidirectional,
    convolutional,
    core,
    helper_layers,
    merging,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
)
from nnbuilder.catalog._spec import Inferred, LayerProblem, LayerSpec
from nnbuilder.document.params import REQUIRED, Param, validate_value

CATEGORIES = {
    "core": ("Core", "核心"),
    "convolutional": ("Convolution", "卷积"),
    "pooling": ("Pooling", "池化"),
    "reshaping": ("Reshaping", "变形"),
    "recurrent": ("Recurrent", "循环"),
    "normalization": ("Normalization", "归一化"),
    "regularization": ("Regularization", "正则化"),
    "activations": ("Activations", "激活"),
    "merging": ("Merging", "合并"),
    "preprocessing": ("Preprocessing", "预处理"),
    "attention": ("Attention", "注意力"),
    "applications": ("Pretrained backbones", "预训练骨干网络"),
    "other": ("Other Keras layers", "其他 Keras 层"),
}

_SPECS: dict[str, LayerSpec] = {}
for _module in (
    core,
    convolutional,
    pooling,
    reshaping,
    recurrent,
    bidirectional,
    normalization,
    regularization,
    activations,
    merging,
    preprocessing,
    attention,
    helper_layers,
    applications,
):
    for _spec in _module.SPECS:
        if _spec.name in _SPECS:
            raise RuntimeError(f"duplicate layer spec {_spec.name}")
        if _spec.category not in CATEGORIES:
            raise RuntimeError(f"{_spec.name}: unknown category {_spec.category}")
        _SPECS[_spec.name] = _spec


def specs() -> dict[str, LayerSpec]:
    """All curated specs by Keras class name, in palette order."""
    return dict(_SPECS)


def get_spec(name: str) -> LayerSpec | None:
    """The curated spec of a Keras layer class, or None."""
    return _SPECS.get(name)


POSITIONAL_CALLS = {"MultiHeadAttention"}  # call(query, value, key)


def call_style(layer: str, inputs: int) -> str:
    """How a layer is called on its inputs: "single" (x), "list" ([a, b]) or "positional" (q, v)."""
    if layer in POSITIONAL_CALLS:
        return "positional"
    spec = _SPECS.get(layer)
    takes_list = spec is not None and (spec.inputs[1] is None or spec.inputs[1] > 1)
    return "single" if inputs == 1 and not takes_list else "list"


def palette() -> list[dict[str, Any]]:
    """The palette for the editor: categories with their layers, JSON-ready."""
    out = []
    for key, (en, zh) in CATEGORIES.items():
        entries = [s.to_dict() for s in _SPECS.values() if s.category == key and s.palette]
        if entries:
            out.append({"category": key, "label": {"en": en, "zh": zh}, "layers": entries})
    return out


__all__ = [
    "CATEGORIES",
    "REQUIRED",
    "Inferred",
    "LayerProblem",
    "LayerSpec",
    "Param",
    "call_style",
    "get_spec",
    "palette",
    "specs",
    "validate_value",
]
