import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours


@pytest.mark.parametrize(
    "layer, config, shapes",
    [
        ("Dropout", {"rate": 0.5}, [(None, 128)]),
        ("Dropout", {"rate": 0.0, "seed": 7}, [(None, 10, 3)]),
        ("Dropout", {"rate": 0.2, "noise_shape": [None, 1, 3]}, [(None, 10, 3)]),
        ("Dropout", {"rate": 0.2}, [(None, None, None, 3)]),
        ("SpatialDropout2D", {"rate": 0.2}, [(None, 32, 32, 16)]),
        ("SpatialDropout2D", {"rate": 0.2, "data_format": "channels_first", "seed": 3}, [(None, 16, 8, 8)]),
        ("GaussianNoise", {"stddev": 0.1}, [(None, 128)]),
        ("GaussianNoise", {"stddev": 1.0, "seed": 1}, [(None, 5, 5)]),
    ],
)
def test_regularization_matches_keras(layer, config, shapes):
    assert_matches_keras(layer, config, shapes)


def test_dropout_rate_is_bounded():
    from nnbuilder.catalog import get_spec, validate_value

    rate = get_spec("Dropout").param("rate")
    assert validate_value(rate, 0.5) is None
    assert validate_value(rate, 1.0) and validate_value(rate, -0.1)
    assert validate_value(get_spec("GaussianNoise").param("stddev"), -1) is not None


@pytest.mark.parametrize("noise", [[None, 1], [None, 2, 3]])
def test_dropout_refuses_noise_shape_that_does_not_fit(noise):
    with pytest.raises(LayerProblem) as info:
        ours("Dropout", {"rate": 0.5, "noise_shape": noise}, [(None, 10, 3)])
    assert info.value.param == "noise_shape" and "(None, 10, 3)" in info.value.message


def test_spatial_dropout_needs_images():
    problem = assert_both_refuse("SpatialDropout2D", {"rate": 0.2}, [(None, 28, 28)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [28, 28, 1]}
    problem = assert_both_refuse("SpatialDropout2D", {"rate": 0.2}, [(None, 784)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [28, 28, 1]}
