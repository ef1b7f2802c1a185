import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours


@pytest.mark.parametrize(
    "layer, config, shapes",
    [
        ("Activation", {"activation": "relu"}, [(None, 64)]),
        ("Activation", {"activation": "softmax"}, [(None, 5, 10)]),
        ("Activation", {"activation": None}, [(None, None, 3)]),
        ("ReLU", {}, [(None, 64)]),
        ("ReLU", {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5}, [(None, 8, 8, 3)]),
        ("LeakyReLU", {}, [(None, 64)]),
        ("LeakyReLU", {"negative_slope": 0.01}, [(None, 4, 4)]),
        ("ELU", {"alpha": 0.5}, [(None, 64)]),
        ("Softmax", {}, [(None, 10)]),
        ("Softmax", {"axis": 1}, [(None, 5, 10)]),
        ("Softmax", {"axis": [1, 2]}, [(None, 5, 10)]),
    ],
)
def test_parameter_free_activations_match_keras(layer, config, shapes):
    assert_matches_keras(layer, config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 64)]),
        ({}, [(None, 10, 3)]),
        ({"shared_axes": [1, 2]}, [(None, 10, 9, 3)]),
        ({"shared_axes": 1}, [(None, 10, 3)]),
        ({"shared_axes": [1]}, [(None, None, 3)]),
        ({"shared_axes": [1, 2, 3]}, [(None, 4, 4, 3)]),
        ({"alpha_initializer": "ones"}, [(None, 7)]),
    ],
)
def test_prelu_matches_keras(config, shapes):
    assert_matches_keras("PReLU", config, shapes)


def test_prelu_counts_one_slope_per_channel_when_sharing_space():
    assert ours("PReLU", {"shared_axes": [1, 2]}, [(None, 26, 26, 32)])[1] == 32


def test_prelu_refuses_shared_axis_out_of_range():
    problem = assert_both_refuse("PReLU", {"shared_axes": [3]}, [(None, 10, 3)], code="param")
    assert problem.param == "shared_axes"


@pytest.mark.parametrize("axes", [[0], [-1]])
def test_prelu_refuses_batch_or_negative_shared_axes(axes):
    # Keras takes them but indexes the slope shape off by one (axis -1 shares axis rank-2)
    with pytest.raises(LayerProblem) as info:
        ours("PReLU", {"shared_axes": axes}, [(None, 10, 3)])
    assert info.value.code == "param"


def test_prelu_with_free_axis_suggests_sharing_it():
    problem = assert_both_refuse("PReLU", {}, [(None, None, 3)], code="unknown_size")
    assert problem.fixes == [{"action": "set", "param": "shared_axes", "value": [1], "label": "Set shared_axes to [1]"}]


@pytest.mark.parametrize("axis", [2, -3, [1, 2]])
def test_softmax_axis_out_of_range(axis):
    with pytest.raises(LayerProblem) as info:
        ours("Softmax", {"axis": axis}, [(None, 10)])
    assert info.value.code == "param" and info.value.param == "axis"
    assert "(None, 10)" in info.value.message


def test_glu_is_not_offered():
    # Keras' layers predict the input's shape for glu, but running it halves the last axis:
    # models built with it break at run time, so the catalog leaves it out.
    from nnbuilder.document.setting_choices import ACTIVATIONS

    assert "glu" not in ACTIVATIONS
