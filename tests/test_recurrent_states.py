"""Recurrent layers with several outputs, end to end: an encoder's states start a decoder (edges from outputs 1
and 2 into `initial_state`), and a Bidirectional layer hands on both directions unmerged or its five tensors;
imported models round-trip and a document written by hand builds the same wiring."""

import pytest

from nnbuilder import Project, build, check
from nnbuilder.document.project import Edge, Graph, Node
from tests.call_models import bidirectional_states, bidirectional_unmerged, edges_into, seq2seq
from tests.roundtrip import assert_round_trip


@pytest.mark.parametrize("recurrent", ["LSTM", "GRU"])
def test_states_of_an_encoder_start_a_decoder(recurrent):
    model = seq2seq(recurrent)
    project = assert_round_trip(model)
    states = [e for e in edges_into(project, "dec") if e.get("arg") == "initial_state"]
    count = 2 if recurrent == "LSTM" else 1
    assert states == [
        {"source": "enc", "target": "dec", "port": port, "output": port + 1, "arg": "initial_state"}
        for port in range(count)
    ]
    shapes = check(project).node("enc").output_shapes
    assert shapes == [(None, 4)] * (1 + count)  # the output, then h (and c)


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


def test_an_unmerged_bidirectional_feeds_both_directions_on():
    model = bidirectional_unmerged()
    project = assert_round_trip(model)
    assert [(e["source"], e.get("output", 0), e["port"]) for e in edges_into(project, "joined")] == [
        ("bi", 0, 0),
        ("bi", 1, 1),
    ]
    assert check(project).node("bi").output_shapes == [(None, 5, 2), (None, 5, 2)]


def test_a_bidirectional_lstm_returns_five_tensors():
    model = bidirectional_states()
    project = assert_round_trip(model)
    shapes = check(project).node("bi").output_shapes
    assert shapes == [(None, 6)] + [(None, 3)] * 4
    assert [(e["source"], e.get("output", 0)) for e in edges_into(project, "joined")] == [
        ("bi", 0),
        ("bi", 1),
        ("bi", 4),
    ]
