"""Call arguments and layers with several outputs, end to end: a real Keras model imports with its call
arguments (`call` on the node), the tensors it passes by keyword (edges with `arg`) and the outputs after a
layer's first (edges and model outputs with `output`); the project checks with every output's shape, builds
the same model (same predictions with the weights copied) and exports code that runs without nnbuilder."""

import numpy as np
import pytest

from nnbuilder import Project, build, check, export_code, from_keras
from nnbuilder.document.project import Edge, Graph, Node
from tests.roundtrip import assert_round_trip, layer_signature
from tests.standalone import ruff_format_changes, run_exports


def _keras():
    import keras

    return keras, keras.layers


def _imported(model) -> Project:
    """The import, through the file form."""
    return Project.from_dict(from_keras(model).to_dict())


def _same_predictions(model, project, data):
    rebuilt = build(project)
    assert layer_signature(rebuilt) == layer_signature(model)
    assert rebuilt.count_params() == model.count_params()
    rebuilt.set_weights(model.get_weights())
    expected, got = model.predict(data, verbose=0), rebuilt.predict(data, verbose=0)
    for a, b in zip(expected if isinstance(expected, list) else [expected], got if isinstance(got, list) else [got]):
        np.testing.assert_allclose(b, a, atol=1e-5, rtol=1e-5)
    return rebuilt


def _edges(project, target):
    return sorted(
        (e.to_dict() for e in project.graph.edges if e.target == target), key=lambda e: (e.get("arg") or "", e["port"])
    )


# ------------------------------------------------------------------ the models


def _causal_attention():
    keras, layers = _keras()
    x = keras.Input((5, 8), name="x")
    y = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(x, x, use_causal_mask=True)
    return keras.Model(x, layers.Dense(3, name="head")(y), name="causal")


def _masked_attention():
    keras, layers = _keras()
    x = keras.Input((4, 6), name="x")
    allowed = keras.Input((4, 4), dtype="bool", name="allowed")
    y = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(x, x, attention_mask=allowed)
    return keras.Model([x, allowed], y, name="masked")


def _seq2seq(recurrent="LSTM"):
    keras, layers = _keras()
    src = keras.Input((5, 3), name="src")
    tgt = keras.Input((6, 3), name="tgt")
    make = getattr(layers, recurrent)
    enc, *states = make(4, return_state=True, name="enc")(src)
    dec = make(4, return_sequences=True, name="dec")(tgt, initial_state=states)
    return keras.Model([src, tgt], layers.Dense(2, name="head")(dec), name=f"seq2seq_{recurrent.lower()}")


def _attention_scores():
    keras, layers = _keras()
    x = keras.Input((4, 8), name="x")
    out, scores = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(x, x, return_attention_scores=True)
    return keras.Model(x, [out, scores], name="scores")


def _bidirectional_unmerged():
    keras, layers = _keras()
    x = keras.Input((5, 3), name="x")
    forward, backward = layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode=None, name="bi")(x)
    joined = layers.Concatenate(name="joined")([forward, backward])
    return keras.Model(x, layers.Dense(2, name="head")(joined), name="unmerged")


def _bidirectional_states():
    keras, layers = _keras()
    x = keras.Input((5, 3), name="x")
    out, h_forward, c_forward, h_backward, c_backward = layers.Bidirectional(
        layers.LSTM(3, return_state=True), name="bi"
    )(x)
    joined = layers.Concatenate(name="joined")([out, h_forward, c_backward])
    return keras.Model(x, layers.Dense(2, name="head")(joined), name="bi_states")


def _mask_by_hand():
    keras, layers = _keras()
    x = keras.Input((5, 3), name="x")
    keep = keras.Input((5,), dtype="bool", name="keep")
    y = layers.LSTM(2, name="lstm")(x, mask=keep)
    return keras.Model([x, keep], y, name="masked_lstm")


def _dropout_in_inference():
    keras, layers = _keras()
    x = keras.Input((40,), name="x")
    return keras.Model(x, layers.Dropout(0.5, name="drop")(x, training=True), name="mc_dropout")


def _two_output_submodel():
    keras, layers = _keras()
    i = keras.Input((4,), name="i")
    inner = keras.Model(i, [layers.Dense(2, name="a")(i), layers.Dense(3, name="b")(i)], name="inner")
    x = keras.Input((4,), name="x")
    first, second = inner(x)
    joined = layers.Concatenate(name="joined")([first, second])
    return keras.Model(x, layers.Dense(1, name="head")(joined), name="outer")


def _dot_attention():
    """A layer outside the catalog: its call arguments and its outputs come from Keras itself."""
    keras, layers = _keras()
    q = keras.Input((4, 3), name="q")
    v = keras.Input((6, 3), name="v")
    out, scores = layers.Attention(name="attention")([q, v], use_causal_mask=True, return_attention_scores=True)
    return keras.Model([q, v], [out, scores], name="dot")


def _masks(rows, steps, seed=0):
    rng = np.random.default_rng(seed)
    keep = rng.random((rows, steps)) > 0.3
    keep[:, 0] = True
    return keep


# ------------------------------------------------------------------ import, check, build


def test_a_causal_mask_is_carried_as_a_call_argument():
    model = _causal_attention()
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
    model = _masked_attention()
    project = _imported(model)
    assert {"source": "allowed", "target": "mha", "port": 0, "arg": "attention_mask"} in _edges(project, "mha")
    assert check(project).ok
    data = [np.random.default_rng(1).normal(size=(3, 4, 6)).astype("float32"), _masks(3, 16).reshape(3, 4, 4)]
    _same_predictions(model, project, data)


@pytest.mark.parametrize("recurrent", ["LSTM", "GRU"])
def test_states_of_an_encoder_start_a_decoder(recurrent):
    model = _seq2seq(recurrent)
    project = assert_round_trip(model)
    states = [e for e in _edges(project, "dec") if e.get("arg") == "initial_state"]
    count = 2 if recurrent == "LSTM" else 1
    assert states == [
        {"source": "enc", "target": "dec", "port": port, "output": port + 1, "arg": "initial_state"}
        for port in range(count)
    ]
    shapes = check(project).node("enc").output_shapes
    assert shapes == [(None, 4)] * (1 + count)  # the output, then h (and c)


def test_attention_scores_are_a_second_model_output():
    model = _attention_scores()
    project = assert_round_trip(model)
    assert project.graph.node("mha").call == {"return_attention_scores": True}
    assert project.to_dict()["models"]["scores"]["outputs"] == ["mha", {"node": "mha", "output": 1}]
    assert check(project).node("mha").output_shapes == [(None, 4, 8), (None, 2, 4, 4)]


def test_an_unmerged_bidirectional_feeds_both_directions_on():
    model = _bidirectional_unmerged()
    project = assert_round_trip(model)
    assert [(e["source"], e.get("output", 0), e["port"]) for e in _edges(project, "joined")] == [
        ("bi", 0, 0),
        ("bi", 1, 1),
    ]
    assert check(project).node("bi").output_shapes == [(None, 5, 2), (None, 5, 2)]


def test_a_bidirectional_lstm_returns_five_tensors():
    model = _bidirectional_states()
    project = assert_round_trip(model)
    shapes = check(project).node("bi").output_shapes
    assert shapes == [(None, 6)] + [(None, 3)] * 4
    assert [(e["source"], e.get("output", 0)) for e in _edges(project, "joined")] == [
        ("bi", 0),
        ("bi", 1),
        ("bi", 4),
    ]


def test_a_mask_given_by_hand_is_an_edge_into_mask():
    model = _mask_by_hand()
    project = _imported(model)
    assert {"source": "keep", "target": "lstm", "port": 0, "arg": "mask"} in _edges(project, "lstm")
    assert check(project).ok
    data = [np.random.default_rng(2).normal(size=(4, 5, 3)).astype("float32"), _masks(4, 5)]
    rebuilt = _same_predictions(model, project, data)
    assert rebuilt.get_layer("lstm")._inbound_nodes[0].arguments.kwargs["mask"] is not None


def test_training_true_is_carried_and_keeps_dropout_on():
    model = _dropout_in_inference()
    project = _imported(model)
    assert project.graph.node("drop").call == {"training": True}
    rebuilt = build(project)
    assert rebuilt.get_layer("drop")._inbound_nodes[0].arguments.kwargs["training"] is True
    ones = np.ones((8, 40), "float32")
    for built in (model, rebuilt):  # called without saying training: the layer's own training=True holds
        assert set(np.unique(np.asarray(built(ones)))) == {0.0, 2.0}  # dropped, the rest scaled by 1 / (1 - 0.5)
    np.testing.assert_allclose(rebuilt.predict(ones, verbose=0), model.predict(ones, verbose=0))


def test_a_model_node_with_two_outputs():
    model = _two_output_submodel()
    project = assert_round_trip(model)
    outer = project.models["outer"]
    assert [(e.source, e.output, e.port) for e in outer.input_edges("joined")] == [("inner", 0, 0), ("inner", 1, 1)]
    assert check(project).node("inner", "outer").output_shapes == [(None, 2), (None, 3)]


def test_a_layer_outside_the_catalog_carries_its_call_and_outputs():
    model = _dot_attention()
    project = assert_round_trip(model)
    assert project.graph.node("attention").call == {"return_attention_scores": True, "use_causal_mask": True}
    assert check(project).node("attention").output_shapes == [(None, 4, 3), (None, 4, 6)]
    project.graph.node("attention").call["use_casual_mask"] = True
    (problem,) = check(project).errors
    assert "did you mean 'use_causal_mask'" in problem.message


def test_a_written_seq2seq_document_builds():
    nodes = [
        Node("src", "Input", {"shape": [5, 3]}),
        Node("tgt", "Input", {"shape": [6, 3]}),
        Node("enc", "LSTM", {"units": 4, "return_state": True}),
        Node("dec", "LSTM", {"units": 4, "return_sequences": True}),
    ]
    edges = [
        Edge("src", "enc"),
        Edge("tgt", "dec"),
        Edge("enc", "dec", 0, output=1, arg="initial_state"),
        Edge("enc", "dec", 1, output=2, arg="initial_state"),
    ]
    project = Project.from_dict(Project(models={"model": Graph(nodes, edges)}).to_dict())
    result = check(project)
    assert result.ok, [str(p) for p in result.errors]
    assert result.node("dec").output_shape == (None, 6, 4)
    model = build(project)
    kwargs = model.get_layer("dec")._inbound_nodes[0].arguments.kwargs
    assert [t._keras_history[2] for t in kwargs["initial_state"]] == [1, 2]


# ------------------------------------------------------------------ check


def _chain_with(nodes, edges, outputs=None) -> Project:
    return Project(models={"model": Graph(nodes, edges, outputs=outputs)})


def test_an_edge_from_an_output_the_source_lacks():
    project = _chain_with(
        [Node("x", "Input", {"shape": [4]}), Node("a", "Dense", {"units": 2}), Node("b", "Dense", {"units": 2})],
        [Edge("x", "a"), Edge("a", "b", 0, output=1)],
    )
    problems = [p for p in check(project).errors if p.code == "no_such_output"]
    assert len(problems) == 1 and problems[0].node == "b"
    assert problems[0].message == "'b' reads output 1 of 'a', which has 1 output(s) (numbered from 0)"
    assert "只有 1 个输出" in problems[0].say("zh")
    assert problems[0].fixes[0]["action"] == "remove_edge"


def test_a_model_output_the_node_lacks():
    project = _chain_with(
        [Node("x", "Input", {"shape": [4]}), Node("a", "Dense", {"units": 2})],
        [Edge("x", "a")],
        outputs=[{"node": "a", "output": 2}],
    )
    problems = [p for p in check(project).errors if p.code == "no_such_output"]
    assert problems and "lists output 2 of 'a', which has 1 output(s)" in problems[0].message


def test_an_unknown_call_argument_names_the_close_match():
    project = _chain_with(
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


def test_a_call_argument_value_and_a_tensor_argument_are_checked():
    nodes = [Node("x", "Input", {"shape": [5, 3]}), Node("rnn", "LSTM", {"units": 4}, call={"training": "yes"})]
    (problem,) = check(_chain_with(nodes, [Edge("x", "rnn")])).errors
    assert problem.code == "call_arg" and "training" in problem.message
    nodes = [
        Node("x", "Input", {"shape": [5, 3]}),
        Node("enc", "GRU", {"units": 4, "return_state": True}),
        Node("dec", "LSTM", {"units": 4}),
    ]
    edges = [Edge("x", "enc"), Edge("x", "dec"), Edge("enc", "dec", 0, output=1, arg="initial_state")]
    (problem,) = check(_chain_with(nodes, edges)).errors
    assert problem.message == "LSTM takes 2 tensor(s) as 'initial_state', got 1"


def test_extra_output_shapes():
    def shapes(node, inputs, call=None):
        graph_nodes = [Node(f"in{i}", "Input", {"shape": list(s)}) for i, s in enumerate(inputs)]
        edges = [Edge(f"in{i}", node.id, i) for i in range(len(inputs))]
        result = check(_chain_with(graph_nodes + [node], edges))
        assert result.ok, [str(p) for p in result.errors]
        return result.node(node.id).output_shapes

    lstm = Node("r", "LSTM", {"units": 4, "return_state": True, "return_sequences": True})
    assert shapes(lstm, [(7, 3)]) == [(None, 7, 4), (None, 4), (None, 4)]
    mha = Node("m", "MultiHeadAttention", {"num_heads": 3, "key_dim": 2}, call={"return_attention_scores": True})
    assert shapes(mha, [(4, 8), (6, 8)]) == [(None, 4, 8), (None, 3, 4, 6)]
    unmerged = Node("b", "Bidirectional", {"layer": {"class_name": "GRU", "config": {"units": 2}}, "merge_mode": None})
    assert shapes(unmerged, [(5, 3)]) == [(None, 2), (None, 2)]


# ------------------------------------------------------------------ exported code


EXPORTED = {
    "causal": _causal_attention,
    "masked": _masked_attention,
    "seq2seq": _seq2seq,
    "scores": _attention_scores,
    "unmerged": _bidirectional_unmerged,
    "bi_states": _bidirectional_states,
    "mask_by_hand": _mask_by_hand,
    "dropout": _dropout_in_inference,
    "submodel": _two_output_submodel,
    "dot": _dot_attention,
}


def test_the_export_writes_outputs_and_call_arguments():
    code = export_code(from_keras(_seq2seq()))
    assert 'enc, enc_state_h, enc_state_c = layers.LSTM(4, return_state=True, name="enc")(src)' in code
    assert "(tgt, initial_state=[enc_state_h, enc_state_c])" in code
    code = export_code(from_keras(_attention_scores()))
    assert "mha, mha_scores = layers.MultiHeadAttention(" in code
    assert "outputs=[mha, mha_scores]" in code
    assert "(x, x, return_attention_scores=True)" in code
    assert "(x, x, use_causal_mask=True)" in export_code(from_keras(_causal_attention()))
    assert "(x, training=True)" in export_code(from_keras(_dropout_in_inference()))
    assert "keras.Sequential" in export_code(
        _chain_with(
            [Node("x", "Input", {"shape": [5, 3]}), Node("r", "LSTM", {"units": 4}), Node("d", "Dense", {"units": 1})],
            [Edge("x", "r"), Edge("r", "d")],
        )
    )
    assert "keras.Sequential" not in export_code(
        _chain_with(
            [
                Node("x", "Input", {"shape": [5, 3]}),
                Node("r", "LSTM", {"units": 4, "return_state": True}),
                Node("d", "Dense", {"units": 1}),
            ],
            [Edge("x", "r"), Edge("r", "d")],
        )
    )


def test_exports_run_without_nnbuilder(tmp_path):
    keras, _ = _keras()
    jobs, models = [], {}
    for case, make in EXPORTED.items():
        models[case] = make()
        script = tmp_path / f"{case}.py"
        script.write_text(export_code(from_keras(models[case])), encoding="utf-8")
        assert not ruff_format_changes(script), f"ruff format would change the export of {case}"
        (tmp_path / case).mkdir()
        jobs.append({"script": str(script), "functions": ["build_model"], "out": str(tmp_path / case)})
    for case, report in zip(models, run_exports(jobs)):
        assert report["error"] is None, (case, report)
        loaded = keras.saving.load_model(report["saved"]["build_model"])
        assert layer_signature(loaded) == layer_signature(models[case]), case
        assert loaded.count_params() == models[case].count_params(), case


# ------------------------------------------------------------------ the editor


def test_the_editor_refuses_a_canvas_edit_that_loses_how_nodes_are_called():
    import copy

    from nnbuilder.ui import Editor

    editor = Editor(from_keras(_bidirectional_unmerged()))
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

    editor.project = from_keras(_causal_attention())  # assigned from Python: taken as it is
    before = copy.deepcopy(editor.graph)
    graph = copy.deepcopy(before)
    graph["models"]["causal"]["nodes"][1].pop("call")
    editor.set_state({"graph": graph})
    assert editor.graph == before and "调用参数" in sent[-1]["reason"]
