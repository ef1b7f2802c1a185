"""Operation nodes: Keras models that compute with keras.ops functions and Python operators (`x + y`,
`x[:, 0]`, `ops.mean(x, axis=1)`) import as Op nodes, check with Keras' shapes, build to the same
model, and export as standalone code; operations a project cannot carry are refused by name."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from nnbuilder import Project, build, check, export_code, from_keras
from nnbuilder.errors import ProjectError, UnsupportedModelError
from tests.roundtrip import assert_round_trip, layer_signature, sample_inputs
from tests.standalone import run_exported
from tests.test_problem_words import untranslated


def _residual():
    import keras

    x = keras.Input((6,), name="x")
    dense = keras.layers.Dense(6, name="dense")(x)
    return keras.Model(x, dense + x, name="residual")


def _long_names():
    """Operands whose names do not fit one line with their operator (as in ConvNeXt's residual blocks)."""
    import keras

    x = keras.Input((6,), name="the_input_of_a_residual_block_whose_name_runs_on_and_on")
    dense = keras.layers.Dense(6, name="the_dense_projection_of_a_residual_block_named_at_length")(x)
    total = dense + x
    return keras.Model(x, [total, total**dense, -total, total[:, 0:3, None]], name="long_names")


def _scalars():
    import keras

    x = keras.Input((5,), name="x")
    half = x * 0.5
    return keras.Model(x, [half, 2.0 - x, x**2, -half, (-2.0) ** x, x / 4], name="scalars")


def _matmul():
    import keras

    x, y = keras.Input((4, 6), name="x"), keras.Input((6, 3), name="y")
    return keras.Model([x, y], [x @ y, keras.ops.einsum("bij,bjk->bik", x, y)], name="matmul")


def _indexing():
    import keras

    x = keras.Input((4, 6), name="x")
    return keras.Model(x, [x[:, 0], x[..., 0], x[:, None], x[:, 1:3, ::2], x[:, -1, 2:]], name="indexing")


def _reductions_and_shapes():
    import keras
    from keras import ops

    x = keras.Input((4, 6), name="x")
    a = keras.layers.Dense(2, name="a")(x)
    mean = ops.mean(x, axis=1)
    total = ops.sum(x, axis=[1, 2])
    joined = ops.concatenate([x, a], axis=-1)
    flat = ops.reshape(joined, (-1, 32))
    turned = ops.transpose(x, (0, 2, 1))
    return keras.Model(x, [mean, total, flat, turned], name="shapes")


def _where():
    import keras
    from keras import ops

    x = keras.Input((7,), name="x")
    return keras.Model(x, ops.where(x > 0, x, 0.0), name="where")


def _split():
    import keras
    from keras import ops

    x = keras.Input((8,), name="x")
    left, right = ops.split(x, 2, axis=-1)
    out = keras.layers.Dense(3, name="dense")(right) - keras.layers.Dense(3, name="dense_left")(left)
    return keras.Model(x, out, name="split")


def _outside_the_table():
    import keras
    from keras import ops

    x, y = keras.Input((5,), name="x"), keras.Input((1,), name="y")
    return keras.Model([x, y], ops.logaddexp(x, y), name="logaddexp")


def _named_like_an_op():
    """A layer Keras names "add" beside an operation Keras names "add" as well."""
    import keras

    x = keras.Input((3,), name="x")
    layer = keras.layers.Add(name="add")([x, x])
    return keras.Model(x, keras.layers.Dense(3, name="dense")(layer) + x, name="clash")


MODELS = {
    "residual": _residual,
    "scalars": _scalars,
    "matmul": _matmul,
    "indexing": _indexing,
    "reductions_and_shapes": _reductions_and_shapes,
    "where": _where,
    "split": _split,
    "long_names": _long_names,
    "outside_the_table": _outside_the_table,
    "named_like_an_op": _named_like_an_op,
}


@functools.cache
def model(name):
    """The model, its operations named as Keras names them in a fresh process (`add`, `add_1`...): Keras
    numbers automatic names across the whole process, and other tests make operations too."""
    from nnbuilder.bridge.operations import function_name

    built = MODELS[name]()
    taken = {layer.name for layer in built.layers}
    counts: dict[str, int] = {}
    for op in _operations(built):
        base = function_name(type(op).__name__)
        while True:
            count = counts.get(base, 0)
            counts[base] = count + 1
            candidate = base if count == 0 else f"{base}_{count}"
            if candidate not in taken:
                break
        op.name = candidate
        taken.add(candidate)
    return built


def _operations(keras_model):
    import keras

    return [op for op in keras_model.operations if not isinstance(op, keras.layers.Layer)]


@pytest.mark.parametrize("name", list(MODELS))
def test_a_model_with_operations_round_trips(name):
    original = model(name)
    project = assert_round_trip(original)  # same classes, configs, links, parameter count and outputs
    result = check(project)
    nodes = result.models[next(iter(result.models))]
    ops = _operations(original)
    assert ops, "the model computes with operations"
    for op in ops:
        node = project.graph.node(op.name)
        assert node is not None and node.layer == "Op", op.name
        shapes = [tuple(t.shape) for t in op._inbound_nodes[0].outputs]
        assert nodes[op.name].output_shapes == shapes, op.name


def test_operations_become_readable_nodes():
    project = from_keras(model("residual"))
    node = project.graph.node("add") or next(n for n in project.graph.nodes if n.layer == "Op")
    assert (node.layer, node.op, node.config) == ("Op", "add", {})
    into = sorted((e.arg, e.source) for e in project.graph.edges if e.target == node.id)
    assert into == [("x1", "dense"), ("x2", "x")]
    scalars = [(n.op, n.config) for n in from_keras(model("scalars")).graph.nodes if n.layer == "Op"]
    assert ("multiply", {"x2": 0.5}) in scalars and ("subtract", {"x1": 2.0}) in scalars
    assert ("power", {"x2": 2}) in scalars and ("power", {"x1": -2.0}) in scalars
    keys = [n.config["key"] for n in from_keras(model("indexing")).graph.nodes if n.layer == "Op"]
    assert keys[0] == [{"slice": [None, None, None]}, 0]
    assert keys[1] == ["...", 0] and keys[2] == [{"slice": [None, None, None]}, None]
    split = from_keras(model("split"))
    assert {(e.source, e.output) for e in split.graph.edges if e.source == "split"} == {("split", 0), ("split", 1)}


def test_the_export_writes_operators_and_ops_calls():
    code = export_code(from_keras(model("residual")))
    assert "from keras import layers\n" in code and "add = dense + x\n" in code
    code = export_code(from_keras(model("scalars")))
    assert "multiply = x * 0.5" in code and "subtract = 2.0 - x" in code and "power = x**2" in code
    assert "negative = -multiply" in code and "power_1 = (-2.0) ** x" in code and "true_divide = x / 4" in code
    code = export_code(from_keras(model("indexing")))
    assert "get_item = x[:, 0]" in code and "x[..., 0]" in code and "x[:, None]" in code and "x[:, 1:3, ::2]" in code
    code = export_code(from_keras(model("reductions_and_shapes")))
    assert "from keras import layers, ops\n" in code
    assert "mean = ops.mean(x, axis=1)" in code and "ops.sum(x, axis=[1, 2])" in code
    assert "ops.concatenate([x, a], axis=-1)" in code
    code = export_code(from_keras(model("matmul")))
    assert "matmul = x @ y" in code and 'einsum = ops.einsum("bij,bjk->bik", x, y)' in code
    code = export_code(from_keras(model("long_names")))
    split_line = " = (\n        the_dense_projection_of_a_residual_block_named_at_length\n        + the_input_of"
    assert "from keras import layers\n" in code and split_line in code
    code = export_code(from_keras(model("split")))
    assert "split, split_output_1 = ops.split(x, 2, axis=-1)" in code


def test_every_export_runs_without_nnbuilder(tmp_path):
    loaded = run_exported({name: export_code(from_keras(model(name))) for name in MODELS}, tmp_path)
    for name in MODELS:
        original = model(name)
        assert layer_signature(loaded[name]) == layer_signature(original), name
        loaded[name].set_weights(original.get_weights())
        data = sample_inputs(original)
        feed = data[0] if len(data) == 1 else data
        for got, expected in zip(
            _as_list(loaded[name].predict(feed, verbose=0)), _as_list(original.predict(feed, verbose=0))
        ):
            np.testing.assert_allclose(got, expected, atol=1e-5, rtol=1e-5)


def _as_list(value):
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- refusals


def test_operations_that_run_python_functions_are_refused():
    import keras
    from keras import ops

    x = keras.Input((3,), name="x")
    mapped = keras.Model(x, ops.map(lambda t: t * 2, x))
    with pytest.raises(UnsupportedModelError, match=r"ops\.map runs a Python function given to it"):
        from_keras(mapped)
    looped = keras.Model(x, ops.fori_loop(0, 2, lambda i, v: v * 2, x))
    with pytest.raises(UnsupportedModelError, match=r"ops\.fori_loop runs a Python function"):
        from_keras(looped)


def test_a_numpy_constant_is_refused_with_a_sentence():
    import keras

    x = keras.Input((3,), name="x")
    scaled = keras.Model(x, x * np.array([1.0, 2.0, 3.0], "float32"))
    with pytest.raises(UnsupportedModelError) as info:
        from_keras(scaled)
    message = str(info.value)
    assert "Multiply (multiply" in message and "NumPy array constant" in message and "'x2'" in message


def test_a_number_a_project_file_cannot_hold_is_refused_on_import():
    import math

    import keras

    x = keras.Input((4,), name="x")
    unbounded = keras.Model(x, keras.ops.nan_to_num(x, nan=0.0, posinf=math.inf))
    with pytest.raises(UnsupportedModelError, match=r"NanToNum \(nan_to_num\) holds a float as 'posinf'"):
        from_keras(unbounded)


def _document(op, config, edges, shape=(4, 6)):
    nodes = [{"id": "x", "layer": "Input", "config": {"shape": list(shape)}}]
    nodes.append({"id": "op", "layer": "Op", "op": op, "config": config})
    edges = [{"source": "x", "target": "op", "arg": arg, "port": port} for arg, port in edges]
    return {"format": "nnbuilder", "version": 2, "models": {"model": {"nodes": nodes, "edges": edges}}}


@pytest.mark.parametrize("op", ["map", "cond"])
def test_a_file_cannot_call_an_operation_that_runs_code(op):
    with pytest.raises(
        ProjectError, match=rf"node 'op' is refused because ops\.{op} runs (a )?Python functions? given"
    ):
        Project.from_dict(_document(op, {}, [("x", 0)]))
    trusted = Project.from_dict(_document(op, {}, [("x", 0)]), trust=True)  # Python may, and check goes on
    assert check(trusted).errors


@pytest.mark.parametrize(
    ("op", "config", "edges", "code", "words"),
    [
        (
            "mean",
            {"axis": 3},
            [("x", 0)],
            "op_axis",
            "ops.mean: axis 3 does not exist",
        ),
        ("mean", {"axes": 1}, [("x", 0)], "param", "ops.mean has no argument 'axes'"),
        ("add", {}, [("x1", 0)], "op_missing", "ops.add needs 'x2'"),
        ("add", {"x2": "half"}, [("x1", 0)], "op_constant", "x2 must be a tensor or a number"),
        ("add", {"x2": 1.0}, [("x1", 0), ("x2", 0)], "op_twice", "'x2' both from an edge and from its settings"),
        ("negative", {}, [("x", 0), ("x", 1)], "op_one_tensor", "one tensor as 'x', got 2"),
        ("transpose", {"axes": [0, 1]}, [("x", 0)], "op_permutation", "must name each of the 3 axes of (None, 4, 6)"),
        ("reshape", {}, [("x", 0)], "required", "ops.reshape needs 'newshape'"),
        ("logaddexp", {"x2": [1, 2, 3, 4, 5]}, [("x1", 0)], "keras", "Keras refused ops.logaddexp"),
        ("no_such_op", {}, [("x", 0)], "op_unknown", "'no_such_op' is not a keras.ops function"),
        ("split", {"indices_or_sections": 4, "axis": -1}, [("x", 0)], "op_split", "does not split into 4 equal"),
        ("split", {"indices_or_sections": 0}, [("x", 0)], "op_value", "indices_or_sections must be 1 or more"),
        ("get_item", {"key": [0, 0, 0, 0]}, [("x", 0)], "op_key", "indexes more axes than it has"),
        ("get_item", {"key": [{"slice": [None, None, 0]}]}, [("x", 0)], "op_value", "step is 0"),
        ("get_item", {"key": [1.5]}, [("x", 0)], "op_key", "holds 1.5, which is not an index"),
        ("get_item", {"key": [0, 9]}, [("x", 0)], "op_index", "index 9 is outside axis 1 of (None, 4, 6)"),
        ("squeeze", {"axis": 1}, [("x", 0)], "op_squeeze", "axis 1 of (None, 4, 6) has size 4"),
        ("pad", {"pad_width": "wide"}, [("x", 0)], "op_value", "pad_width must be pairs of sizes"),
        ("einsum", {"subscripts": "ij,jk->ik"}, [("operands", 0)], "op_einsum", "they name 2 inputs"),
        ("concatenate", {"axis": 0}, [("xs", 0), ("x", 0)], "op_not_tensor", "takes no tensor as 'x'"),
        ("matmul", {}, [("x1", 0), ("x2", 0)], "op_matmul", "the last axis of x1 (None, 4, 6)"),
        ("stack", {"axis": 4}, [("x", 0), ("x", 1)], "op_axis", "axis 4 does not exist"),
        ("negative", {"x": 1.0}, [], "op_tensor_only", "takes 'x' only as a tensor"),
        ("add", {"x1": 1.0, "x2": 2.0}, [], "unconnected", "ops.add gets no tensor"),
        ("ones", {"shape": [100000, 100000]}, [], "unconnected", "ops.ones gets no tensor"),
    ],
)
def test_a_broken_op_node_names_itself_and_what_is_wrong(op, config, edges, code, words):
    result = check(Project.from_dict(_document(op, config, edges)))
    problems = [p for p in result.problems if p.node == "op"]
    assert problems and problems[0].code == code, [str(p) for p in result.problems]
    assert words in problems[0].message
    assert problems[0].say("zh") != problems[0].message
    assert not untranslated(result)


def test_an_edge_into_an_op_must_name_its_argument():
    document = _document("negative", {}, [("x", 0)])
    del document["models"]["model"]["edges"][0]["arg"]
    result = check(Project.from_dict(document))
    (problem,) = [p for p in result.problems if p.node == "op"]
    assert problem.code == "op_edge_arg" and "e.g. 'x'" in problem.message


def test_a_hand_made_op_graph_builds_and_exports():
    document = _document("split", {"indices_or_sections": [2], "axis": -1}, [("x", 0)])
    graph = document["models"]["model"]
    graph["nodes"].append({"id": "sum", "layer": "Op", "op": "add", "config": {}})
    graph["edges"] += [
        {"source": "op", "target": "sum", "arg": "x1", "port": 0, "output": 1},
        {"source": "op", "target": "sum", "arg": "x2", "port": 0},
    ]
    project = Project.from_dict(document)
    result = check(project)
    assert result.models["model"]["op"].output_shapes == [(None, 4, 2), (None, 4, 4)]
    (problem,) = result.errors
    assert problem.node == "sum" and problem.code == "op_broadcast"
    graph["nodes"][1]["config"]["indices_or_sections"] = 2
    project = Project.from_dict(document)
    assert check(project).ok
    data = np.arange(48, dtype="float32").reshape(2, 4, 6)
    np.testing.assert_allclose(build(project).predict(data, verbose=0), data[..., 3:] + data[..., :3])
    code = export_code(project)
    assert "op, op_output_1 = ops.split(x, [2], axis=-1)" not in code
    assert "op, op_output_1 = ops.split(x, 2, axis=-1)" in code and "sum_ = op_output_1 + op" in code


def test_a_project_made_in_python_reports_an_operation_that_runs_code():
    from nnbuilder import Edge, Graph, Node

    nodes = [Node("x", "Input", {"shape": [3]}), Node("op", "Op", {}, op="map")]
    project = Project(models={"model": Graph(nodes, [Edge("x", "op", 0, arg="xs")])})
    (problem,) = check(project).errors
    assert problem.code == "unsafe" and problem.node == "op"
    assert "ops.map runs a Python function given to it" in problem.message
    assert "ops.map 会运行传给它的 Python 函数" in problem.say("zh")


def test_a_numpy_number_is_kept_only_when_it_computes_alike():
    import keras

    x = keras.Input((3,), name="x")
    assert_round_trip(keras.Model(x, x * np.float32(2.0)))  # float32 times float32: a plain 2.0 does the same
    half = keras.Input((3,), name="half", dtype="float16")
    with pytest.raises(UnsupportedModelError, match=r"multiply\(\.\.\.\) of Multiply .* cannot be written"):
        from_keras(keras.Model(half, half * np.float32(2.0)))  # float32 would widen the float16 result


def test_an_operation_no_keras_ops_function_makes_is_refused():
    import keras
    from keras import ops

    x = keras.Input((4, 4, 3), name="x")
    with pytest.raises(UnsupportedModelError, match="Resize is not a keras.layers class, and no function of keras.ops"):
        from_keras(keras.Model(x, ops.image.resize(x, (8, 8))))


def test_a_split_into_one_part_is_unpacked():
    document = _document("split", {"indices_or_sections": 1, "axis": 1}, [("x", 0)])
    project = Project.from_dict(document)
    assert check(project).ok
    code = export_code(project)
    assert "(op,) = ops.split(x, 1, axis=1)" in code
    namespace: dict = {}
    exec(compile(code, "exported", "exec"), namespace)  # the script's own names only
    assert tuple(namespace["build_model"]().output_shape) == (None, 4, 6)
