import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours

CF = {"data_format": "channels_first"}

POOL_1D = [
    ({"pool_size": 2}, [(None, 100, 32)]),
    ({"pool_size": 3}, [(None, 100, 32)]),
    ({"pool_size": 3, "strides": 1}, [(None, 10, 4)]),
    ({"pool_size": 4, "strides": 3, "padding": "same"}, [(None, 10, 4)]),
    ({"pool_size": 2, **CF}, [(None, 4, 11)]),
    ({"pool_size": 2}, [(None, None, 4)]),
    ({"pool_size": 5}, [(None, 5, None)]),
]

POOL_2D = [
    ({"pool_size": [2, 2]}, [(None, 26, 26, 32)]),
    ({"pool_size": 3, "strides": 2}, [(None, 27, 28, 3)]),
    ({"pool_size": [2, 3], "strides": [1, 2], "padding": "same"}, [(None, 7, 8, 3)]),
    ({"pool_size": 2, "padding": "same"}, [(None, 7, 9, 3)]),
    ({"pool_size": 2, **CF}, [(None, 3, 9, 10)]),
    ({"pool_size": 3, "strides": 1, "padding": "same", **CF}, [(None, 3, 9, 10)]),
    ({"pool_size": 2}, [(None, None, 9, 3)]),
    ({"pool_size": 2}, [(8, 4, 4, None)]),
]


@pytest.mark.parametrize("config, shapes", POOL_1D)
@pytest.mark.parametrize("layer", ["MaxPooling1D", "AveragePooling1D"])
def test_pooling1d_matches_keras(layer, config, shapes):
    assert_matches_keras(layer, config, shapes)


@pytest.mark.parametrize("config, shapes", POOL_2D)
@pytest.mark.parametrize("layer", ["MaxPooling2D", "AveragePooling2D"])
def test_pooling2d_matches_keras(layer, config, shapes):
    assert_matches_keras(layer, config, shapes)


def test_max_pooling_defaults_match_keras():
    assert_matches_keras("MaxPooling1D", {}, [(None, 9, 3)])
    assert_matches_keras("MaxPooling2D", {}, [(None, 9, 7, 3)])


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", [None, "channels_first"])
@pytest.mark.parametrize(
    "layer, shape",
    [
        ("GlobalMaxPooling1D", (None, 100, 32)),
        ("GlobalAveragePooling1D", (None, None, 32)),
        ("GlobalMaxPooling2D", (None, 7, 7, 64)),
        ("GlobalAveragePooling2D", (2, None, 5, 64)),
    ],
)
def test_global_pooling_matches_keras(layer, shape, data_format, keepdims):
    assert_matches_keras(layer, {"data_format": data_format, "keepdims": keepdims}, [shape])


# ---------------------------------------------------------------- problems


def test_pool_larger_than_input_suggests_same_padding():
    problem = assert_both_refuse("MaxPooling2D", {"pool_size": 3}, [(None, 2, 2, 8)], code="too_small")
    assert problem.message == "MaxPooling2D: pool 3×3 is larger than its 2×2 input with padding='valid'"
    assert problem.param == "pool_size"
    assert problem.fixes[0]["action"] == "set" and problem.fixes[0]["value"] == "same"


@pytest.mark.parametrize(
    "layer, config, shapes",
    [
        ("MaxPooling1D", {"pool_size": 4}, [(None, 3, 8)]),
        ("AveragePooling1D", {"pool_size": 4, **CF}, [(None, 8, 3)]),
        ("AveragePooling2D", {"pool_size": [1, 5]}, [(None, 8, 4, 2)]),
        ("MaxPooling2D", {"pool_size": 2, **CF}, [(None, 8, 1, None)]),
    ],
)
def test_pool_too_large_is_refused(layer, config, shapes):
    assert_both_refuse(layer, config, shapes, code="too_small")


def test_pool_too_large_with_same_padding_is_fine():
    assert_matches_keras("MaxPooling2D", {"pool_size": 3, "padding": "same"}, [(None, 2, 2, 8)])


def test_pooling1d_on_a_vector_suggests_reshape_to_a_sequence():
    problem = assert_both_refuse("MaxPooling1D", {}, [(None, 64)], code="rank")
    assert "(None, 64)" in problem.message
    assert problem.fixes[0]["config"] == {"target_shape": [64, 1]}


def test_pooling2d_on_a_vector_suggests_reshape_to_an_image():
    problem = assert_both_refuse("MaxPooling2D", {}, [(None, 64)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [8, 8, 1]}


def test_pooling1d_on_an_image_suggests_reshape_to_a_sequence():
    problem = assert_both_refuse("AveragePooling1D", {"pool_size": 2}, [(None, 28, 28, 3)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [28, 84]}


@pytest.mark.parametrize(
    "layer, shape",
    [
        ("GlobalMaxPooling1D", (None, 32)),
        ("GlobalAveragePooling1D", (None, 4, 4, 32)),
        ("GlobalMaxPooling2D", (None, 10, 32)),
        ("GlobalAveragePooling2D", (None, 32)),
    ],
)
def test_global_pooling_wrong_rank_is_refused(layer, shape):
    problem = assert_both_refuse(layer, {}, [shape], code="rank")
    assert problem.fixes == []


def test_global_pooling_message_names_the_expected_layout():
    with pytest.raises(LayerProblem) as info:
        ours("GlobalAveragePooling2D", CF, [(None, 10, 32)])
    assert "(batch, channels, height, width)" in info.value.message
