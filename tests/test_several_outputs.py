"""Nodes with more than one output: check() gives every output's shape (recurrent states, attention scores, an
unmerged Bidirectional, a nested model's outputs) and names an edge or a model output that reads an output the
node lacks."""

from nnbuilder import check
from nnbuilder.document.project import Edge, Node
from tests.call_models import one_model, two_output_submodel
from tests.roundtrip import assert_round_trip


def test_a_model_node_with_two_outputs():
    model = two_output_submodel()
    project = assert_round_trip(model)
    outer = project.models["outer"]
    assert [(e.source, e.output, e.port) for e in outer.input_edges("joined")] == [("inner", 0, 0), ("inner", 1, 1)]
    assert check(project).node("inner", "outer").output_shapes == [(None, 2), (None, 3)]


def test_an_edge_from_an_output_the_source_lacks():
    project = one_model(
        [Node("x", "Input", {"shape": [4]}), Node("a", "Dense", {"units": 2}), Node("b", "Dense", {"units": 2})],
        [Edge("x", "a"), Edge("a", "b", 0, output=1)],
    )
    problems = [p for p in check(project).errors if p.code == "no_such_output"]
    assert len(problems) == 1 and problems[0].node == "b"
    assert problems[0].message == "'b' reads output 1 of 'a', which has 1 output(s) (numbered from 0)"
    assert "只有 1 个输出" in problems[0].say("zh")
    assert problems[0].fixes[0]["action"] == "remove_edge"


def test_a_model_output_the_node_lacks():
    project = one_model(
        [Node("x", "Input", {"shape": [4]}), Node("a", "Dense", {"units": 2})],
        [Edge("x", "a")],
        outputs=[{"node": "a", "output": 2}],
    )
    problems = [p for p in check(project).errors if p.code == "no_such_output"]
    assert problems and "lists output 2 of 'a', which has 1 output(s)" in problems[0].message


def test_extra_output_shapes():
    def shapes(node, inputs):
        graph_nodes = [Node(f"in{i}", "Input", {"shape": list(s)}) for i, s in enumerate(inputs)]
        edges = [Edge(f"in{i}", node.id, i) for i in range(len(inputs))]
        result = check(one_model(graph_nodes + [node], edges))
        assert result.ok, [str(p) for p in result.errors]
        return result.node(node.id).output_shapes

    lstm = Node("r", "LSTM", {"units": 4, "return_state": True, "return_sequences": True})
    assert shapes(lstm, [(7, 3)]) == [(None, 7, 4), (None, 4), (None, 4)]
    mha = Node("m", "MultiHeadAttention", {"num_heads": 3, "key_dim": 2}, call={"return_attention_scores": True})
    assert shapes(mha, [(4, 8), (6, 8)]) == [(None, 4, 8), (None, 3, 4, 6)]
    unmerged = Node("b", "Bidirectional", {"layer": {"class_name": "GRU", "config": {"units": 2}}, "merge_mode": None})
    assert shapes(unmerged, [(5, 3)]) == [(None, 2), (None, 2)]
