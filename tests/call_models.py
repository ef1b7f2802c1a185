"""Keras models whose layers are called with more than their input tensors (call arguments, tensors passed by
keyword) or give more than one output, and what their tests share: the import through the file form, the
rebuilt model's predictions, the edges into a node and small projects written by hand."""

from __future__ import annotations

import numpy as np

from nnbuilder import Project, build, from_keras
from nnbuilder.document.project import Graph
from tests.roundtrip import layer_signature


def _keras():
    import keras

    return keras, keras.layers


def causal_attention():
    keras, layers = _keras()
    x = keras.Input((5, 8), name="x")
    y = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(x, x, use_causal_mask=True)
    return keras.Model(x, layers.Dense(3, name="head")(y), name="causal")


def masked_attention():
    keras, layers = _keras()
    x = keras.Input((4, 6), name="x")
    allowed = keras.Input((4, 4), dtype="bool", name="allowed")
    y = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(x, x, attention_mask=allowed)
    return keras.Model([x, allowed], y, name="masked")


def seq2seq(recurrent="LSTM"):
    keras, layers = _keras()
    src = keras.Input((5, 3), name="src")
    tgt = keras.Input((6, 3), name="tgt")
    make = getattr(layers, recurrent)
    enc, *states = make(4, return_state=True, name="enc")(src)
    dec = make(4, return_sequences=True, name="dec")(tgt, initial_state=states)
    return keras.Model([src, tgt], layers.Dense(2, name="head")(dec), name=f"seq2seq_{recurrent.lower()}")


def attention_scores():
    keras, layers = _keras()
    x = keras.Input((4, 8), name="x")
    out, scores = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(x, x, return_attention_scores=True)
    return keras.Model(x, [out, scores], name="scores")


def bidirectional_unmerged():
    keras, layers = _keras()
    x = keras.Input((5, 3), name="x")
    forward, backward = layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode=None, name="bi")(x)
    joined = layers.Concatenate(name="joined")([forward, backward])
    return keras.Model(x, layers.Dense(2, name="head")(joined), name="unmerged")


def bidirectional_states():
    keras, layers = _keras()
    x = keras.Input((5, 3), name="x")
    out, h_forward, c_forward, h_backward, c_backward = layers.Bidirectional(
        layers.LSTM(3, return_state=True), name="bi"
    )(x)
    joined = layers.Concatenate(name="joined")([out, h_forward, c_backward])
    return keras.Model(x, layers.Dense(2, name="head")(joined), name="bi_states")


def mask_by_hand():
    keras, layers = _keras()
    x = keras.Input((5, 3), name="x")
    keep = keras.Input((5,), dtype="bool", name="keep")
    y = layers.LSTM(2, name="lstm")(x, mask=keep)
    return keras.Model([x, keep], y, name="masked_lstm")


def dropout_in_inference():
    keras, layers = _keras()
    x = keras.Input((40,), name="x")
    return keras.Model(x, layers.Dropout(0.5, name="drop")(x, training=True), name="mc_dropout")


def two_output_submodel():
    keras, layers = _keras()
    i = keras.Input((4,), name="i")
    inner = keras.Model(i, [layers.Dense(2, name="a")(i), layers.Dense(3, name="b")(i)], name="inner")
    x = keras.Input((4,), name="x")
    first, second = inner(x)
    joined = layers.Concatenate(name="joined")([first, second])
    return keras.Model(x, layers.Dense(1, name="head")(joined), name="outer")


def dot_attention():
    """A layer outside the catalog: its call arguments and its outputs come from Keras itself."""
    keras, layers = _keras()
    q = keras.Input((4, 3), name="q")
    v = keras.Input((6, 3), name="v")
    out, scores = layers.Attention(name="attention")([q, v], use_causal_mask=True, return_attention_scores=True)
    return keras.Model([q, v], [out, scores], name="dot")


CALL_MODELS = {
    "causal": causal_attention,
    "masked": masked_attention,
    "seq2seq": seq2seq,
    "scores": attention_scores,
    "unmerged": bidirectional_unmerged,
    "bi_states": bidirectional_states,
    "mask_by_hand": mask_by_hand,
    "dropout": dropout_in_inference,
    "submodel": two_output_submodel,
    "dot": dot_attention,
}


def imported(model) -> Project:
    """The import, through the file form."""
    return Project.from_dict(from_keras(model).to_dict())


def same_predictions(model, project, data):
    """Build `project`, give it `model`'s weights and hold it to `model`'s layers, parameters and predictions."""
    rebuilt = build(project)
    assert layer_signature(rebuilt) == layer_signature(model)
    assert rebuilt.count_params() == model.count_params()
    rebuilt.set_weights(model.get_weights())
    expected, got = model.predict(data, verbose=0), rebuilt.predict(data, verbose=0)
    for a, b in zip(expected if isinstance(expected, list) else [expected], got if isinstance(got, list) else [got]):
        np.testing.assert_allclose(b, a, atol=1e-5, rtol=1e-5)
    return rebuilt


def edges_into(project, target):
    """The edges into `target` as written, keyword edges after the main ones."""
    return sorted(
        (e.to_dict() for e in project.graph.edges if e.target == target), key=lambda e: (e.get("arg") or "", e["port"])
    )


def masks(rows, steps, seed=0):
    """Boolean masks that keep the first step of every row."""
    rng = np.random.default_rng(seed)
    keep = rng.random((rows, steps)) > 0.3
    keep[:, 0] = True
    return keep


def one_model(nodes, edges, outputs=None) -> Project:
    return Project(models={"model": Graph(nodes, edges, outputs=outputs)})
