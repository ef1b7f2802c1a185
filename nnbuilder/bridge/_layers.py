"""Turning one node (layer name + config) into a Keras layer object."""

from __future__ import annotations

from nnbuilder.errors import BuildError

WRAPPER_KEYS = ("layer", "backward_layer")


def keras_class(layer: str):
    """The `keras.layers` class called `layer`, or None."""
    import keras

    if not layer.isidentifier() or layer.startswith("_"):
        return None
    cls = getattr(keras.layers, layer, None)
    if isinstance(cls, type) and issubclass(cls, keras.layers.Layer):
        return cls
    return None


def layer_kwargs(layer: str, config: dict) -> dict:
    """Constructor arguments for `layer`, nested layer configs made into layers."""
    kwargs = dict(config)
    if layer == "Bidirectional":
        for key in WRAPPER_KEYS:
            inner = kwargs.get(key)
            if isinstance(inner, dict):
                kwargs[key] = make_layer(
                    inner["class_name"], inner.get("config", {}), inner.get("config", {}).get("name")
                )
    return kwargs


def make_layer(layer: str, config: dict, name: str | None):
    """Instantiate the Keras layer for one node (not Input, which is a tensor)."""
    cls = keras_class(layer)
    if cls is None:
        raise BuildError(f"unknown layer type {layer!r}: keras.layers has no such layer", node=name)
    kwargs = layer_kwargs(layer, config)
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


def call_layer(layer: str, obj, inputs: list):
    """Call a layer on its input tensors the way its `call` expects them."""
    from nnbuilder.catalog import call_style

    style = call_style(layer, len(inputs))
    if style == "positional":
        return obj(*inputs)
    return obj(inputs[0]) if style == "single" else obj(inputs)
