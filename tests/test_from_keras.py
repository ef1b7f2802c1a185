"""from_keras(): Keras models to projects and back, same layers, configs and outputs."""

import numpy as np
import pytest

from nnbuilder import UnsupportedModelError, build, check, from_keras
from tests.roundtrip import assert_round_trip


def _keras():
    import keras

    return keras, keras.layers


def test_sequential_round_trip():
    keras, layers = _keras()
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(8, 3, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-3)),
            layers.BatchNormalization(),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dropout(0.25),
            layers.Dense(10, activation="softmax", kernel_initializer="he_normal"),
        ],
        name="seq",
    )
    project = assert_round_trip(model)
    conv = project.models["seq"].nodes[1]
    assert conv.config == {
        "filters": 8,
        "kernel_size": [3, 3],
        "activation": "relu",
        "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.001}},
    }


def test_functional_with_branches_merges_and_two_outputs():
    keras, layers = _keras()
    a = keras.Input((16,), name="a")
    b = keras.Input((10, 4), name="b")
    x = layers.Dense(8, activation="tanh")(a)
    y = layers.Bidirectional(layers.LSTM(6, return_sequences=False))(b)
    z = layers.Concatenate()([x, y])
    out1 = layers.Dense(1, activation="sigmoid", name="yes")(z)
    out2 = layers.Dense(3, name="score")(layers.Add()([x, layers.Dense(8)(y)]))
    model = keras.Model([a, b], [out2, out1], name="two_heads")
    project = assert_round_trip(model)
    graph = project.models["two_heads"]
    assert graph.output_ids() == ["score", "yes"]
    bidi = next(n for n in graph.nodes if n.layer == "Bidirectional")
    assert bidi.config == {"layer": {"class_name": "LSTM", "config": {"units": 6}}}


def test_shared_layer_and_nested_model():
    keras, layers = _keras()
    encoder = keras.Sequential([keras.Input((12,)), layers.Dense(6, activation="relu")], name="encoder")
    shared = layers.Dense(4, name="shared")
    left = keras.Input((12,), name="left")
    right = keras.Input((12,), name="right")
    l_code = shared(encoder(left))
    r_code = shared(encoder(right))
    out = layers.Dot(axes=1, normalize=True)([l_code, r_code])
    model = keras.Model([left, right], out, name="siamese")
    project = assert_round_trip(model)
    assert set(project.models) == {"siamese", "encoder"}
    graph = project.models["siamese"]
    sharing = [n for n in graph.nodes if n.shares]
    assert [(n.shares, n.layer) for n in sharing] == [("shared", "Dense")]
    assert [n.model for n in graph.nodes if n.layer == "Model"] == ["encoder", "encoder"]
    assert sum(check(project).totals("siamese")) == model.count_params()


def test_attention_call_order_is_kept():
    keras, layers = _keras()
    q = keras.Input((5, 8), name="q")
    v = keras.Input((7, 8), name="v")
    out = layers.MultiHeadAttention(2, 4, name="mha")(query=q, value=v, key=v)
    model = keras.Model([q, v], out, name="attn")
    project = assert_round_trip(model)
    edges = sorted((e.port, e.source) for e in project.models["attn"].edges if e.target == "mha")
    assert edges == [(0, "q"), (1, "v"), (2, "v")]


def test_positions_are_layered_top_to_bottom():
    keras, layers = _keras()
    a = keras.Input((4,), name="a")
    left, right = layers.Dense(2, name="l")(a), layers.Dense(2, name="r")(a)
    model = keras.Model(a, layers.Add(name="sum")([left, right]))
    graph = from_keras(model).graph
    pos = {n.id: n.pos for n in graph.nodes}
    assert pos["a"][1] < pos["l"][1] == pos["r"][1] < pos["sum"][1]
    assert pos["l"][0] != pos["r"][0]


def test_lambda_and_subclassed_models_are_refused_by_name():
    keras, layers = _keras()
    x = keras.Input((3,))
    model = keras.Model(x, layers.Lambda(lambda t: t * 2, name="double")(x))
    with pytest.raises(UnsupportedModelError, match="layer 'double': Lambda layers hold Python code"):
        from_keras(model)

    class Custom(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(UnsupportedModelError, match="subclassed"):
        from_keras(Custom())
    with pytest.raises(UnsupportedModelError, match="expected a keras.Model"):
        from_keras("not a model")


def test_outputs_equal_after_weight_copy():
    keras, layers = _keras()
    x = keras.Input((6, 6, 3))
    y = layers.SeparableConv2D(4, 3, padding="same")(x)
    y = layers.PReLU()(y)
    y = layers.GlobalAveragePooling2D()(y)
    model = keras.Model(x, layers.Dense(2)(y))
    rebuilt = build(from_keras(model))
    rebuilt.set_weights(model.get_weights())
    data = np.random.default_rng(1).normal(size=(3, 6, 6, 3)).astype("float32")
    np.testing.assert_allclose(rebuilt.predict(data, verbose=0), model.predict(data, verbose=0), atol=1e-5)
