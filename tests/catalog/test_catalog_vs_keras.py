"""Every curated spec agrees with the Keras class it describes."""

import inspect

import pytest

from nnbuilder.bridge._layers import helper_class, keras_class
from nnbuilder.catalog import get_spec, specs, validate_value
from tests.catalog.keras_compare import assert_matches_keras

# Constructor arguments that are not layer settings a user edits.
NOT_SETTINGS = {
    "self",
    "name",
    "trainable",
    "dtype",
    "autocast",
    "weights",
    "lora_rank",
    "lora_alpha",
    "quantization_config",
    "input_shape",
    "batch_input_shape",
    "input_dim_",
}

LAYERS = [name for name in specs() if name != "Input"]


def _norm(value):
    if isinstance(value, tuple):
        return [_norm(v) for v in value]
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


@pytest.mark.parametrize("name", LAYERS)
def test_spec_lists_every_keras_argument_with_its_default(name):
    spec = get_spec(name)
    cls = keras_class(name) or helper_class(name)  # helper layers: nnbuilder's own classes
    assert cls is not None, f"keras.layers has no {name}"
    signature = inspect.signature(cls.__init__).parameters
    for arg in signature.values():
        if arg.kind in (arg.VAR_KEYWORD, arg.VAR_POSITIONAL) or arg.name in NOT_SETTINGS:
            continue
        param = spec.param(arg.name)
        assert param is not None, f"{name} spec lacks Keras argument {arg.name!r}"
        if arg.default is inspect.Parameter.empty:
            assert param.required, f"{name}.{arg.name} is required in Keras"
        else:
            assert _norm(param.default) == _norm(arg.default), f"{name}.{arg.name} default"
    through_kwargs = {"activity_regularizer", "zero_output_for_mask"}  # base-class arguments taken by **kwargs
    extra = {p.name for p in spec.params} - set(signature) - through_kwargs
    assert not extra, f"{name} spec has arguments Keras does not take: {extra}"


@pytest.mark.parametrize("name", LAYERS)
def test_spec_has_help_starter_and_sample(name):
    spec = get_spec(name)
    assert spec.help_en and spec.help_zh and spec.display
    assert spec.sample_inputs, f"{name} needs sample_inputs"
    for param in spec.params:
        if param.required:
            assert param.name in spec.starter, f"{name} starter lacks required {param.name}"
    for key, value in spec.starter.items():
        assert validate_value(spec.param(key), value) is None, f"{name}.{key}={value!r}"


@pytest.mark.parametrize("name", LAYERS)
def test_starter_node_matches_keras(name):
    spec = get_spec(name)
    assert_matches_keras(name, spec.starter, list(spec.sample_inputs))


def _without_names(config):
    if isinstance(config, dict):
        return {k: _without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_without_names(v) for v in config]
    return config


@pytest.mark.parametrize("name", LAYERS)
def test_config_round_trip_spec_to_keras_to_spec(name):
    """starter config -> Keras layer -> get_config -> project config: valid, and the same layer again."""
    from nnbuilder.bridge._config import compact_config
    from nnbuilder.bridge._layers import make_layer
    from nnbuilder.document.validation import config_problems

    spec = get_spec(name)
    layer = make_layer(name, spec.starter, None)
    config = compact_config(layer)
    assert config_problems(name, config) == [], config
    again = make_layer(name, config, None)
    assert _without_names(again.get_config()) == _without_names(layer.get_config())
    for key, value in config.items():
        param = spec.param(key)
        assert param.required or param.default != value, f"{name}.{key}: a default value was kept"
