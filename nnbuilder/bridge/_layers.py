"""Turning one node (layer name + config) into a Keras layer object."""

from __future__ import annotations

import contextlib

from nnbuilder.catalog import call_style
from nnbuilder.catalog._spec import LIST_CALL_ARGS
from nnbuilder.catalog.helper_layers import HELPER_LAYERS
from nnbuilder.document.safe_layers import LAYER_KEYS
from nnbuilder.document.setting_choices import with_factors
from nnbuilder.document.trust import refusal_sentence, untrusted_problems
from nnbuilder.errors import BuildError


def keras_class(layer: str):
    """The `keras.layers` class called `layer`, or None."""
    import keras

    if not layer.isidentifier() or layer.startswith("_"):
        return None
    cls = getattr(keras.layers, layer, None)
    if isinstance(cls, type) and issubclass(cls, keras.layers.Layer):
        return cls
    return None


def helper_class(layer: str):
    """nnbuilder's own class for a helper layer of keras.applications models (LayerScale...), or None."""
    if layer not in HELPER_LAYERS:
        return None
    from nnbuilder.verbatim import helper_layers  # deferred: imports Keras

    return getattr(helper_layers, layer)


def layer_kwargs(layer: str, config: dict, trust: bool = False) -> dict:
    """Constructor arguments for `layer`, nested layer configs (a wrapper's layer, an RNN's cells) made into layers."""
    kwargs = {key: with_factors(value) for key, value in config.items()}
    for key in LAYER_KEYS & kwargs.keys():
        inner = kwargs[key]
        if isinstance(inner, dict) and "class_name" in inner:
            kwargs[key] = _nested_layer(inner, trust)
        elif isinstance(inner, list):
            kwargs[key] = [_nested_layer(item, trust) if isinstance(item, dict) else item for item in inner]
    return kwargs


def _nested_layer(serialized: dict, trust: bool):
    config = serialized.get("config") or {}
    return make_layer(serialized["class_name"], config, config.get("name"), trust=trust)


def make_layer(layer: str, config: dict, name: str | None, *, trust: bool = False):
    """Instantiate the Keras layer for one node (not Input, which is a tensor).

    Without `trust`, a layer that would load files, models or code is refused.
    """
    if not trust:
        for _, reason in untrusted_problems(layer, config):
            raise BuildError(refusal_sentence(name or layer, reason), node=name)
    cls = keras_class(layer) or helper_class(layer)
    if cls is None:
        raise BuildError(f"unknown layer type {layer!r}: keras.layers has no such layer", node=name)
    kwargs = layer_kwargs(layer, config, trust)
    kwargs.pop("name", None)
    if name is not None:
        kwargs["name"] = name
    return cls(**kwargs)


def make_input(config: dict, name: str | None):
    """The Keras input tensor of an Input node."""
    import keras

    kwargs = {k: v for k, v in config.items() if k in ("shape", "batch_size", "dtype", "sparse", "ragged")}
    shape = kwargs.pop("shape", None)
    if shape is None:
        raise BuildError("Input has no shape", node=name)
    return keras.Input(shape=tuple(shape), name=name, **kwargs)


@contextlib.contextmanager
def without_weights():
    """Layers made and called inside get variables with a shape but no value: nothing is allocated."""
    import keras
    from keras.src.backend.common import global_state

    pending = global_state.get_global_attribute(_PENDING)
    saved = list(pending) if pending else []
    try:
        with keras.StatelessScope(initialize_variables=False):
            yield
    finally:  # forget the variables made here, so no later initialisation allocates them
        global_state.set_global_attribute(_PENDING, saved)


_PENDING = "uninitialized_variables"


def trace_initializers(layer) -> None:
    """Run each weight's initializer symbolically (inside `without_weights`): raises when one does not fit."""
    from keras.src import backend

    for weight in layer.weights:
        init = getattr(weight, "_initializer", None)
        if callable(init):
            backend.compute_output_spec(lambda init=init, w=weight: init(w.shape, dtype=w.dtype))


def count_weights(layer) -> tuple[int, int]:
    """(trainable, non-trainable) parameter counts of a built Keras layer."""
    trainable = sum(_size(w.shape) for w in layer.trainable_weights)
    frozen = sum(_size(w.shape) for w in layer.non_trainable_weights)
    return trainable, frozen


def _size(shape) -> int:
    total = 1
    for d in shape:
        total *= int(d)
    return total


def call_layer(layer: str, obj, inputs: list, kwargs: dict | None = None):
    """Call a layer on its input tensors the way its `call` expects them, with the call's keyword
    arguments `kwargs` (JSON values and tensors of call arguments: `initial_state=[h, c]`)."""
    kwargs = kwargs or {}
    style = call_style(layer, len(inputs))
    if style == "positional":
        return obj(*inputs, **kwargs)
    return obj(inputs[0], **kwargs) if style == "single" else obj(inputs, **kwargs)


def call_kwargs(call: dict, tensors: dict[str, list]) -> dict:
    """Keyword arguments of a call: the node's JSON call arguments, then each call argument fed by edges,
    one tensor as itself and several (or any number for `initial_state`) as a list in port order."""
    out = dict(call)
    for arg, items in tensors.items():
        out[arg] = list(items) if len(items) > 1 or arg in LIST_CALL_ARGS else items[0]
    return out


def outputs_of(result) -> list:
    """A layer call's outputs as a list: one tensor, or the several a layer returns (an LSTM's states)."""
    import keras

    return list(keras.tree.flatten(result)) if isinstance(result, (list, tuple)) else [result]
