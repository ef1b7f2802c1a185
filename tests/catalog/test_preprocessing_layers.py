import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours

IMG = [(None, 32, 32, 3)]


@pytest.mark.parametrize(
    "layer, config, shapes",
    [
        ("Rescaling", {"scale": 1 / 255}, IMG),
        ("Rescaling", {"scale": 1 / 127.5, "offset": -1.0}, [(None, 10)]),
        ("Resizing", {"height": 64, "width": 64}, IMG),
        ("Resizing", {"height": 20, "width": 30, "interpolation": "nearest"}, [(None, None, None, 1)]),
        ("Resizing", {"height": 20, "width": 30, "crop_to_aspect_ratio": True}, IMG),
        ("Resizing", {"height": 20, "width": 30, "data_format": "channels_first"}, [(None, 3, 32, 32)]),
        ("RandomFlip", {}, IMG),
        ("RandomFlip", {"mode": "vertical", "seed": 1}, [(None, None, None, 3)]),
        ("RandomRotation", {"factor": 0.1}, IMG),
        ("RandomRotation", {"factor": [-0.2, 0.3], "fill_mode": "constant", "interpolation": "nearest"}, IMG),
        ("RandomZoom", {"height_factor": 0.1}, IMG),
        ("RandomZoom", {"height_factor": [-0.3, 0.2], "width_factor": 0.1}, IMG),
        ("RandomTranslation", {"height_factor": 0.1, "width_factor": [-0.2, 0.2]}, IMG),
        ("RandomContrast", {"factor": 0.2}, IMG),
        ("RandomContrast", {"factor": [0.1, 0.5], "value_range": [0, 1]}, IMG),
    ],
)
def test_preprocessing_matches_keras(layer, config, shapes):
    assert_matches_keras(layer, config, shapes)


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, IMG),
        ({"axis": None}, IMG),
        ({"axis": [1, 2]}, IMG),
        ({"axis": [-1, 1]}, [(None, 4, 5, 3)]),
        ({}, [(None, 13)]),
        ({"mean": 0.5, "variance": 0.25}, IMG),
        ({"mean": [0.5, 0.1, 0.2], "variance": [0.25, 1, 1]}, IMG),
        ({"mean": [0.5, 0.1, 0.2], "variance": [0.25, 1, 1], "invert": True}, IMG),
        ({"axis": [1, 2], "mean": [[0.5] * 4] * 3, "variance": [[1.0] * 4] * 3}, [(None, 3, 4, 5)]),
    ],
)
def test_normalization_matches_keras(config, shapes):
    assert_matches_keras("Normalization", config, shapes)


def test_normalization_counts_adapted_statistics():
    assert ours("Normalization", {}, IMG)[1:] == (0, 3 + 3 + 1)


@pytest.mark.parametrize(
    "config, shapes, code",
    [
        ({"axis": 4}, IMG, "param"),
        ({"axis": 0}, IMG, "param"),
        ({}, [(None, 32, 32, None)], "unknown_size"),
        ({"mean": [0.5, 0.1], "variance": [0.25, 1]}, IMG, "param"),
        ({"mean": [0.5, 0.1, 0.2], "variance": [0.25, 1]}, IMG, "param"),
        ({"mean": 0.5}, IMG, "param"),
        ({"mean": [[0.5, 0.1, 0.2]] * 2, "variance": [[1, 1, 1]] * 2}, IMG, "param"),
    ],
)
def test_normalization_refusals(config, shapes, code):
    assert_both_refuse("Normalization", config, shapes, code=code)


@pytest.mark.parametrize(
    "layer, config",
    [
        ("Resizing", {"height": 64, "width": 64}),
        ("RandomFlip", {}),
        ("RandomRotation", {"factor": 0.1}),
        ("RandomZoom", {"height_factor": 0.1}),
        ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.1}),
        ("RandomContrast", {"factor": 0.1}),
    ],
)
def test_image_layers_need_batched_images(layer, config):
    # Keras would read (batch, height, width) as one unbatched image and go wrong
    with pytest.raises(LayerProblem) as info:
        ours(layer, config, [(None, 28, 28)])
    assert info.value.code == "rank"
    assert info.value.fixes[0]["config"] == {"target_shape": [28, 28, 1]}
    with pytest.raises(LayerProblem) as info:
        ours(layer, config, [(None, 784)])
    assert info.value.fixes[0]["label"] == "Insert Reshape to (None, 28, 28, 1)"


def test_resizing_channels_first_fix():
    with pytest.raises(LayerProblem) as info:
        ours("Resizing", {"height": 8, "width": 8, "data_format": "channels_first"}, [(None, 28, 28)])
    assert info.value.fixes[0]["config"] == {"target_shape": [1, 28, 28]}


def test_resizing_refuses_crop_and_pad_together():
    with pytest.raises(LayerProblem) as info:
        ours(
            "Resizing",
            {"height": 8, "width": 8, "crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True},
            IMG,
        )
    assert info.value.code == "param" and info.value.fixes


@pytest.mark.parametrize(
    "layer, config",
    [
        ("RandomRotation", {"factor": 1.5}),
        ("RandomRotation", {"factor": [0.1, 0.2, 0.3]}),
        ("RandomRotation", {"factor": "big"}),
        ("RandomZoom", {"height_factor": -1.0}),
        ("RandomZoom", {"height_factor": 0.1, "width_factor": [0.1, 2.0]}),
        ("RandomTranslation", {"height_factor": 0.1, "width_factor": 1.5}),
        ("RandomTranslation", {"height_factor": 0.1, "width_factor": None}),  # only RandomZoom's width is optional
        ("RandomContrast", {"factor": -0.1}),
        ("RandomContrast", {"factor": 1.5}),
    ],
)
def test_augmentation_factor_bounds(layer, config):
    problem = assert_both_refuse(layer, config, IMG, code="param")
    assert problem.param in config


def test_random_contrast_value_range():
    with pytest.raises(LayerProblem) as info:
        ours("RandomContrast", {"factor": 0.1, "value_range": [1, 0]}, IMG)
    assert info.value.param == "value_range"
