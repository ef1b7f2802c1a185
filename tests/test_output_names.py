"""check() names the outputs of a node with several (as the exported code names them), and node_info carries
the names so the editor labels an edge `state_h → initial_state[0]`."""

from __future__ import annotations

from nnbuilder import Project, check
from nnbuilder.ui import Editor


def _node(node_id, layer, config=None, **more):
    return {"id": node_id, "layer": layer, "config": dict(config or {}), "pos": [0, 0], **more}


def _project(nodes, edges):
    return Project.from_dict(
        {"format": "nnbuilder", "version": 2, "models": {"model": {"nodes": nodes, "edges": edges}}}
    )


def _seq2seq():
    nodes = [
        _node("src", "Input", {"shape": [5, 3]}),
        _node("tgt", "Input", {"shape": [7, 3]}),
        _node("enc", "LSTM", {"units": 4, "return_state": True}),
        _node("dec", "LSTM", {"units": 4}),
    ]
    edges = [
        {"source": "src", "target": "enc", "port": 0},
        {"source": "tgt", "target": "dec", "port": 0},
        {"source": "enc", "target": "dec", "port": 0, "output": 1, "arg": "initial_state"},
        {"source": "enc", "target": "dec", "port": 1, "output": 2, "arg": "initial_state"},
    ]
    return _project(nodes, edges)


def test_an_lstm_with_its_states_names_them():
    result = check(_seq2seq())
    assert result.ok, [str(p) for p in result.problems]
    enc = result.node("enc").to_dict()
    assert enc["output_names"] == ["", "state_h", "state_c"]
    assert len(enc["output_shapes"]) == 3


def test_a_node_with_one_output_sends_no_names():
    result = check(_seq2seq())
    assert "output_names" not in result.node("dec").to_dict()
    assert "output_names" not in result.node("src").to_dict()


def test_attention_scores_and_a_gru_state_are_named_from_the_call_and_the_config():
    nodes = [
        _node("q", "Input", {"shape": [6, 8]}),
        _node("mha", "MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, call={"return_attention_scores": True}),
        _node("gru", "GRU", {"units": 3, "return_state": True}),
    ]
    edges = [
        {"source": "q", "target": "mha", "port": 0},
        {"source": "q", "target": "mha", "port": 1},
        {"source": "q", "target": "gru", "port": 0},
    ]
    result = check(_project(nodes, edges))
    assert result.ok, [str(p) for p in result.problems]
    assert result.node("mha").to_dict()["output_names"] == ["", "scores"]
    assert result.node("gru").to_dict()["output_names"] == ["", "state"]


def test_a_node_sharing_a_layer_takes_the_names_of_the_layer_it_calls():
    nodes = [
        _node("a", "Input", {"shape": [5, 3]}),
        _node("b", "Input", {"shape": [5, 3]}),
        _node("enc", "LSTM", {"units": 4, "return_state": True}),
        _node("again", "LSTM", {}, shares="enc"),
    ]
    edges = [{"source": "a", "target": "enc", "port": 0}, {"source": "b", "target": "again", "port": 0}]
    result = check(_project(nodes, edges))
    assert result.ok, [str(p) for p in result.problems]
    assert result.node("again").to_dict()["output_names"] == ["", "state_h", "state_c"]


def test_a_split_names_its_parts_as_the_code_does():
    nodes = [
        _node("x", "Input", {"shape": [6]}),
        _node("split", "Op", {"indices_or_sections": 3, "axis": 1}, op="split"),
    ]
    edges = [{"source": "x", "target": "split", "port": 0, "arg": "x"}]
    result = check(_project(nodes, edges))
    assert result.ok, [str(p) for p in result.problems]
    assert result.node("split").to_dict()["output_names"] == ["", "output_1", "output_2"]


def test_the_editor_sends_the_names_in_node_info():
    info = Editor(_seq2seq()).node_info["models"]["model"]
    assert info["enc"]["output_names"] == ["", "state_h", "state_c"]
    assert "output_names" not in info["dec"]
