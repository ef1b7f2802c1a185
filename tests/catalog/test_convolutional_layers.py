import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours

CF = {"data_format": "channels_first"}


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"filters": 8, "kernel_size": 3}, [(None, 100, 16)]),
        ({"filters": 8, "kernel_size": 5, "strides": 2}, [(None, 100, 16)]),
        ({"filters": 8, "kernel_size": 4, "strides": 3, "padding": "same"}, [(None, 100, 16)]),
        ({"filters": 8, "kernel_size": 3, "padding": "causal", "dilation_rate": 4}, [(None, 50, 3)]),
        ({"filters": 8, "kernel_size": 3, "dilation_rate": 2}, [(None, 50, 3)]),
        ({"filters": 8, "kernel_size": 3, "groups": 4}, [(None, 50, 12)]),
        ({"filters": 8, "kernel_size": 3, "use_bias": False}, [(None, None, 7)]),
        ({"filters": 4, "kernel_size": 3, "padding": "causal", **CF}, [(None, 6, 20)]),
        ({"filters": 4, "kernel_size": 20}, [(None, 20, 2)]),
    ],
)
def test_conv1d_matches_keras(config, shapes):
    assert_matches_keras("Conv1D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"filters": 32, "kernel_size": [3, 3]}, [(None, 28, 28, 1)]),
        ({"filters": 16, "kernel_size": [3, 5], "strides": [2, 1]}, [(None, 28, 30, 3)]),
        ({"filters": 16, "kernel_size": 3, "strides": 2, "padding": "same"}, [(None, 27, 28, 3)]),
        ({"filters": 16, "kernel_size": 3, "dilation_rate": [2, 3]}, [(None, 20, 20, 3)]),
        ({"filters": 16, "kernel_size": 3, "groups": 2, "use_bias": False}, [(None, 20, 20, 6)]),
        ({"filters": 16, "kernel_size": 3, **CF}, [(None, 3, 20, 24)]),
        ({"filters": 16, "kernel_size": 3, "strides": 2, "padding": "same", **CF}, [(None, 3, 9, 10)]),
        ({"filters": 16, "kernel_size": 3}, [(None, None, None, 3)]),
        ({"filters": 16, "kernel_size": 1}, [(4, 10, 10, 3)]),
    ],
)
def test_conv2d_matches_keras(config, shapes):
    assert_matches_keras("Conv2D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"filters": 8, "kernel_size": 3}, [(None, 10, 12, 14, 2)]),
        (
            {"filters": 8, "kernel_size": [1, 3, 3], "strides": [1, 2, 2], "padding": "same"},
            [(None, 8, 15, 16, 3)],
        ),
        ({"filters": 8, "kernel_size": 2, **CF}, [(None, 2, 5, 6, 7)]),
        ({"filters": 8, "kernel_size": 3, "groups": 2, "use_bias": False}, [(None, None, 12, 12, 4)]),
    ],
)
def test_conv3d_matches_keras(config, shapes):
    assert_matches_keras("Conv3D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"filters": 8, "kernel_size": 3}, [(None, 7, 7, 4)]),
        ({"filters": 8, "kernel_size": 3, "strides": 2}, [(None, 7, 7, 4)]),
        ({"filters": 8, "kernel_size": 2, "strides": 3}, [(None, 7, 7, 4)]),
        ({"filters": 8, "kernel_size": 3, "strides": 2, "padding": "same"}, [(None, 7, 7, 4)]),
        ({"filters": 8, "kernel_size": 3, "strides": 2, "output_padding": 1}, [(None, 7, 7, 4)]),
        (
            {"filters": 8, "kernel_size": 4, "strides": [2, 3], "padding": "same", "output_padding": [1, 2]},
            [(None, 7, 8, 4)],
        ),
        ({"filters": 8, "kernel_size": 3, "dilation_rate": 2}, [(None, 7, 7, 4)]),
        ({"filters": 8, "kernel_size": 3, "strides": 2, "use_bias": False, **CF}, [(None, 4, 7, 9)]),
        ({"filters": 8, "kernel_size": 3, "strides": 2}, [(None, None, 5, 4)]),
    ],
)
def test_conv2d_transpose_matches_keras(config, shapes):
    assert_matches_keras("Conv2DTranspose", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"filters": 16, "kernel_size": 3}, [(None, 20, 20, 8)]),
        ({"filters": 16, "kernel_size": 3, "depth_multiplier": 3, "strides": 2}, [(None, 20, 20, 8)]),
        ({"filters": 16, "kernel_size": [3, 5], "padding": "same", "use_bias": False}, [(None, 20, 21, 8)]),
        ({"filters": 16, "kernel_size": 3, "dilation_rate": 2, **CF}, [(None, 8, 20, 20)]),
        ({"filters": 16, "kernel_size": 3}, [(None, None, 20, 8)]),
    ],
)
def test_separable_conv2d_matches_keras(config, shapes):
    assert_matches_keras("SeparableConv2D", config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"kernel_size": 3}, [(None, 20, 20, 8)]),
        ({"kernel_size": 3, "depth_multiplier": 4, "strides": 2}, [(None, 20, 20, 8)]),
        ({"kernel_size": [5, 3], "padding": "same", "use_bias": False}, [(None, 20, 21, 8)]),
        ({"kernel_size": 3, "depth_multiplier": 2, **CF}, [(None, 8, 20, 20)]),
        ({"kernel_size": 3, "dilation_rate": 3}, [(None, 20, None, 8)]),
    ],
)
def test_depthwise_conv2d_matches_keras(config, shapes):
    assert_matches_keras("DepthwiseConv2D", config, shapes)


# ---------------------------------------------------------------- problems


def test_conv2d_on_a_vector_suggests_reshape_to_an_image():
    problem = assert_both_refuse("Conv2D", {"filters": 8, "kernel_size": 3}, [(None, 784)], code="rank")
    assert "(None, 784)" in problem.message and "image" in problem.message
    assert problem.fixes[0]["layer"] == "Reshape"
    assert problem.fixes[0]["config"] == {"target_shape": [28, 28, 1]}
    assert problem.fixes[0]["label"] == "Insert Reshape to (None, 28, 28, 1)"


def test_conv2d_channels_first_on_a_vector_puts_the_channel_first():
    problem = assert_both_refuse("Conv2D", {"filters": 8, "kernel_size": 3, **CF}, [(None, 784)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [1, 28, 28]}
    assert "(batch, channels, height, width)" in problem.message


def test_conv2d_on_a_sequence_suggests_adding_a_channel_axis():
    problem = assert_both_refuse("Conv2D", {"filters": 8, "kernel_size": 3}, [(None, 20, 30)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [20, 30, 1]}


def test_conv1d_on_a_vector_suggests_reshape_to_a_sequence():
    problem = assert_both_refuse("Conv1D", {"filters": 8, "kernel_size": 3}, [(None, 100)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [100, 1]}
    assert problem.port == 0


@pytest.mark.parametrize(
    "layer, config, shapes",
    [
        ("Conv2D", {"filters": 8, "kernel_size": 3}, [(None, 10, 10, 3, 1)]),
        ("Conv3D", {"filters": 8, "kernel_size": 3}, [(None, 10, 10, 3)]),
        ("Conv2DTranspose", {"filters": 8, "kernel_size": 3}, [(None, 10, 3)]),
        ("SeparableConv2D", {"filters": 8, "kernel_size": 3}, [(None, 10)]),
        ("DepthwiseConv2D", {"kernel_size": 3}, [(None, 10, 3)]),
    ],
)
def test_wrong_rank_is_refused(layer, config, shapes):
    assert_both_refuse(layer, config, shapes, code="rank")


def test_conv3d_on_an_image_suggests_adding_a_channel_axis():
    problem = assert_both_refuse("Conv3D", {"filters": 8, "kernel_size": 3}, [(None, 10, 10, 3)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [10, 10, 3, 1]}


def test_kernel_larger_than_input_suggests_same_padding():
    config = {"filters": 8, "kernel_size": 5}
    problem = assert_both_refuse("Conv2D", config, [(None, 3, 3, 1)], code="too_small")
    assert problem.message == "Conv2D: kernel 5×5 is larger than its 3×3 input with padding='valid'"
    assert problem.param == "kernel_size"
    fix = {"action": "set", "param": "padding", "value": "same", "label": "Set padding to 'same'"}
    assert problem.fixes == [fix]


@pytest.mark.parametrize(
    "layer, config, shapes",
    [
        ("Conv1D", {"filters": 8, "kernel_size": 7}, [(None, 5, 2)]),
        ("Conv2D", {"filters": 8, "kernel_size": 3, "dilation_rate": 3}, [(None, 6, 20, 2)]),
        ("Conv3D", {"filters": 8, "kernel_size": [1, 1, 4]}, [(None, 5, 5, 3, 2)]),
        ("SeparableConv2D", {"filters": 8, "kernel_size": 4}, [(None, 3, None, 2)]),
        ("DepthwiseConv2D", {"kernel_size": 4, **CF}, [(None, 2, 8, 3)]),
    ],
)
def test_kernel_too_large_is_refused(layer, config, shapes):
    problem = assert_both_refuse(layer, config, shapes, code="too_small")
    assert problem.fixes[0]["value"] == "same"


def test_dilated_kernel_message_names_its_reach():
    problem = assert_both_refuse(
        "Conv2D", {"filters": 8, "kernel_size": 3, "dilation_rate": 3}, [(None, 6, 20, 2)], code="too_small"
    )
    assert "kernel 3×3 (dilated to 7×7)" in problem.message
    assert "6×20 input" in problem.message


def test_conv1d_message_speaks_of_steps():
    problem = assert_both_refuse("Conv1D", {"filters": 8, "kernel_size": 7}, [(None, 5, 2)])
    assert problem.message == "Conv1D: kernel 7 is longer than its 5-step input with padding='valid'"


@pytest.mark.parametrize(
    "layer, config",
    [
        ("Conv2D", {"filters": 8, "kernel_size": 3}),
        ("Conv2DTranspose", {"filters": 8, "kernel_size": 3}),
        ("SeparableConv2D", {"filters": 8, "kernel_size": 3}),
        ("DepthwiseConv2D", {"kernel_size": 3}),
    ],
)
def test_unknown_channels_are_refused(layer, config):
    problem = assert_both_refuse(layer, config, [(None, 10, 10, None)], code="unknown_size")
    assert "(None, 10, 10, None)" in problem.message


def test_filters_not_divisible_by_groups():
    problem = assert_both_refuse("Conv2D", {"filters": 10, "kernel_size": 3, "groups": 4}, [(None, 8, 8, 8)])
    assert problem.code == "param" and problem.param == "groups"
    assert "filters (10)" in problem.message and "groups (4)" in problem.message


def test_channels_not_divisible_by_groups():
    problem = assert_both_refuse("Conv1D", {"filters": 8, "kernel_size": 3, "groups": 4}, [(None, 8, 6)])
    assert problem.code == "param" and problem.param == "groups"
    assert "6 channels" in problem.message


@pytest.mark.parametrize(
    "layer, shape",
    [("Conv1D", (None, 20, 3)), ("Conv2D", (None, 20, 20, 3)), ("Conv2DTranspose", (None, 20, 20, 3))],
)
def test_strides_with_dilation_are_refused(layer, shape):
    config = {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}
    problem = assert_both_refuse(layer, config, [shape], code="param")
    assert problem.param == "dilation_rate"


def test_separable_and_depthwise_allow_strides_with_dilation():
    # Unlike Conv2D, Keras (TensorFlow backend) runs these with strides and dilation both > 1.
    assert_matches_keras(
        "SeparableConv2D",
        {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
        [(None, 20, 20, 3)],
    )
    config = {"kernel_size": 3, "strides": 2, "dilation_rate": 2}
    assert_matches_keras("DepthwiseConv2D", config, [(None, 20, 20, 3)])


def test_output_padding_must_be_below_strides():
    problem = assert_both_refuse(
        "Conv2DTranspose",
        {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": [1, 2]},
        [(None, 5, 5, 3)],
        code="param",
    )
    assert problem.param == "output_padding"


def test_transpose_with_empty_output_is_reported():
    # Keras accepts this node and gives it a 0×0 output; we call it out.
    with pytest.raises(LayerProblem) as info:
        ours(
            "Conv2DTranspose",
            {"filters": 4, "kernel_size": 2, "padding": "same", "output_padding": 0},
            [(None, 1, 1, 3)],
        )
    assert info.value.code == "too_small"
    assert info.value.param == "output_padding"
