"""Call arguments and later outputs, end to end: a real Keras model imports with its call arguments (`call` on
the node), the tensors it passes by keyword (edges with `arg`) and the outputs after a layer's first (edges and
model outputs with `output`); the check names a call argument that cannot be, the export writes them and runs
without nnbuilder, and the editor refuses a canvas edit that would lose them. Attention, recurrent states and
nodes with several outputs have files of their own (test_attention_calls, test_recurrent_states,
test_several_outputs); the models are in tests/call_models.py."""

import numpy as np

from nnbuilder import build, check, export_code, from_keras
from nnbuilder.document.project import Edge, Node
from tests.call_models import (
    CALL_MODELS,
    attention_scores,
    bidirectional_unmerged,
    causal_attention,
    dot_attention,
    dropout_in_inference,
    edges_into,
    imported,
    mask_by_hand,
    masks,
    one_model,
    same_predictions,
    seq2seq,
)
from tests.roundtrip import assert_round_trip, layer_signature
from tests.standalone import run_exported

# ------------------------------------------------------------------ import, check, build


def test_a_mask_given_by_hand_is_an_edge_into_mask():
    model = mask_by_hand()
    project = imported(model)
    assert {"source": "keep", "target": "lstm", "port": 0, "arg": "mask"} in edges_into(project, "lstm")
    assert check(project).ok
    data = [np.random.default_rng(2).normal(size=(4, 5, 3)).astype("float32"), masks(4, 5)]
    rebuilt = same_predictions(model, project, data)
    assert rebuilt.get_layer("lstm")._inbound_nodes[0].arguments.kwargs["mask"] is not None


def test_training_true_is_carried_and_keeps_dropout_on():
    model = dropout_in_inference()
    project = imported(model)
    assert project.graph.node("drop").call == {"training": True}
    rebuilt = build(project)
    assert rebuilt.get_layer("drop")._inbound_nodes[0].arguments.kwargs["training"] is True
    ones = np.ones((8, 40), "float32")
    for built in (model, rebuilt):  # called without saying training: the layer's own training=True holds
        assert set(np.unique(np.asarray(built(ones)))) == {0.0, 2.0}  # dropped, the rest scaled by 1 / (1 - 0.5)
    np.testing.assert_allclose(rebuilt.predict(ones, verbose=0), model.predict(ones, verbose=0))


def test_a_layer_outside_the_catalog_carries_its_call_and_outputs():
    model = dot_attention()
    project = assert_round_trip(model)
    assert project.graph.node("attention").call == {"return_attention_scores": True, "use_causal_mask": True}
    assert check(project).node("attention").output_shapes == [(None, 4, 3), (None, 4, 6)]
    project.graph.node("attention").call["use_casual_mask"] = True
    (problem,) = check(project).errors
    assert "did you mean 'use_causal_mask'" in problem.message


def test_a_call_argument_value_and_a_tensor_argument_are_checked():
    nodes = [Node("x", "Input", {"shape": [5, 3]}), Node("rnn", "LSTM", {"units": 4}, call={"training": "yes"})]
    (problem,) = check(one_model(nodes, [Edge("x", "rnn")])).errors
    assert problem.code == "call_arg" and "training" in problem.message
    nodes = [
        Node("x", "Input", {"shape": [5, 3]}),
        Node("enc", "GRU", {"units": 4, "return_state": True}),
        Node("dec", "LSTM", {"units": 4}),
    ]
    edges = [Edge("x", "enc"), Edge("x", "dec"), Edge("enc", "dec", 0, output=1, arg="initial_state")]
    (problem,) = check(one_model(nodes, edges)).errors
    assert problem.message == "LSTM takes 2 tensor(s) as 'initial_state', got 1"


# ------------------------------------------------------------------ exported code


def test_the_export_writes_outputs_and_call_arguments():
    code = export_code(from_keras(seq2seq()))
    assert 'enc, enc_state_h, enc_state_c = layers.LSTM(4, return_state=True, name="enc")(src)' in code
    assert "(tgt, initial_state=[enc_state_h, enc_state_c])" in code
    code = export_code(from_keras(attention_scores()))
    assert "mha, mha_scores = layers.MultiHeadAttention(" in code
    assert "outputs=[mha, mha_scores]" in code
    assert "(x, x, return_attention_scores=True)" in code
    assert "(x, x, use_causal_mask=True)" in export_code(from_keras(causal_attention()))
    assert "(x, training=True)" in export_code(from_keras(dropout_in_inference()))
    assert "keras.Sequential" in export_code(
        one_model(
            [Node("x", "Input", {"shape": [5, 3]}), Node("r", "LSTM", {"units": 4}), Node("d", "Dense", {"units": 1})],
            [Edge("x", "r"), Edge("r", "d")],
        )
    )
    assert "keras.Sequential" not in export_code(
        one_model(
            [
                Node("x", "Input", {"shape": [5, 3]}),
                Node("r", "LSTM", {"units": 4, "return_state": True}),
                Node("d", "Dense", {"units": 1}),
            ],
            [Edge("x", "r"), Edge("r", "d")],
        )
    )


def test_exports_run_without_nnbuilder(tmp_path):
    models = {case: make() for case, make in CALL_MODELS.items()}
    loaded = run_exported({case: export_code(from_keras(model)) for case, model in models.items()}, tmp_path)
    assert list(loaded) == list(models)
    for case, model in loaded.items():
        assert layer_signature(model) == layer_signature(models[case]), case
        assert model.count_params() == models[case].count_params(), case


# ------------------------------------------------------------------ the editor


def test_the_editor_refuses_a_canvas_edit_that_loses_how_nodes_are_called():
    import copy

    from nnbuilder.ui import Editor

    editor = Editor(from_keras(bidirectional_unmerged()))
    sent = []
    editor.send = lambda content, buffers=None: sent.append(content)
    before = copy.deepcopy(editor.graph)

    def canvas_writes(change):
        graph = copy.deepcopy(before)
        change(graph["models"]["unmerged"])
        editor.set_state({"graph": graph})

    def lose_outputs(model):  # an editor that rebuilds edges from source, target and port alone
        for edge in model["edges"]:
            edge.pop("output", None)

    canvas_writes(lose_outputs)
    assert editor.graph == before and sent[-1]["type"] == "refused"
    assert sent[-1]["reason"].startswith("this edit would drop where the edge 'bi' -> 'joined' comes from")
    editor.language = "zh"
    canvas_writes(lose_outputs)
    assert "编辑已被拒绝" in sent[-1]["reason"]

    def move(model):
        model["nodes"][0]["pos"] = [5, 5]

    sent.clear()
    canvas_writes(move)
    assert sent == [] and editor.project.graph.nodes[0].pos == [5, 5]
    assert [e.output for e in editor.project.graph.input_edges("joined")] == [0, 1]

    def delete_backward(model):  # deleting an edge is an edit like any other
        model["edges"] = [e for e in model["edges"] if e.get("output") != 1]

    before = copy.deepcopy(editor.graph)
    canvas_writes(delete_backward)
    assert sent == [] and [e.output for e in editor.project.graph.input_edges("joined")] == [0]

    editor.project = from_keras(causal_attention())  # assigned from Python: taken as it is
    before = copy.deepcopy(editor.graph)
    graph = copy.deepcopy(before)
    graph["models"]["causal"]["nodes"][1].pop("call")
    editor.set_state({"graph": graph})
    assert editor.graph == before and "调用参数" in sent[-1]["reason"]
