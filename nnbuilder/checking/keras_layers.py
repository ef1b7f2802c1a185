"""How checking asks Keras about layers outside the catalog.

Checking sits below the Keras bridge (whose `build` checks a project first), so the bridge's
introspection is handed in with `use`, once, by the package's `__init__`. Keras itself loads only
when a layer outside the catalog is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnbuilder.catalog._spec import Config, Inferred, LayerSpec, Shape

_bridge: dict[str, Callable[..., Any]] = {}


def use(
    introspect: Callable[[str], LayerSpec | None],
    infer_with_keras: Callable[[str, Config, list[Shape], bool], Inferred],
) -> None:
    """Hand in `nnbuilder.bridge.introspect`'s functions (done by `nnbuilder/__init__.py`)."""
    _bridge.update(introspect=introspect, infer_with_keras=infer_with_keras)


def _function(name: str) -> Callable[..., Any]:
    if name not in _bridge:
        raise RuntimeError("nnbuilder.checking cannot reach Keras yet: the bridge is handed in by `import nnbuilder`")
    return _bridge[name]


def introspect(layer: str) -> LayerSpec | None:
    """The spec read from `keras.layers.<layer>`, or None when Keras has no such layer."""
    spec: LayerSpec | None = _function("introspect")(layer)
    return spec


def infer_with_keras(layer: str, config: Config, inputs: list[Shape], trust: bool = False) -> Inferred:
    """Let Keras build the layer on symbolic inputs (see `nnbuilder.bridge.introspect`)."""
    inferred: Inferred = _function("infer_with_keras")(layer, config, inputs, trust)
    return inferred
