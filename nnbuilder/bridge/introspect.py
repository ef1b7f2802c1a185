"""Specs for keras.layers classes outside the catalog, read from their signature."""

from __future__ import annotations

import functools
import inspect

from nnbuilder.bridge._layers import (
    call_layer,
    count_weights,
    keras_class,
    make_layer,
    trace_initializers,
    without_weights,
)
from nnbuilder.catalog import get_spec
from nnbuilder.catalog._spec import Inferred, LayerProblem, LayerSpec
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
    return LayerSpec(name, "other", name, (1, None), tuple(params), doc, doc, _infer_with_keras(name))


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


def infer_with_keras(name: str, config: dict, inputs: list, trust: bool = False) -> Inferred:
    """Let Keras build the layer on symbolic inputs: exact shapes and counts, no weight allocated.

    Each weight's initializer is traced too, so one that does not fit its weight
    (identity on a 3-D kernel) is reported.
    """
    import keras  # deferred: Keras loads only when a layer is built

    try:
        with without_weights():
            layer = make_layer(name, config, None, trust=trust)
            out = call_layer(name, layer, [keras.KerasTensor(tuple(s)) for s in inputs])
            trace_initializers(layer)
    except BuildError as exc:
        raise LayerProblem("keras", Words("keras_detail", {"detail": exc.detail})) from None
    except Exception as exc:
        raise LayerProblem("keras", say("keras_refused", layer=name, reason=first_line(exc))) from None
    if isinstance(out, (list, tuple)):
        raise LayerProblem("multi_output", say("keras_several", layer=name))
    trainable, frozen = count_weights(layer)
    return Inferred(tuple(out.shape), trainable, frozen)
