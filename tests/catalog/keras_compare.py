"""Compare the catalog's pure-Python inference with what Keras computes."""

from __future__ import annotations

import pytest

from nnbuilder.catalog import LayerProblem, get_spec


def keras_result(layer: str, config: dict, input_shapes: list):
    """(output shape, trainable, non-trainable) as Keras computes them."""
    import keras

    from nnbuilder.bridge._layers import call_layer, count_weights, make_layer

    obj = make_layer(layer, config, None)
    out = call_layer(layer, obj, [keras.KerasTensor(tuple(s)) for s in input_shapes])
    trainable, frozen = count_weights(obj)
    return tuple(out.shape), trainable, frozen


def ours(layer: str, config: dict, input_shapes: list):
    spec = get_spec(layer)
    result = spec.infer(spec.full_config(config), [tuple(s) for s in input_shapes])
    return tuple(result.shape), result.trainable, result.non_trainable


def assert_matches_keras(layer: str, config: dict, input_shapes: list):
    """Our shape and parameter counts equal Keras' for this node."""
    assert ours(layer, config, input_shapes) == keras_result(layer, config, input_shapes)


def assert_both_refuse(layer: str, config: dict, input_shapes: list, code: str | None = None):
    """We report an error and Keras refuses to build the same node."""
    with pytest.raises(LayerProblem) as info:
        ours(layer, config, input_shapes)
    assert info.value.severity == "error"
    if code:
        assert info.value.code == code
    with pytest.raises(Exception):  # noqa: B017 - any Keras failure will do
        keras_result(layer, config, input_shapes)
    return info.value
