import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 32, 32, 16)]),
        ({}, [(None, 10)]),
        ({"center": False}, [(None, 10)]),
        ({"scale": False}, [(None, 10)]),
        ({"center": False, "scale": False}, [(None, 10)]),
        ({"axis": 1}, [(None, 16, 8, 8)]),
        ({"axis": -2}, [(None, 7, 5)]),
        ({"renorm": True}, [(None, 6)]),
        ({"renorm": True, "renorm_clipping": {"rmax": 3.0, "rmin": 0.3, "dmax": 5.0}}, [(None, 6)]),
        ({"momentum": 0.9, "epsilon": 1e-5}, [(None, None, 12)]),
    ],
)
def test_batch_norm_matches_keras(config, shapes):
    assert_matches_keras("BatchNormalization", config, shapes)


def test_batch_norm_counts():
    assert ours("BatchNormalization", {}, [(None, 32, 32, 16)])[1:] == (32, 32)
    assert ours("BatchNormalization", {"renorm": True, "center": False}, [(None, 4)])[1:] == (4, 20)


@pytest.mark.parametrize("axis", [3, -4])
def test_batch_norm_axis_out_of_range(axis):
    problem = assert_both_refuse("BatchNormalization", {"axis": axis}, [(None, 10, 3)], code="param")
    assert problem.param == "axis" and "(None, 10, 3)" in problem.message


def test_batch_norm_refuses_batch_axis_and_unknown_channels():
    assert assert_both_refuse("BatchNormalization", {"axis": 0}, [(None, 10, 3)]).param == "axis"
    problem = assert_both_refuse("BatchNormalization", {}, [(None, 10, None)], code="unknown_size")
    assert "(None, 10, None)" in problem.message


def test_batch_norm_refuses_several_axes_and_bad_clipping():
    assert_both_refuse("BatchNormalization", {"axis": [1, 2]}, [(None, 10, 3)], code="param")
    problem = assert_both_refuse(
        "BatchNormalization",
        {"renorm": True, "renorm_clipping": {"rmax": 0.1, "rmin": 1.0}},
        [(None, 3)],
        code="param",
    )
    assert problem.param == "renorm_clipping"
    assert_both_refuse("BatchNormalization", {"renorm": True, "renorm_clipping": {"r": 1}}, [(None, 3)], code="param")


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 10, 64)]),
        ({}, [(None, 64)]),
        ({"axis": [1, 2]}, [(None, 10, 3)]),
        ({"axis": [-1, 1]}, [(None, 4, 5, 6)]),
        ({"center": False}, [(None, 10, 64)]),
        ({"scale": False, "axis": 1}, [(None, 10, 64)]),
        ({"center": False, "scale": False}, [(None, 10, 64)]),
        ({}, [(None, None, 8)]),
    ],
)
def test_layer_norm_matches_keras(config, shapes):
    assert_matches_keras("LayerNormalization", config, shapes)


@pytest.mark.parametrize("axis, code", [(3, "param"), (0, "param"), ([1, 5], "param")])
def test_layer_norm_bad_axis(axis, code):
    problem = assert_both_refuse("LayerNormalization", {"axis": axis}, [(None, 10, 3)], code=code)
    assert problem.param == "axis"


def test_layer_norm_unknown_size():
    assert_both_refuse("LayerNormalization", {}, [(None, 10, None)], code="unknown_size")


def test_layer_norm_refuses_repeated_axis():
    with pytest.raises(LayerProblem) as info:
        ours("LayerNormalization", {"axis": [2, -1]}, [(None, 10, 3)])
    assert info.value.code == "param" and "twice" in info.value.message
