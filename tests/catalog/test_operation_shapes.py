"""The op table's pure-Python shape rules against Keras itself, on a grid of shapes and arguments."""

from __future__ import annotations

import inspect

import pytest

from nnbuilder.catalog import LayerProblem
from nnbuilder.catalog._op_rule_tools import NeedsKeras
from nnbuilder.catalog.op_keys import decode_key, encode_key
from nnbuilder.catalog.operations import get_op_spec, op_specs, operand_shapes
from nnbuilder.document.params import REQUIRED

BINARY = ["add", "subtract", "multiply", "true_divide", "power", "maximum", "greater", "not_equal", "logical_and"]
UNARY = ["negative", "absolute", "exp", "sqrt", "relu", "sigmoid", "tanh", "gelu", "silu", "logical_not", "cast"]
REDUCTIONS = ["mean", "sum", "max", "min", "prod", "std", "var", "logsumexp", "any", "all"]
SHAPES = [(None, 4, 6), (2, 4, 6), (None, 1, 6), (None, 5), (None, 6, 4), (3,), ()]
PAIRS = [
    ((None, 4, 6), (None, 4, 6)),
    ((None, 4, 6), (6,)),
    ((None, 4, 6), (None, 1, 6)),
    ((None, 1, 6), (None, 4, 1)),
    ((None, 4, 6), (2, 4, 6)),
    ((None, 4), ()),
    ((4, 1), (None,)),
]


def ours(op, config, shapes):
    spec = get_op_spec(op)
    return spec.infer(spec.full_config(config), operand_shapes(spec, config, shapes))


def keras_shapes(op, config, shapes):
    from nnbuilder.bridge.operations import infer_op_with_keras

    lists = {arg: value if isinstance(value, list) else [value] for arg, value in shapes.items()}
    return infer_op_with_keras(op, config, lists)


def _cases():
    for op in BINARY:
        for a, b in PAIRS:
            yield op, {}, {"x1": a, "x2": b}
        yield op, {"x2": 0.5}, {"x1": (None, 3)}
        yield op, {"x1": 2.0}, {"x2": (None, 3)}
    for a, b in PAIRS[:4]:
        yield "where", {}, {"condition": a, "x1": b, "x2": a}
        yield "where", {"x2": 0.0}, {"condition": a, "x1": b}
    for op in UNARY:
        for shape in SHAPES[:4]:
            yield op, ({"dtype": "float16"} if op == "cast" else {}), {"x": shape}
    for op in ("softmax", "log_softmax"):
        for axis in (-1, 1, 0):
            yield op, {"axis": axis}, {"x": (None, 4, 6)}
    yield "clip", {"x_min": 0.0, "x_max": 1.0}, {"x": (None, 4)}
    for op in REDUCTIONS:
        for axis in (None, 1, -1, [1, 2], 0, [0, -1]):
            for keepdims in (False, True):
                yield op, {"axis": axis, "keepdims": keepdims}, {"x": (None, 4, 6)}
    for op in ("argmax", "argmin"):
        for axis in (None, 1, -1):
            yield op, {"axis": axis}, {"x": (None, 4, 6)}
    for newshape in ([4, 6], [-1, 6], [None, 24], [2, 2, 6], [24], [-1, 4, 6], [5, 5]):
        for shape in ((4, 6), (None, 4, 6), (2, 4, 6)):
            yield "reshape", {"newshape": newshape}, {"x": shape}
    for axes in (None, [0, 2, 1], [2, 0, 1], [-1, 0, 1]):
        yield "transpose", {"axes": axes}, {"x": (None, 4, 6)}
    for axis in (0, 1, -1, 3, [1, 2], [0, -1]):
        yield "expand_dims", {"axis": axis}, {"x": (None, 4, 6)}
    for axis in (None, 1, -1, [1, 3]):
        yield "squeeze", {"axis": axis}, {"x": (None, 1, 6, 1)}
    for axis in (-1, 1, 0):
        yield "concatenate", {"axis": axis}, {"xs": [(None, 4, 6), (None, 4, 2)]}
        yield "concatenate", {"axis": axis}, {"xs": [(None, 4, 6), (None, 4, 6), (2, 4, 6)]}
    for axis in (0, 1, -1, 3):
        yield "stack", {"axis": axis}, {"x": [(None, 4, 6), (None, 4, 6)]}
    for sections, axis in ((2, -1), (3, 1), ([1, 4], -1), (2, 0), ([2], 1)):
        yield "split", {"indices_or_sections": sections, "axis": axis}, {"x": (None, 6, 6)}
    for key in (
        0,
        -1,
        [{"slice": [None, None, None]}, 0],
        ["...", 0],
        [{"slice": [None, None, None]}, None],
        [{"slice": [None, None, None]}, {"slice": [1, 3, None]}, {"slice": [None, None, 2]}],
        [None, "...", None],
        ["...", {"slice": [None, None, -1]}],
        [{"slice": [None, None, None]}, 5],
        [0, 0, 0],
        [{"slice": [-2, None, None]}, -4],
    ):
        yield "get_item", {"key": key}, {"x": (None, 4, 6)}
    for a, b in (((None, 4, 6), (None, 6, 3)), ((None, 4, 6), (6, 3)), ((None, 4, 6), (6,)), ((6,), (None, 6, 2))):
        yield "matmul", {}, {"x1": a, "x2": b}
    for subscripts, shapes in (
        ("bij,bjk->bik", [(None, 4, 6), (None, 6, 3)]),
        ("ij,jk", [(4, 6), (6, 3)]),
        ("bij->bji", [(None, 4, 6)]),
        ("bi,bi->b", [(None, 4), (None, 4)]),
        ("bij,bkj->bik", [(None, 4, 6), (None, 5, 6)]),
    ):
        yield "einsum", {"subscripts": subscripts}, {"operands": shapes}
    for repeats in ([1, 2, 1], 2, [2, 1], [1, 1, 1, 2]):
        yield "tile", {"repeats": repeats}, {"x": (None, 4, 6)}
    for repeats, axis in ((2, 1), ([1, 2, 3, 4], 1), (3, None), (2, -1), ([1, 2], 1)):
        yield "repeat", {"repeats": repeats, "axis": axis}, {"x": (2, 4, 6)}
        yield "repeat", {"repeats": repeats, "axis": axis}, {"x": (None, 4, 6)}
    for width in ([[0, 0], [1, 1], [2, 0]], [[1, 2]], [[0, 0], [1, 1]]):
        yield "pad", {"pad_width": width}, {"x": (None, 4, 6)}
    for target in ([2, 3, 4, 6], [2, 4, 6], [2, 5, 6]):
        yield "broadcast_to", {"shape": target}, {"x": (None, 1, 6)}


CASES = list(_cases())


@pytest.mark.parametrize(("op", "config", "shapes"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_table_infers_what_keras_infers(op, config, shapes):
    try:
        expected = keras_shapes(op, config, shapes)
    except LayerProblem:
        expected = None
    try:
        found = ours(op, config, shapes)
    except LayerProblem as problem:
        assert problem.severity == "error"
        assert f"ops.{op}" in problem.message and problem.message.say("zh") != str(problem.message)
        found = None
    assert found == expected


def test_the_table_covers_the_common_ops():
    specs = op_specs()
    assert len(specs) >= 50
    for name in ("add", "multiply", "mean", "get_item", "concatenate", "split", "reshape", "where", "einsum"):
        assert name in specs
    assert specs["add"].operator == "+" and specs["get_item"].operator == "x[key]"


@pytest.mark.parametrize("name", sorted(op_specs()))
def test_each_op_matches_its_keras_function(name):
    """Arguments, their order and defaults are those of keras.ops.<name>; help reads in both languages."""
    import keras

    spec = get_op_spec(name)
    fn = getattr(keras.ops, name)
    parameters = [p for p in inspect.signature(fn).parameters.values() if p.kind != p.VAR_KEYWORD]
    tensors = [t.name for t in spec.tensor_params]
    assert sorted(p.name for p in parameters) == sorted(tensors + [p.name for p in spec.params])
    for param in spec.params:
        default = inspect.signature(fn).parameters[param.name].default
        assert param.default == (REQUIRED if default is inspect.Parameter.empty else default), param.name
    assert spec.help_en and spec.help_zh and spec.help_en != spec.help_zh


def test_einsum_with_an_ellipsis_is_left_to_keras():
    with pytest.raises(NeedsKeras):
        ours("einsum", {"subscripts": "...ij,...jk->...ik"}, {"operands": [(None, 4, 6), (None, 6, 3)]})


def test_a_key_survives_json():
    key = (slice(None, None, None), Ellipsis, None, 0, slice(1, -1, 2))
    assert decode_key(encode_key(key)) == key
    assert encode_key(key) == [{"slice": [None, None, None]}, "...", None, 0, {"slice": [1, -1, 2]}]
    with pytest.raises(ValueError):
        encode_key(1.5)


def test_a_problem_names_the_op_and_the_axis():
    with pytest.raises(LayerProblem) as info:
        ours("mean", {"axis": 3}, {"x": (None, 4, 6)})
    assert info.value.code == "op_axis" and info.value.param == "axis"
    assert str(info.value.message) == "ops.mean: axis 3 does not exist in a tensor of shape (None, 4, 6)"
    assert info.value.message.say("zh") == "ops.mean：形状为 (None, 4, 6) 的张量没有轴 3"


def test_broadcasting_to_fewer_axes_is_refused():
    """Keras' symbolic rule lets it pass, but running it fails: broadcasting never removes axes."""
    import keras
    import numpy as np

    with pytest.raises(LayerProblem) as info:
        ours("broadcast_to", {"shape": [4, 6]}, {"x": (2, 1, 6)})
    assert info.value.code == "op_broadcast"
    with pytest.raises(Exception):  # noqa: B017 - any Keras failure will do
        keras.ops.broadcast_to(np.zeros((2, 1, 6), "float32"), (4, 6))
