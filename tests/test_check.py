"""check(): shapes, parameter counts and every kind of diagnostic, with fixes."""

import pytest

from nnbuilder import Checker, Node, apply_fix, check, load_template
from tests.helpers import MLP, chain, graph, shared_dense


def codes(result):
    return sorted({p.code for p in result.problems})


def test_shapes_and_counts_of_a_chain():
    result = check(chain(*MLP))
    assert result.ok
    assert result.node("h").output_shape == (None, 4)
    assert result.node("h").params == 8 * 4 + 4
    assert result.node("y").params == 4 * 2 + 2
    assert result.totals("model") == (46, 0)


def test_templates_check_clean_with_documented_counts():
    for name in ("mnist_mlp", "mnist_cnn", "lstm", "gan", "autoencoder"):
        result = check(load_template(name))
        assert result.ok, (name, [str(p) for p in result.problems])
    assert check(load_template("mnist_mlp")).totals("model") == (101_770, 0)
    assert check(load_template("mnist_cnn")).totals("model") == (34_826, 0)


def test_dense_after_conv_warns_with_flatten_fix_that_resolves_it():
    project = chain(
        ("img", "Input", {"shape": [28, 28, 1]}),
        ("conv", "Conv2D", {"filters": 8, "kernel_size": [3, 3]}),
        ("out", "Dense", {"units": 10, "activation": "softmax"}),
    )
    result = check(project)
    (problem,) = result.problems
    assert (problem.code, problem.node, problem.severity) == ("rank", "out", "warning")
    assert problem.edge == {"source": "conv", "target": "out", "port": 0}
    assert "(None, 26, 26, 8)" in problem.message
    assert [f["label"] for f in problem.fixes] == ["Insert Flatten", "Insert GlobalAveragePooling2D"]
    fixed = apply_fix(project, problem)
    after = check(fixed)
    assert after.ok and not after.problems
    assert after.node("out").output_shape == (None, 10)
    assert after.node("flatten").output_shape == (None, 26 * 26 * 8)
    assert project.models["model"].node("flatten") is None  # the original is untouched


def test_lstm_fed_a_vector_suggests_reshape():
    project = chain(("x", "Input", {"shape": [784]}), ("rnn", "LSTM", {"units": 8}))
    (problem,) = check(project).errors
    assert problem.code == "rank"
    assert problem.fixes[0]["label"] == "Insert Reshape to (None, 784, 1)"
    fixed = check(apply_fix(project, problem))
    assert fixed.ok and fixed.node("rnn").output_shape == (None, 8)


def test_conv2d_fed_a_vector_suggests_reshape_to_an_image():
    project = chain(("x", "Input", {"shape": [784]}), ("conv", "Conv2D", {"filters": 4, "kernel_size": 3}))
    (problem,) = check(project).errors
    assert problem.code == "rank" and "Reshape" in problem.fixes[0]["label"]
    fixed = check(apply_fix(project, problem))
    assert fixed.ok and fixed.node("conv").output_shape == (None, 26, 26, 4)


def test_merge_of_incompatible_shapes():
    project = graph(
        [("a", "Input", {"shape": [4]}), ("b", "Input", {"shape": [5]}), ("add", "Add", {})],
        [("a", "add", 0), ("b", "add", 1)],
    )
    (problem,) = check(project).errors
    assert problem.code == "merge_shape" and problem.node == "add"
    assert "(None, 4)" in problem.message and "(None, 5)" in problem.message


def test_wrong_number_of_inputs():
    project = graph(
        [("a", "Input", {"shape": [4]}), ("b", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2})],
        [("a", "d", 0), ("b", "d", 1)],
    )
    (problem,) = check(project).errors
    assert problem.code == "arity" and problem.message == "Dense takes 1 input but has 2"
    assert problem.fixes[0]["action"] == "remove_edge"
    assert codes(check(apply_fix(project, problem))) == ["unconnected"]  # now input b leads nowhere
    lonely = graph([("a", "Input", {"shape": [4]}), ("cat", "Concatenate", {})], [("a", "cat", 0)])
    (problem,) = check(lonely).errors
    assert problem.code == "arity" and "at least 2 inputs" in problem.message


def test_cycle_is_reported_on_its_nodes_and_edge():
    project = graph(
        [
            ("a", "Input", {"shape": [4]}),
            ("add", "Add", {}),
            ("d", "Dense", {"units": 4}),
            ("out", "Dense", {"units": 1}),
        ],
        [("a", "add", 0), ("d", "add", 1), ("add", "d", 0), ("d", "out", 0)],
    )
    result = check(project)
    cycle = [p for p in result.errors if p.code == "cycle"]
    assert sorted(p.node for p in cycle) == ["add", "d"]
    assert all(p.edge and p.fixes[0]["action"] == "remove_edge" for p in cycle)


def test_unconnected_input_and_lonely_input_node():
    project = graph([("a", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2})], [])
    result = check(project)
    found = {(p.code, p.node) for p in result.errors}
    assert ("unconnected", "d") in found and ("unconnected", "a") in found
    message = next(p.message for p in result.errors if p.node == "d")
    assert message == "Dense 'd' has no input: connect a layer to it"


def test_node_with_no_path_to_an_output():
    project = graph(
        [("a", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2}), ("side", "Dense", {"units": 3})],
        [("a", "d"), ("a", "side")],
        outputs=["d"],
    )
    (problem,) = check(project).errors
    assert problem.code == "dead_end" and problem.node == "side"
    assert [f["action"] for f in problem.fixes] == ["add_output", "remove"]
    assert check(apply_fix(project, problem)).ok
    assert check(apply_fix(project, problem, problem.fixes[1])).ok


def test_input_without_a_shape():
    (problem,) = check(chain(("a", "Input", {}), ("d", "Dense", {"units": 2}))).errors
    assert problem.code == "missing_shape" and problem.node == "a" and problem.param == "shape"


def test_kernel_larger_than_its_input():
    project = chain(("a", "Input", {"shape": [3, 3, 1]}), ("c", "Conv2D", {"filters": 2, "kernel_size": 5}))
    (problem,) = check(project).errors
    assert problem.code == "too_small" and problem.node == "c"
    assert "padding" in problem.fixes[0]["param"]
    assert check(apply_fix(project, problem)).ok


def test_impossible_parameter_values_are_located():
    project = chain(*MLP)
    project.models["model"].node("h").config["units"] = -4
    (problem,) = check(project).errors
    assert problem.code == "param" and problem.node == "h"
    assert problem.path == "models.model.nodes[1].config.units"
    assert "expected a positive integer, got -4" in problem.message


def test_missing_required_parameter_offers_the_starter_value():
    project = chain(("a", "Input", {"shape": [4]}), ("d", "Dense", {}))
    (problem,) = check(project).errors
    assert problem.code == "required" and problem.fixes[0] == {
        "action": "set",
        "param": "units",
        "value": 64,
        "label": "Set units to 64",
    }


def test_unknown_layer_and_introspected_layer():
    project = chain(("a", "Input", {"shape": [4]}), ("d", "NoSuchLayer", {}))
    (problem,) = check(project).errors
    assert problem.code == "unknown_layer"
    other = chain(("a", "Input", {"shape": [4]}), ("g", "GaussianDropout", {"rate": 0.2}), ("d", "Dense", {"units": 2}))
    result = check(other)
    assert result.ok and result.node("g").output_shape == (None, 4)


def test_problems_downstream_of_an_error_are_not_repeated():
    project = chain(
        ("a", "Input", {"shape": [4]}),
        ("c", "Conv2D", {"filters": 2, "kernel_size": 3}),
        ("d", "Dense", {"units": 2}),
        ("e", "Dense", {"units": 1}),
    )
    assert [p.node for p in check(project).errors] == ["c"]
    assert check(project).node("e").output_shape is None


def test_incremental_check_recomputes_only_downstream():
    checker = Checker()
    project = load_template("mnist_cnn")
    first = checker.check(project)
    assert first.recomputed == len(project.models["model"].nodes)
    again = checker.check(project)
    assert again.recomputed == 0
    project.models["model"].node("conv2").config["filters"] = 16
    edited = checker.check(project)
    # conv2 changed; pool2, flatten, dropout and digit see new shapes; image, conv1, pool1 do not.
    assert edited.recomputed == 5
    assert edited.node("digit").params == 5 * 5 * 16 * 10 + 10
    project.models["model"].node("digit").config["units"] = 5
    assert checker.check(project).recomputed == 1


def test_shared_layers_count_parameters_once():
    project = shared_dense()
    result = check(project)
    assert result.ok
    assert result.node("d").params == 15 and result.node("d2").params == 0
    assert result.node("cat").output_shape == (None, 6)


def test_nested_model_node():
    project = load_template("gan")
    combined = project.models["discriminator"]  # reuse Graph type via a fresh model using both
    del combined
    from nnbuilder import Edge, Graph

    project.models["gan"] = Graph(
        [
            Node("z", "Input", {"shape": [100]}),
            Node("g", "Model", model="generator"),
            Node("d", "Model", model="discriminator"),
        ],
        [Edge("z", "g"), Edge("g", "d")],
    )
    result = check(project)
    assert result.ok, [str(p) for p in result.problems]
    assert result.node("g", "gan").output_shape == (None, 28, 28, 1)
    assert result.node("d", "gan").output_shape == (None, 1)
    assert sum(result.totals("gan")) == sum(result.totals("generator")) + sum(result.totals("discriminator"))


@pytest.mark.parametrize("junk", [None, 3, "x", {"models": 1}])
def test_check_never_raises_on_junk(junk):
    result = check(junk)
    assert not result.ok


def test_fix_applies_to_a_project_with_other_invalid_values():
    project = chain(("x", "Input", {"shape": [784]}), ("rnn", "LSTM", {"units": 8}), ("d", "Dense", {"units": 1}))
    project.models["model"].node("d").config["units"] = -1  # invalid, but must not block another fix
    rank = next(p for p in check(project).problems if p.code == "rank")
    fixed = apply_fix(project, rank)
    assert [p.code for p in check(fixed).errors] == ["param"]


def test_models_using_each_other_in_a_loop_are_reported():
    from nnbuilder import Edge, Graph

    project = load_template("mnist_mlp")
    project.models["a"] = Graph([Node("x", "Input", {"shape": [4]}), Node("m", "Model", model="b")], [Edge("x", "m")])
    project.models["b"] = Graph([Node("x", "Input", {"shape": [4]}), Node("m", "Model", model="a")], [Edge("x", "m")])
    loops = [p for p in check(project).problems if p.code == "cycle"]
    assert [p.message for p in loops] == ["models use each other in a loop: a -> b -> a"]


def test_an_edge_from_a_node_that_is_not_there_is_a_problem_with_a_fix():
    """A project made in Python can hold an edge that names no node; check says so (build would fail)."""
    from nnbuilder import Project
    from nnbuilder.document.project import Edge, Graph

    graph = Graph(
        nodes=[Node("x", "Input", {"shape": [3]}), Node("act", "Activation", {"activation": "relu"})],
        edges=[Edge("x", "act"), Edge("ghost", "act", port=1)],
    )
    project = Project(name="ghost", models={"model": graph})
    result = check(project)
    [problem] = result.errors
    assert problem.code == "edge_unknown_node" and "'ghost'" in problem.message
    fixed = apply_fix(project, problem)
    assert check(fixed).ok
