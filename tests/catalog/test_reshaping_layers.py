import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours

CF = {"data_format": "channels_first"}


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 7, 7, 64)]),
        ({}, [(None, 10)]),
        ({}, [(None, 3, None, 4)]),
        ({}, [(None,)]),
        (CF, [(5, 3, 4, 6)]),
    ],
)
def test_flatten_matches_keras(config, shapes):
    assert_matches_keras("Flatten", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"target_shape": [28, 28, 1]}, [(None, 784)]),
        ({"target_shape": [-1, 4]}, [(None, 12)]),
        ({"target_shape": [3, -1]}, [(None, 2, 6)]),
        ({"target_shape": [-1]}, [(None, 7, 7, 64)]),
        ({"target_shape": [-1, 4]}, [(None, None, 12)]),
        ({"target_shape": [None, 4]}, [(None, 12)]),
        ({"target_shape": [6, 2]}, [(None, None)]),
        ({"target_shape": [2, 3, 2]}, [(8, 12)]),
    ],
)
def test_reshape_matches_keras(config, shapes):
    assert_matches_keras("Reshape", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"dims": [2, 1]}, [(None, 10, 64)]),
        ({"dims": [3, 1, 2]}, [(None, 4, 5, 6)]),
        ({"dims": [1]}, [(None, 5)]),
        ({"dims": [2, 1, 3]}, [(None, None, 5, 6)]),
    ],
)
def test_permute_matches_keras(config, shapes):
    assert_matches_keras("Permute", config, shapes)


@pytest.mark.parametrize("n, shape", [(3, (None, 32)), (1, (None, 5)), (4, (None, None))])
def test_repeat_vector_matches_keras(n, shape):
    assert_matches_keras("RepeatVector", {"n": n}, [shape])


@pytest.mark.parametrize(
    "config, shapes",
    [({}, [(None, 50, 32)]), ({"size": 3}, [(None, 50, 32)]), ({"size": 2}, [(None, None, 3)])],
)
def test_upsampling1d_matches_keras(config, shapes):
    assert_matches_keras("UpSampling1D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 14, 14, 64)]),
        ({"size": 3}, [(None, 5, 6, 2)]),
        ({"size": [2, 3], "interpolation": "bilinear"}, [(None, 5, 6, 2)]),
        ({"size": [1, 4], **CF}, [(None, 2, 5, 6)]),
        ({"size": 2}, [(None, None, 6, 2)]),
    ],
)
def test_upsampling2d_matches_keras(config, shapes):
    assert_matches_keras("UpSampling2D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 28, 28, 1)]),
        ({"padding": 2}, [(None, 5, 6, 3)]),
        ({"padding": [1, 3]}, [(None, 5, 6, 3)]),
        ({"padding": [[1, 0], [2, 3]]}, [(None, 5, 6, 3)]),
        ({"padding": [1, [0, 2]], **CF}, [(None, 3, 5, 6)]),
        ({"padding": 1}, [(None, None, 6, 3)]),
    ],
)
def test_zero_padding2d_matches_keras(config, shapes):
    assert_matches_keras("ZeroPadding2D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 32, 32, 3)]),
        ({"cropping": 2}, [(None, 10, 12, 3)]),
        ({"cropping": [1, 3]}, [(None, 10, 12, 3)]),
        ({"cropping": [[1, 0], [2, 3]]}, [(None, 10, 12, 3)]),
        ({"cropping": [[4, 5], 1], **CF}, [(None, 3, 10, 12)]),
        ({"cropping": 4}, [(None, None, 12, 3)]),
    ],
)
def test_cropping2d_matches_keras(config, shapes):
    assert_matches_keras("Cropping2D", config, shapes)


# ---------------------------------------------------------------- problems


def test_reshape_size_mismatch_names_both_counts():
    problem = assert_both_refuse("Reshape", {"target_shape": [30, 30]}, [(None, 784)], code="reshape_size")
    assert problem.message == (
        "Reshape: the input (None, 784) holds 784 values per sample but target_shape (30, 30) holds 900"
    )
    assert problem.param == "target_shape"


def test_reshape_size_mismatch_suggests_a_fitting_target():
    problem = assert_both_refuse("Reshape", {"target_shape": [28, 28, 3]}, [(None, 784)], code="reshape_size")
    assert problem.fixes[0]["action"] == "set"
    assert problem.fixes[0]["value"] == [28, 28, 1]
    assert_matches_keras("Reshape", {"target_shape": problem.fixes[0]["value"]}, [(None, 784)])


def test_reshape_free_size_that_does_not_divide():
    problem = assert_both_refuse("Reshape", {"target_shape": [-1, 5]}, [(None, 12)], code="reshape_size")
    assert "12" in problem.message and "multiple of 5" in problem.message


@pytest.mark.parametrize("target", [[-1, -1], [2, -3]])
def test_reshape_bad_target_is_refused(target):
    problem = assert_both_refuse("Reshape", {"target_shape": target}, [(None, 12)], code="param")
    assert problem.param == "target_shape"


@pytest.mark.parametrize("dims", [[1, 3], [0, 1], [2, 2]])
def test_permute_dims_must_be_a_permutation(dims):
    problem = assert_both_refuse("Permute", {"dims": dims}, [(None, 4, 5)], code="param")
    assert problem.param == "dims"
    assert "[1, 2]" in problem.expected


def test_permute_rank_mismatch():
    problem = assert_both_refuse("Permute", {"dims": [2, 1]}, [(None, 3, 4, 5)], code="rank")
    assert "(None, 3, 4, 5)" in problem.message


def test_repeat_vector_on_a_feature_map_suggests_flatten():
    problem = assert_both_refuse("RepeatVector", {"n": 3}, [(None, 4, 4, 8)], code="rank")
    assert [f["layer"] for f in problem.fixes] == ["Flatten", "GlobalAveragePooling2D"]


@pytest.mark.parametrize(
    "layer, config, shape",
    [
        ("UpSampling1D", {}, (None, 10)),
        ("UpSampling2D", {}, (None, 10, 3)),
        ("ZeroPadding2D", {}, (None, 10, 3)),
        ("Cropping2D", {}, (None, 10, 4, 4, 3)),
    ],
)
def test_wrong_rank_is_refused(layer, config, shape):
    assert_both_refuse(layer, config, [shape], code="rank")


def test_upsampling1d_on_a_vector_suggests_reshape():
    problem = assert_both_refuse("UpSampling1D", {}, [(None, 10)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [10, 1]}


@pytest.mark.parametrize(
    "config, shape",
    [
        ({"cropping": 5}, (None, 10, 12, 3)),
        ({"cropping": [[0, 0], [6, 6]]}, (None, 10, 12, 3)),
        ({"cropping": [3, 0], **CF}, (None, 3, 5, 6)),
    ],
)
def test_cropping_larger_than_input_is_refused(config, shape):
    problem = assert_both_refuse("Cropping2D", config, [shape], code="too_small")
    assert problem.param == "cropping"


def test_cropping_message():
    problem = assert_both_refuse("Cropping2D", {"cropping": 5}, [(None, 10, 12, 3)])
    assert problem.message == "Cropping2D: cropping 5+5 from the height leaves nothing of its 10×12 input"


@pytest.mark.parametrize("value", [[1, 2, 3], [[1, 2, 3], 1], [[-1, 0], [0, 0]], "1"])
def test_malformed_cropping_is_refused(value):
    assert_both_refuse("Cropping2D", {"cropping": value}, [(None, 10, 12, 3)], code="param")


@pytest.mark.parametrize("value", [[1, 2, 3], [[1, 2, 3], 1], [[-1, 0], [0, 0]]])
def test_malformed_zero_padding_is_refused(value):
    assert_both_refuse("ZeroPadding2D", {"padding": value}, [(None, 10, 12, 3)], code="param")


def test_negative_zero_padding_is_reported():
    # Keras takes a negative int here and silently crops instead; we refuse it.
    with pytest.raises(LayerProblem) as info:
        ours("ZeroPadding2D", {"padding": -1}, [(None, 10, 12, 3)])
    assert info.value.code == "param" and info.value.param == "padding"
