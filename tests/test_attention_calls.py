"""Attention layers called with more than their tensors, end to end: a causal mask as a call argument, an
attention mask tensor as an edge into `attention_mask`, the attention scores as a second model output, and a
misspelt call argument named with its close match."""

import numpy as np

from nnbuilder import build, check
from nnbuilder.document.project import Edge, Node
from tests.call_models import (
    attention_scores,
    causal_attention,
    edges_into,
    imported,
    masked_attention,
    masks,
    one_model,
    same_predictions,
)
from tests.roundtrip import assert_round_trip


def test_a_causal_mask_is_carried_as_a_call_argument():
    model = causal_attention()
    project = assert_round_trip(model)
    assert project.graph.node("mha").call == {"use_causal_mask": True}
    assert project.to_dict()["models"]["causal"]["nodes"][1]["call"] == {"use_causal_mask": True}
    rebuilt = build(project)
    assert rebuilt.get_layer("mha")._inbound_nodes[0].arguments.kwargs["use_causal_mask"] is True
    # the argument matters: without it the same weights attend to later steps too
    loose = project.copy()
    loose.graph.node("mha").call = {}
    other = build(loose)
    other.set_weights(model.get_weights())
    data = np.random.default_rng(0).normal(size=(2, 5, 8)).astype("float32")
    assert not np.allclose(other.predict(data, verbose=0), model.predict(data, verbose=0), atol=1e-5)


def test_an_attention_mask_tensor_is_an_edge_into_the_call_argument():
    model = masked_attention()
    project = imported(model)
    assert {"source": "allowed", "target": "mha", "port": 0, "arg": "attention_mask"} in edges_into(project, "mha")
    assert check(project).ok
    data = [np.random.default_rng(1).normal(size=(3, 4, 6)).astype("float32"), masks(3, 16).reshape(3, 4, 4)]
    same_predictions(model, project, data)


def test_attention_scores_are_a_second_model_output():
    model = attention_scores()
    project = assert_round_trip(model)
    assert project.graph.node("mha").call == {"return_attention_scores": True}
    assert project.to_dict()["models"]["scores"]["outputs"] == ["mha", {"node": "mha", "output": 1}]
    assert check(project).node("mha").output_shapes == [(None, 4, 8), (None, 2, 4, 4)]


def test_an_unknown_call_argument_names_the_close_match():
    project = one_model(
        [
            Node("x", "Input", {"shape": [4, 8]}),
            Node("mha", "MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, call={"use_casual_mask": True}),
        ],
        [Edge("x", "mha", 0), Edge("x", "mha", 1)],
    )
    (problem,) = check(project).errors
    assert problem.code == "call_arg"
    assert (
        problem.message == "MultiHeadAttention has no call argument 'use_casual_mask'; did you mean 'use_causal_mask'?"
    )
    assert "是不是想写" in problem.say("zh")
