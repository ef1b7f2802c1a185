"""How checking asks Keras about layers outside the catalog.

Checking sits below the Keras bridge (whose `build` checks a project first), so the bridge's
introspection is handed in with `use`, once, by the package's `__init__`. Keras itself loads only
when a layer outside the catalog is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnbuilder.catalog._spec import ArgShapes, Config, Inferred, LayerSpec, Shape

_bridge: dict[str, Callable[..., Any]] = {}


def use(
    introspect: Callable[[str], LayerSpec | None],
    infer_with_keras: Callable[..., Inferred],
    infer_op_with_keras: Callable[..., tuple[Shape, ...]],
) -> None:
    """Hand in `nnbuilder.bridge.introspect`'s functions, and `nnbuilder.bridge.operations`' inference of
    keras.ops calls (done by `nnbuilder/__init__.py`)."""
    _bridge.update(introspect=introspect, infer_with_keras=infer_with_keras, infer_op_with_keras=infer_op_with_keras)


def _function(name: str) -> Callable[..., Any]:
    if name not in _bridge:
        raise RuntimeError("nnbuilder.checking cannot reach Keras yet: the bridge is handed in by `import nnbuilder`")
    return _bridge[name]


def introspect(layer: str) -> LayerSpec | None:
    """The spec read from `keras.layers.<layer>`, or None when Keras has no such layer."""
    spec: LayerSpec | None = _function("introspect")(layer)
    return spec


def infer_with_keras(
    layer: str,
    config: Config,
    inputs: list[Shape],
    trust: bool = False,
    call: Config | None = None,
    tensors: ArgShapes | None = None,
) -> Inferred:
    """Let Keras build the layer on symbolic inputs and call it with `call` and the tensor arguments
    of shapes `tensors` (see `nnbuilder.bridge.introspect`)."""
    inferred: Inferred = _function("infer_with_keras")(layer, config, inputs, trust, call, tensors)
    return inferred


def infer_op_with_keras(op: str, config: Config, tensors: ArgShapes) -> tuple[Shape, ...]:
    """Output shapes of `keras.ops.<op>` called on symbolic tensors of these shapes (by argument), as
    Keras works them out (see `nnbuilder.bridge.operations`); raises LayerProblem."""
    shapes: tuple[Shape, ...] = _function("infer_op_with_keras")(op, config, tensors)
    return shapes
