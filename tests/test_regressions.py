"""Regression tests: one reproducer for each bug the property tests found."""

from __future__ import annotations

import keras  # imported up front: importing Keras inside a strategy upsets Hypothesis (it reseeds `random`)
import pytest

from nnbuilder import (
    BuildError,
    Edge,
    Graph,
    Node,
    Project,
    ProjectError,
    apply_fix,
    build,
    check,
    export_code,
)
from tests.roundtrip import assert_round_trip


def _doc(nodes, edges, **graph):
    """A one-model document from (id, layer, config[, extra]) and (source, target[, port])."""
    out = []
    for k, (node_id, layer, config, *extra) in enumerate(nodes):
        out.append({"id": node_id, "layer": layer, "config": config, "pos": [0, 90 * k], **(extra[0] if extra else {})})
    links = [{"source": e[0], "target": e[1], "port": e[2] if len(e) > 2 else 0} for e in edges]
    return {"format": "nnbuilder", "version": 1, "models": {"model": {"nodes": out, "edges": links, **graph}}}


MLP_NODES = [("x", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2})]
SHARED_FIRST = _doc(  # d2 shares d's layer but comes first in node order (and so in dependency order)
    [MLP_NODES[0], ("d2", "Dense", {}, {"shares": "d"}), ("d", "Dense", {"units": 2}), ("s", "Add", {})],
    [("x", "d2"), ("x", "d"), ("d", "s", 0), ("d2", "s", 1)],
)


@pytest.mark.parametrize("end", ["source", "target"])
def test_unhashable_edge_end_is_a_project_error(end):
    doc = _doc(MLP_NODES, [("x", "d")])
    doc["models"]["model"]["edges"][0][end] = ["x"]  # was TypeError in _document.read_edge
    with pytest.raises(ProjectError):
        Project.from_dict(doc)


def test_unhashable_class_name_is_a_project_error():
    config = {"units": 2, "kernel_regularizer": {"class_name": ["L2"]}}  # was TypeError in check_serialized
    with pytest.raises(ProjectError):
        Project.from_dict(_doc([MLP_NODES[0], ("d", "Dense", config)], [("x", "d")]))


@pytest.mark.parametrize("where", ["model", "node", "edge"])
def test_unknown_keys_of_mixed_types_are_a_project_error(where):
    doc = _doc(MLP_NODES, [("x", "d")])
    graph = doc["models"]["model"]
    target = {"model": graph, "node": graph["nodes"][0], "edge": graph["edges"][0]}[where]
    target.update({1: "one", "zz": "two"})  # was TypeError: sorted() of str and int
    with pytest.raises(ProjectError):
        Project.from_dict(doc)


def test_model_node_fed_the_wrong_shape_is_reported():
    doc = _doc([("a", "Input", {"shape": [5]}), ("m", "Model", {}, {"model": "enc"})], [("a", "m")])
    doc["models"]["enc"] = _doc(MLP_NODES, [("x", "d")])["models"]["model"]
    result = check(Project.from_dict(doc))  # check() used to stop: Diagnostic got port=None
    assert [p.code for p in result.problems] == ["input_mismatch"], [str(p) for p in result.problems]


def test_two_edges_into_one_port_are_reported():
    nodes = [Node("x", "Input", {"shape": [4]}), Node("s", "Add")]
    project = Project(models={"model": Graph(nodes, [Edge("x", "s", 0), Edge("x", "s", 0)])})
    result = check(project)  # check() used to stop on an IndexError
    assert not [p for p in result.problems if p.code == "internal"], [str(p) for p in result.problems]
    assert not result.ok
    with pytest.raises(BuildError):
        build(project)


def test_removing_a_shared_layer_keeps_the_project_valid():
    doc = _doc(
        [
            MLP_NODES[0],
            ("d", "Dense", {"units": 2}),
            ("d2", "Dense", {}, {"shares": "d"}),
            ("out", "Dense", {"units": 1}),
        ],
        [("x", "d"), ("x", "d2"), ("d2", "out")],
        outputs=["out"],
    )
    project = Project.from_dict(doc)
    (dead_end,) = [p for p in check(project).problems if p.node == "d"]
    fixed = apply_fix(project, dead_end, next(f for f in dead_end.fixes if f["action"] == "remove"))
    result = check(fixed)  # the sharing node used to point at the removed one
    assert not [p for p in result.problems if p.code == "internal"], [str(p) for p in result.problems]
    Project.from_dict(fixed.to_dict())


@pytest.mark.parametrize("key", ["inputs", "outputs"])
def test_inputs_or_outputs_naming_a_missing_node_are_reported(key):
    graph = Graph([Node("x", "Input", {"shape": [4]}), Node("d", "Dense", {"units": 2})], [Edge("x", "d")])
    setattr(graph, key, {"inputs": ["x", "ghost"], "outputs": ["d", "ghost"]}[key])
    project = Project(models={"model": graph})
    assert not check(project).ok
    with pytest.raises(BuildError):  # was KeyError
        build(project)


def test_sharing_node_listed_before_its_root_builds_and_exports():
    project = Project.from_dict(SHARED_FIRST)
    assert check(project).ok
    assert build(project).count_params() == 10  # was BuildError (KeyError on the root's layer)
    export_code(project)  # was KeyError


def test_shared_layer_is_counted_once_whatever_the_node_order():
    result = check(Project.from_dict(SHARED_FIRST))
    assert result.totals("model") == (10, 0)


def test_model_node_keeps_the_callers_batch_size():
    doc = _doc([("a", "Input", {"shape": [4], "batch_size": 3}), ("m", "Model", {}, {"model": "enc"})], [("a", "m")])
    doc["models"]["enc"] = _doc(MLP_NODES, [("x", "d")])["models"]["model"]
    assert check(Project.from_dict(doc)).node("m", "model").output_shape == (3, 2)


CHECK_OK_MEANS_IT_BUILDS = {
    # an orthogonal or identity initializer needs a matrix; a bias is a vector
    "orthogonal bias": _doc(
        [MLP_NODES[0], ("d", "Dense", {"units": 2, "bias_initializer": "orthogonal"})], [("x", "d")]
    ),
    # the catalog offered "l1_l2" as a regularizer name, but keras.regularizers.get("l1_l2") fails
    "l1_l2 regularizer": _doc(
        [MLP_NODES[0], ("d", "Dense", {"units": 2, "kernel_regularizer": "l1_l2"})], [("x", "d")]
    ),
    # a shared Dense is built for 4 features; check() did not compare a sharing node's input with the root's
    "shared layer, other input size": _doc(
        [
            ("x", "Input", {"shape": [4]}),
            ("y", "Input", {"shape": [3]}),
            ("d", "Dense", {"units": 2}),
            ("d2", "Dense", {}, {"shares": "d"}),
        ],
        [("x", "d"), ("y", "d2")],
    ),
    # trainable and dtype are accepted by every layer, but their values were never checked
    "trainable not a bool": _doc([MLP_NODES[0], ("d", "Dense", {"units": 2, "trainable": 3})], [("x", "d")]),
    "dtype not a dtype": _doc([MLP_NODES[0], ("d", "Dense", {"units": 2, "dtype": "nope"})], [("x", "d")]),
    # an empty inputs list was accepted by from_dict and check(), refused by keras.Model
    "empty inputs list": _doc(MLP_NODES, [("x", "d")], inputs=[]),
}


@pytest.mark.parametrize("case", sorted(CHECK_OK_MEANS_IT_BUILDS))
def test_what_keras_cannot_build_is_refused_before_build(case):
    """Each case once passed check() and then failed in Keras: now loading or check() refuses it."""
    try:
        project = Project.from_dict(CHECK_OK_MEANS_IT_BUILDS[case])
    except ProjectError:
        return
    assert check(project).errors
    with pytest.raises(BuildError):
        build(project)


# check() warned that "only the main output is ... passed on", but build() passed the whole list on
SEVERAL_OUTPUTS = {
    "return_state": _doc(
        [
            ("x", "Input", {"shape": [5, 3]}),
            ("r", "LSTM", {"units": 2, "return_state": True}),
            ("d", "Dense", {"units": 1}),
        ],
        [("x", "r"), ("r", "d")],
    ),
    "merge_mode None": _doc(
        [
            ("x", "Input", {"shape": [5, 3]}),
            ("b", "Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 2}}, "merge_mode": None}),
            ("d", "Dense", {"units": 1}),
        ],
        [("x", "b"), ("b", "d")],
    ),
}


@pytest.mark.parametrize("case", sorted(SEVERAL_OUTPUTS))
def test_an_edge_from_a_layer_with_several_outputs_carries_its_first(case):
    project = Project.from_dict(SEVERAL_OUTPUTS[case])
    assert check(project).ok
    model = build(project)
    assert model.output_shape == (None, 1) and model.get_layer("d").input.shape == (None, 2)


def test_max_pooling_strides_survive_from_keras():
    inputs = keras.Input((9, 9, 2), name="x")
    # as in ResNet50 and DenseNet121; from_keras used to drop strides=2 (the default pool size) here
    outputs = keras.layers.MaxPooling2D(3, strides=2, name="pool")(inputs)
    assert_round_trip(keras.Model(inputs, outputs))


def test_integer_inputs_survive_from_keras():
    # token ids feeding an Embedding: the Input's int32 dtype was refused as "not a dtype policy"
    inputs = keras.Input((12,), dtype="int32", name="tokens")
    outputs = keras.layers.Embedding(50, 4, name="embed")(inputs)
    assert_round_trip(keras.Model(inputs, outputs))
