"""How checking asks Keras about layers outside the catalog.

Checking sits below the Keras bridge (whose `build` checks a project first), so the bridge's
introspection is handed in with `use`, once, by the package's `__init__`. Keras itself loads only
when a layer outside the catalog is checked.
"""

from __future__ import annotations

_bridge: dict = {}


def use(introspect, infer_with_keras) -> None:
    """Hand in `nnbuilder.bridge.introspect`'s functions (done by `nnbuilder/__init__.py`)."""
    _bridge.update(introspect=introspect, infer_with_keras=infer_with_keras)


def _function(name: str):
    if name not in _bridge:
        raise RuntimeError("nnbuilder.checking cannot reach Keras yet: the bridge is handed in by `import nnbuilder`")
    return _bridge[name]


def introspect(layer: str):
    """The spec read from `keras.layers.<layer>`, or None when Keras has no such layer."""
    return _function("introspect")(layer)


def infer_with_keras(layer: str, config: dict, inputs: list, trust: bool = False):
    """Let Keras build the layer on symbolic inputs (see `nnbuilder.bridge.introspect`)."""
    return _function("infer_with_keras")(layer, config, inputs, trust)
