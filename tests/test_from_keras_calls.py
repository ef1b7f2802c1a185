"""from_keras() and the parts of a layer call that are not its input tensors: masks Keras makes by itself
are left for the rebuilt model to make again; any other call argument, and any output after a layer's
first, are carried (tests/test_call_arguments.py and the files it names); what a project cannot hold is
refused by name rather than dropped (dropping it would change what the model computes)."""

import json

import numpy as np
import pytest

from nnbuilder import Project, UnsupportedModelError, build, check, from_keras
from nnbuilder.document.project import Node
from nnbuilder.errors import ProjectError
from tests.roundtrip import assert_round_trip, layer_signature, padded_ids


def _keras():
    import keras

    return keras, keras.layers


def _assert_same_predictions(model, project, data):
    rebuilt = build(project)
    assert layer_signature(rebuilt) == layer_signature(model)
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(rebuilt.predict(data, verbose=0), model.predict(data, verbose=0), atol=1e-5)
    return rebuilt


def _gets_a_mask(model, layer: str) -> bool:
    kwargs = model.get_layer(layer)._inbound_nodes[0].arguments.kwargs
    return kwargs.get("mask") is not None


@pytest.mark.parametrize("recurrent", ["LSTM", "GRU"])
def test_an_automatic_mask_is_made_again_by_the_rebuilt_model(recurrent):
    keras, layers = _keras()
    tokens = keras.Input((7,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 4, mask_zero=True, name="embed")(tokens)
    x = getattr(layers, recurrent)(3, name="recurrent")(x)
    model = keras.Model(tokens, layers.Dense(2, name="head")(x))
    project = Project.from_dict(from_keras(model).to_dict())
    assert check(project).ok
    rebuilt = _assert_same_predictions(model, project, padded_ids())
    assert _gets_a_mask(model, "recurrent") and _gets_a_mask(rebuilt, "recurrent")


def test_a_masking_layer_and_a_bidirectional_consumer():
    keras, layers = _keras()
    series = keras.Input((6, 3), name="series")
    x = layers.Masking(0.0, name="masking")(series)
    x = layers.Bidirectional(layers.GRU(2), name="both_ways")(x)
    model = keras.Model(series, layers.Dense(1, name="head")(x))
    data = np.random.default_rng(2).normal(size=(3, 6, 3)).astype("float32")
    data[:, 4:, :] = 0.0  # padded steps, which the mask hides
    rebuilt = _assert_same_predictions(model, from_keras(model), data)
    assert _gets_a_mask(rebuilt, "both_ways")


def test_a_call_value_a_project_cannot_hold_is_refused_naming_it():
    keras, layers = _keras()
    x = keras.Input((4, 8), name="x")
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")
    model = keras.Model(x, mha(x, x, attention_mask=np.ones((1, 4, 4), dtype=bool)))
    with pytest.raises(UnsupportedModelError, match=r"layer 'mha': is called with attention_mask=.*a ndarray that a"):
        from_keras(model)


def test_a_numpy_scalar_call_value_is_carried_as_the_plain_value():
    keras, layers = _keras()
    x = keras.Input((4, 8), name="x")
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")
    model = keras.Model(x, mha(x, x, use_causal_mask=np.True_))
    node = next(n for n in next(iter(from_keras(model).models.values())).nodes if n.id == "mha")
    assert node.call == {"use_causal_mask": True} and type(node.call["use_causal_mask"]) is bool


def test_call_arguments_equal_to_their_defaults_are_left_out():
    keras, layers = _keras()
    x = keras.Input((4,), name="x")
    y = layers.Dropout(0.5, name="drop2")(x, training=False)
    mha = layers.MultiHeadAttention(num_heads=1, key_dim=2, name="mha")
    z = mha(layers.Reshape((2, 2))(y), layers.Reshape((2, 2))(y), use_causal_mask=False)
    project = assert_round_trip(keras.Model(x, layers.Flatten()(z)))
    assert all(not node.call for node in project.graph.nodes)


def test_settings_objects_keep_their_settings():
    """Constant(0.0) equals Keras's default, yet Keras cannot rebuild "constant" without its value."""
    keras, layers = _keras()
    x = keras.Input((3,), name="x")
    dense = layers.Dense(
        2,
        kernel_initializer=keras.initializers.Constant(0.0),
        bias_initializer=keras.initializers.Constant(0.5),
        kernel_regularizer=keras.regularizers.L1L2(l1=0.01),
        name="dense",
    )
    model = keras.Model(x, dense(x))
    project = assert_round_trip(model)
    config = project.models[model.name].nodes[1].config
    assert config["kernel_initializer"] == {"class_name": "Constant", "config": {"value": 0.0}}
    assert config["bias_initializer"] == {"class_name": "Constant", "config": {"value": 0.5}}
    loaded = Project.loads(project.dumps())
    assert loaded.to_dict() == project.to_dict()


def test_a_settings_object_without_its_settings_builds_with_the_defaults():
    keras, _ = _keras()
    project = Project.from_dict(
        {
            "format": "nnbuilder",
            "version": 1,
            "models": {
                "m": {
                    "nodes": [
                        {"id": "x", "layer": "Input", "config": {"shape": [3]}},
                        {
                            "id": "dense",
                            "layer": "Dense",
                            "config": {"units": 2, "bias_initializer": {"class_name": "Constant", "config": {}}},
                        },
                    ],
                    "edges": [{"source": "x", "target": "dense", "port": 0}],
                }
            },
        }
    )
    model = build(project)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(model.get_layer("dense").bias), [0.0, 0.0])


def test_save_writes_nothing_a_load_would_refuse(tmp_path):
    project = Project.loads(json.dumps({"format": "nnbuilder", "version": 1, "models": {"m": {"nodes": []}}}))
    project.models["m"].nodes.append(Node("dense", "Dense", {"units": -4}))  # edited in Python, unchecked
    target = tmp_path / "broken.nnb.json"
    with pytest.raises(ProjectError, match=r"units: expected a positive integer, got -4"):
        project.save(target)
    assert not target.exists()


def test_layers_given_a_list_still_import():
    """Keras records mask=[None, None] for a layer called on a list; that is no mask at all."""
    keras, layers = _keras()
    q = keras.Input((4, 3), name="q")
    v = keras.Input((5, 3), name="v")
    attended = layers.Attention(name="attention")([q, v])
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    pair = keras.Model([a, b], layers.Add(name="sum")([a, b]), name="pair")
    model = keras.Model([q, v], pair([layers.GlobalAveragePooling1D()(attended), layers.Flatten()(v)[:, :3]]))
    assert_round_trip(keras.Model([q, v], layers.Dense(2, name="head")(attended)))
    assert_round_trip(model)  # the slice is an operation: an Op node
    two = keras.Model([q, v], pair([layers.GlobalAveragePooling1D()(attended), layers.GlobalAveragePooling1D()(v)]))
    assert_round_trip(two)
