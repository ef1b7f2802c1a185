import pytest

from nnbuilder.catalog import LayerProblem
from nnbuilder.catalog._shapes import fmt
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours

ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum"]


@pytest.mark.parametrize("layer", ELEMENTWISE)
@pytest.mark.parametrize(
    "shapes",
    [
        [(None, 8), (None, 8)],
        [(None, 8), (None, 1)],
        [(None, 1), (None, 8)],
        [(None, 3, 8), (None, 8)],
        [(None, 8), (None, 3, 8)],
        [(None, None), (None, 8)],
        [(4, 8), (None, 8)],
        [(None, 4, 4, 16), (None, 4, 4, 16)],
    ],
)
def test_elementwise_merges_match_keras(layer, shapes):
    assert_matches_keras(layer, {}, shapes)


@pytest.mark.parametrize("layer", ["Add", "Multiply", "Average", "Maximum"])
def test_elementwise_merges_take_many_inputs(layer):
    assert_matches_keras(layer, {}, [(None, 8), (None, 1), (None, 8)])


@pytest.mark.parametrize("layer", ELEMENTWISE)
def test_elementwise_merge_of_incompatible_shapes(layer):
    problem = assert_both_refuse(layer, {}, [(None, 8), (None, 7)], code="merge_shape")
    assert problem.port == 1
    assert "(None, 8)" in problem.message and "(None, 7)" in problem.message
    assert problem.fixes[0]["layer"] == "Dense" and problem.fixes[0]["config"]["units"] == 8


def test_add_reports_the_first_offending_input():
    problem = assert_both_refuse("Add", {}, [(None, 4, 8), (None, 4, 8), (None, 5, 8)], code="merge_shape")
    assert problem.port == 2


def test_add_refuses_different_batch_sizes():
    problem = assert_both_refuse("Add", {}, [(4, 8), (5, 8)], code="merge_shape")
    assert "batch" in problem.message


def test_subtract_takes_exactly_two_inputs():
    problem = assert_both_refuse("Subtract", {}, [(None, 8)] * 3)
    assert problem.code == "inputs"


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 8), (None, 8)]),
        ({}, [(None, 8), (None, 4), (None, 2)]),
        ({"axis": 1}, [(None, 4, 8), (None, 3, 8)]),
        ({"axis": -2}, [(None, 4, 8), (None, 3, 8)]),
        ({}, [(None, 28, 28, 3), (None, 28, 28, 5)]),
        ({}, [(None, None, 8), (None, 3, 7)]),
        ({"axis": 1}, [(None, 4, None), (None, 4, 7)]),
        ({"axis": 1}, [(None, None, 8), (None, 3, 8)]),
        ({"axis": 0}, [(2, 4, 8), (3, 4, 8)]),
    ],
)
def test_concatenate_matches_keras(config, shapes):
    assert_matches_keras("Concatenate", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"axis": 1}, [(None, 4, 8), (None, 3, 7)]),
        ({}, [(None, 4, 8), (None, 3, 7)]),
        ({}, [(2, 4, 8), (3, 4, 8)]),
        ({"axis": 1}, [(None, 4, 1), (None, 4, 7)]),
    ],
)
def test_concatenate_refuses_mismatched_axes(config, shapes):
    problem = assert_both_refuse("Concatenate", config, shapes, code="merge_shape")
    assert problem.port == 1
    assert "all axes but the concatenation axis" in problem.message
    assert fmt(shapes[0]) in problem.message and fmt(shapes[1]) in problem.message


def test_concatenate_refuses_different_ranks_with_flatten_fix():
    problem = assert_both_refuse("Concatenate", {}, [(None, 8), (None, 3, 8)], code="merge_shape")
    assert problem.port == 1 and problem.fixes[0]["layer"] == "Flatten"


@pytest.mark.parametrize("axis", [3, -4])
def test_concatenate_axis_out_of_range(axis):
    problem = assert_both_refuse("Concatenate", {"axis": axis}, [(None, 4, 8), (None, 4, 7)], code="param")
    assert problem.param == "axis"


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"axes": 1}, [(None, 8), (None, 8)]),
        ({"axes": -1}, [(None, 8), (None, 8)]),
        ({"axes": 1, "normalize": True}, [(None, 8), (None, 8)]),
        ({"axes": -1}, [(None, 5, 8), (None, 6, 8)]),
        ({"axes": [1, 2]}, [(None, 5, 8), (None, 6, 5)]),
        ({"axes": [-2, -1]}, [(None, 5, 8), (None, 6, 5)]),
        ({"axes": (2, 2)}, [(None, 5, 8), (None, 6, 8)]),
        ({"axes": -1}, [(None, 4, 8), (None, 8)]),
        ({"axes": -1}, [(None, 4, 8, 3), (None, 2, 3)]),
        ({"axes": 1}, [(None, None), (None, None)]),
    ],
)
def test_dot_matches_keras(config, shapes):
    assert_matches_keras("Dot", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"axes": 1}, [(None, 8), (None, 7)]),
        ({"axes": 1}, [(None, None), (None, 7)]),
        ({"axes": [1, 2]}, [(None, 5, 8), (None, 6, 8)]),
    ],
)
def test_dot_refuses_mismatched_axes(config, shapes):
    problem = assert_both_refuse("Dot", config, shapes, code="merge_shape")
    assert problem.port == 1
    assert "same size" in problem.message


@pytest.mark.parametrize(
    "config, shapes", [({"axes": 3}, [(None, 8), (None, 8)]), ({"axes": 2}, [(None, 4, 8), (None, 8)])]
)
def test_dot_axis_out_of_range(config, shapes):
    assert assert_both_refuse("Dot", config, shapes, code="param").param == "axes"


@pytest.mark.parametrize("axes", [0, [1, 2, 3]])
def test_dot_refuses_batch_axis_and_long_axes(axes):
    with pytest.raises(LayerProblem) as info:
        ours("Dot", {"axes": axes}, [(None, 8, 8), (None, 8, 8)])
    assert info.value.code == "param" and info.value.param == "axes"
