"""Layers nested in a file's configuration (a wrapper's layer, an RNN's cells) are built by the same
safe rules as nodes, and objects nested under a role come from that role's Keras module. Keras models
with wrappers and cells import in the short nested form, rebuild the same layers and export code that
runs on its own; files holding nested layers as Keras serialized them load in that form too."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnbuilder import Project, build, check, export_code, from_keras
from nnbuilder.document.safe_layers import LAYER_KEYS
from nnbuilder.errors import ProjectError
from tests.roundtrip import assert_round_trip, layer_signature, padded_ids, sample_inputs
from tests.standalone import run_exported


def _project(layer, config, shape):
    nodes = [{"id": "x", "layer": "Input", "config": {"shape": shape}}, {"id": "w", "layer": layer, "config": config}]
    model = {"nodes": nodes, "edges": [{"source": "x", "target": "w"}]}
    return Project.from_dict({"format": "nnbuilder", "version": 1, "models": {"model": model}})


CELL = {"class_name": "SimpleRNNCell", "config": {"units": 3}}


@pytest.mark.parametrize(
    ("layer", "config", "shape", "params"),
    [
        ("TimeDistributed", {"layer": {"class_name": "Dense", "config": {"units": 3}}}, [5, 4], 15),
        ("RNN", {"cell": CELL}, [5, 4], 4 * 3 + 3 * 3 + 3),
        ("RNN", {"cell": [CELL, {"class_name": "GRUCell", "config": {"units": 2}}]}, [5, 4], 24 + 42),
    ],
)
def test_nested_layers_check_and_build_alike(layer, config, shape, params):
    project = _project(layer, config, shape)
    result = check(project)
    assert result.ok, [str(p) for p in result.errors]
    model = build(project)
    assert model.count_params() == params == result.totals("model")[0]
    assert tuple(model.output_shape) == result.models["model"]["w"].output_shape


@pytest.mark.parametrize(
    "nested",
    [
        {"layer": {"class_name": "TFSMLayer", "config": {"filepath": "/tmp/model"}}},
        {"layer": {"class_name": "Lambda", "config": {"function": "print"}}},
        {"layer": {"class_name": "Dense", "module": "keras.initializers", "config": {"units": 3}}},
    ],
)
def test_a_wrapper_cannot_smuggle_a_layer_in(nested):
    with pytest.raises(ProjectError, match="node 'w' is refused"):
        _project("TimeDistributed", nested, [5, 4])


def test_an_initializer_must_come_from_keras_initializers():
    smuggled = {"units": 2, "kernel_initializer": {"class_name": "Identity", "module": "keras.layers", "config": {}}}
    with pytest.raises(ProjectError, match="not keras.initializers"):
        _project("Dense", smuggled, [4])
    fine = {"units": 2, "kernel_initializer": {"class_name": "GlorotUniform", "module": "keras.initializers"}}
    assert check(_project("Dense", fine, [4])).ok


# ------------------------------------------------------------ Keras models with nested layers


def _keras():
    import keras

    return keras, keras.layers


def _sequence_model(wrapped, shape=(5, 3)):
    keras, layers = _keras()
    x = keras.Input(shape, name="x")
    return keras.Model(x, layers.Dense(2, name="head")(layers.Flatten(name="flat")(wrapped(x))))


def _bidirectional():
    _, layers = _keras()
    return _sequence_model(layers.Bidirectional(layers.LSTM(4, return_sequences=True), name="both"))


def _bidirectional_with_backward_layer():
    _, layers = _keras()
    backward = layers.GRU(4, return_sequences=True, go_backwards=True)
    return _sequence_model(layers.Bidirectional(layers.LSTM(4, return_sequences=True), backward_layer=backward))


def _time_distributed_dense():
    _, layers = _keras()
    return _sequence_model(layers.TimeDistributed(layers.Dense(3, activation="relu"), name="each_step"))


def _time_distributed_conv():
    _, layers = _keras()
    return _sequence_model(layers.TimeDistributed(layers.Conv2D(2, 3), name="each_frame"), shape=(4, 8, 8, 3))


def _rnn_of_a_cell():
    _, layers = _keras()
    return _sequence_model(layers.RNN(layers.LSTMCell(4), name="loop"))


def _rnn_of_stacked_cells():
    _, layers = _keras()
    cells = layers.StackedRNNCells([layers.LSTMCell(4), layers.GRUCell(3, reset_after=False)])
    return _sequence_model(layers.RNN(cells, return_sequences=True, name="stack"))


def _masked_time_distributed():
    keras, layers = _keras()
    tokens = keras.Input((7,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 4, mask_zero=True, name="embed")(tokens)
    x = layers.TimeDistributed(layers.Dense(3), name="each_step")(x)
    return keras.Model(tokens, layers.LSTM(2, name="lstm")(x))


NESTED_MODELS = {
    "bidirectional": _bidirectional,
    "bidirectional_with_backward_layer": _bidirectional_with_backward_layer,
    "time_distributed_dense": _time_distributed_dense,
    "time_distributed_conv2d": _time_distributed_conv,
    "rnn_of_a_cell": _rnn_of_a_cell,
    "rnn_of_stacked_cells": _rnn_of_stacked_cells,
    "masked_time_distributed": _masked_time_distributed,
}


def _nested_configs(project):
    return [node.config for node in project.graph.nodes if LAYER_KEYS & node.config.keys()]


@pytest.mark.parametrize("case", list(NESTED_MODELS))
def test_a_model_with_nested_layers_round_trips(case):
    model = NESTED_MODELS[case]()
    if case == "masked_time_distributed":  # token ids: the round trip with padded integer inputs
        project = Project.from_dict(from_keras(model).to_dict())
        assert check(project).ok
        rebuilt = build(project)
        assert layer_signature(rebuilt) == layer_signature(model)
        assert rebuilt.get_layer("lstm")._inbound_nodes[0].arguments.kwargs.get("mask") is not None
        rebuilt.set_weights(model.get_weights())
        data = padded_ids()
        np.testing.assert_allclose(rebuilt.predict(data, verbose=0), model.predict(data, verbose=0), atol=1e-5)
    else:
        project = assert_round_trip(model)
    nested = _nested_configs(project)
    assert nested
    text = json.dumps(nested)
    for written_by_keras in ('"module"', '"registered_name"', '"build_config"', '"name"', "DTypePolicy"):
        assert written_by_keras not in text


def test_bidirectional_leaves_out_what_it_sets_itself():
    (config,) = _nested_configs(from_keras(_bidirectional()))
    assert config == {"layer": {"class_name": "LSTM", "config": {"units": 4, "return_sequences": True}}}
    (config,) = _nested_configs(from_keras(_bidirectional_with_backward_layer()))
    backward = {"units": 4, "return_sequences": True, "go_backwards": True}
    assert config["backward_layer"] == {"class_name": "GRU", "config": backward}
    assert config["layer"] == {"class_name": "LSTM", "config": {"units": 4, "return_sequences": True}}


def test_a_backward_layer_that_mirrors_the_forward_one_is_left_out():
    _, layers = _keras()
    mirror = layers.LSTM(4, return_sequences=True, go_backwards=True)
    model = _sequence_model(layers.Bidirectional(layers.LSTM(4, return_sequences=True), backward_layer=mirror))
    (config,) = _nested_configs(assert_round_trip(model))
    assert set(config) == {"layer"}


def test_stacked_cells_keep_their_own_settings():
    (config,) = _nested_configs(from_keras(_rnn_of_stacked_cells()))
    cells = config["cell"]["config"]["cells"]
    assert cells == [
        {"class_name": "LSTMCell", "config": {"units": 4}},
        {"class_name": "GRUCell", "config": {"units": 3, "reset_after": False}},
    ]


def test_exports_with_nested_layers_run_without_nnbuilder(tmp_path):
    models = {case: make() for case, make in NESTED_MODELS.items()}
    codes = {case: export_code(from_keras(model)) for case, model in models.items()}
    for case, code in codes.items():
        assert '{"module"' not in code and "{'module'" not in code, case
        assert "layers.TimeDistributed(" in code or "layers.Bidirectional(" in code or "layers.RNN(" in code, case
    for case, loaded in run_exported(codes, tmp_path).items():
        if case != "masked_time_distributed":  # a chain exports as Sequential, which lists no mask operation
            assert layer_signature(loaded) == layer_signature(models[case]), case
        assert loaded.count_params() == models[case].count_params()
        loaded.set_weights(models[case].get_weights())
        data = padded_ids() if case == "masked_time_distributed" else sample_inputs(models[case])[0]
        np.testing.assert_allclose(loaded.predict(data, verbose=0), models[case].predict(data, verbose=0), atol=1e-5)


def test_a_file_with_nested_layers_as_keras_serialized_them_loads_cleaned():
    policy = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}
    raw = {
        "module": "keras.layers",
        "class_name": "Dense",
        "config": {"name": "dense", "trainable": True, "dtype": policy, "units": 3, "activation": "linear"},
        "registered_name": None,
        "build_config": {"input_shape": [None, 4]},
    }
    project = _project("TimeDistributed", {"layer": raw}, [5, 4])
    config = project.graph.node("w").config
    assert config == {
        "layer": {
            "class_name": "Dense",
            "config": {"trainable": True, "dtype": "float32", "units": 3, "activation": "linear"},
        }
    }
    assert check(project).ok
    assert build(project).count_params() == 15
    cells = {"class_name": "StackedRNNCells", "config": {"name": "s", "cells": [dict(raw, class_name="LSTMCell")]}}
    cells["config"]["cells"][0]["config"] = {"name": "c", "units": 2, "dtype": policy}
    project = _project("RNN", {"cell": cells}, [5, 4])
    inner = project.graph.node("w").config["cell"]
    assert inner == {
        "class_name": "StackedRNNCells",
        "config": {"cells": [{"class_name": "LSTMCell", "config": {"units": 2, "dtype": "float32"}}]},
    }
    assert check(project).ok


def test_a_bidirectional_in_a_file_may_set_zero_output_for_mask():
    inner = {"class_name": "LSTM", "config": {"units": 4, "return_sequences": True, "zero_output_for_mask": True}}
    project = _project("Bidirectional", {"layer": inner}, [5, 3])
    result = check(project)
    assert result.ok, [str(p) for p in result.errors]
    assert build(project).count_params() == result.totals("model")[0]
    assert check(_project("LSTM", {"units": 2, "zero_output_for_mask": True}, [5, 3])).ok


def test_cleaning_keeps_what_keras_would_not_have_written():
    from nnbuilder.document.nested_layers import clean_nested_layers

    foreign = {"layer": {"class_name": "Dense", "module": "my_package.layers", "config": {"name": "d", "units": 2}}}
    assert clean_nested_layers(foreign) is foreign
    renamed = {"layer": {"class_name": "Dense", "registered_name": "my>Dense", "config": {"units": 2}}}
    assert clean_nested_layers(renamed) is renamed
    plain = {"layer": {"class_name": "Dense", "config": {"units": 2}}, "units": 3}
    assert clean_nested_layers(plain) is plain
    with pytest.raises(ProjectError, match="my_package.layers"):
        _project("TimeDistributed", foreign, [5, 4])
