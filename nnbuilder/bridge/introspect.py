"""Specs for keras.layers classes outside the catalog, read from their signature."""

from __future__ import annotations

import functools
import inspect

from nnbuilder.bridge._layers import (
    call_kwargs,
    call_layer,
    count_weights,
    keras_class,
    make_layer,
    trace_initializers,
    without_weights,
)
from nnbuilder.catalog import get_spec
from nnbuilder.catalog._spec import Inferred, LayerProblem, LayerSpec, TensorArg
from nnbuilder.document.params import REQUIRED, Param
from nnbuilder.errors import BuildError, first_line
from nnbuilder.locale.problem_words import Words, say

_HIDDEN = {"self", "name", "trainable", "dtype", "autocast", "kwargs"}


@functools.lru_cache(maxsize=256)
def introspect(name: str) -> LayerSpec | None:
    """A generic spec for `keras.layers.<name>`, or None if there is no such layer."""
    cls = keras_class(name)
    if cls is None:
        return None
    params = []
    for p in inspect.signature(cls.__init__).parameters.values():
        if p.name in _HIDDEN or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        default = REQUIRED if p.default is p.empty else _jsonable(p.default)
        params.append(Param(p.name, "any", default, nullable=True))
    doc = (inspect.getdoc(cls) or name).strip().splitlines()[0]
    call_names = _call_arguments(cls)
    return LayerSpec(
        name,
        "other",
        name,
        (1, None),
        tuple(params),
        doc,
        doc,
        _infer_with_keras(name),
        call_params=tuple(Param(n, "any", None, nullable=True) for n in call_names),
        tensor_args=tuple(TensorArg(n, 1, None) for n in call_names),
    )


def _call_arguments(cls) -> list[str]:
    """Names of the arguments of `cls.call` after its inputs (the first one), `training` aside (every
    layer takes it). Either a value (a node's `call`) or tensors (edges that name it) may go to each."""
    try:
        signature = inspect.signature(cls.call)
    except (TypeError, ValueError):
        return []
    named = [
        p.name
        for p in signature.parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]
    return [n for n in named[1:] if n != "training"]


def resolve(name: str) -> LayerSpec | None:
    """A curated spec, or one read from `keras.layers.<name>` (imports Keras)."""
    spec = get_spec(name)
    return spec if spec is not None else introspect(name)


def _jsonable(value):
    if isinstance(value, tuple):
        return list(value)
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return None


def _infer_with_keras(name: str):
    def infer(cfg, inputs):
        defaults = introspect(name).defaults()
        config = {k: v for k, v in cfg.items() if v is not REQUIRED and (k not in defaults or defaults[k] != v)}
        return infer_with_keras(name, config, inputs)

    return infer


def infer_with_keras(
    name: str, config: dict, inputs: list, trust: bool = False, call: dict | None = None, tensors: dict | None = None
) -> Inferred:
    """Let Keras build the layer on symbolic inputs and call it with `call` and tensor arguments of the
    shapes in `tensors`: exact shapes of every output and counts, no weight allocated.

    Each weight's initializer is traced too, so one that does not fit its weight
    (identity on a 3-D kernel) is reported.
    """
    import keras  # deferred: Keras loads only when a layer is built

    symbolic = {arg: [_symbolic(arg, s) for s in shapes] for arg, shapes in (tensors or {}).items()}
    try:
        with without_weights():
            layer = make_layer(name, config, None, trust=trust)
            out = call_layer(
                name, layer, [keras.KerasTensor(tuple(s)) for s in inputs], call_kwargs(call or {}, symbolic)
            )
            trace_initializers(layer)
    except BuildError as exc:
        raise LayerProblem("keras", Words("keras_detail", {"detail": exc.detail})) from None
    except Exception as exc:
        raise LayerProblem("keras", say("keras_refused", layer=name, reason=first_line(exc))) from None
    shapes = [tuple(t.shape) for t in keras.tree.flatten(out)]
    trainable, frozen = count_weights(layer)
    return Inferred(shapes[0], trainable, frozen, more=tuple(shapes[1:]))


def _symbolic(arg: str, shape):
    """A symbolic tensor for a call argument: masks are booleans."""
    import keras

    return keras.KerasTensor(tuple(shape), dtype="bool" if "mask" in arg else "float32")
