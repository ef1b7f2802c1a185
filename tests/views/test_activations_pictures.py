"""`activation_picture`: the view data of one node's output, picked from its shape (pure NumPy, no Keras)."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder.views.activation_pictures import MAX_MAPS, activation_picture


def test_a_conv_output_is_a_grid_of_feature_maps():
    maps = np.zeros((4, 5, 6))
    for c in range(6):
        maps[:, :, c] = np.arange(20).reshape(4, 5) * (c + 1) - 3
    maps[:, :, 5] = 2.0  # a flat map
    picture = activation_picture(maps)
    assert picture["kind"] == "feature_maps" and picture["shape"] == [4, 5, 6]
    assert picture["range"] == [-3.0, 92.0]
    layout = picture["layout"]
    assert (layout["rows"], layout["columns"], layout["cell"], layout["gap"]) == (2, 3, [4, 5], 1)
    assert (layout["maps"], layout["channels"]) == (6, 6)
    grid = picture["grid"]
    assert grid.dtype == np.uint8 and grid.shape == (2 * 4 + 1, 3 * 5 + 2)
    first = grid[0:4, 0:5]  # each map on its own range: lowest 0, highest 255
    assert first[0, 0] == 0 and first[3, 4] == 255
    second = grid[0:4, 6:11]
    np.testing.assert_array_equal(second, first)  # the same pattern, scaled: the same picture
    assert (grid[5:9, 12:17] == 0).all()  # the flat map
    assert (grid[4, :] == 0).all() and (grid[:, 5] == 0).all()  # the gaps
    assert layout["ranges"][1] == [-3.0, 35.0]


def test_the_picture_range_is_the_finite_values_range():
    values = np.array([1.0, np.nan, -2.0, np.inf, 0.5])
    picture = activation_picture(values)
    assert picture["kind"] == "bars"
    assert picture["range"] == [-2.0, 1.0]
    assert picture["values"] == [1.0, None, -2.0, None, 0.5] and picture["total"] == 5


def test_many_channels_are_capped_and_counted():
    picture = activation_picture(np.random.default_rng(0).random((3, 3, 200)))
    assert picture["layout"]["maps"] == MAX_MAPS and picture["layout"]["channels"] == 200
    assert picture["grid"].shape == (8 * 3 + 7, 8 * 3 + 7)


def test_images_keep_their_scale():
    sigmoid = np.full((2, 2, 1), 0.5)
    assert activation_picture(sigmoid)["kind"] == "image"
    np.testing.assert_array_equal(activation_picture(sigmoid)["pixels"], np.full((2, 2), 128, dtype=np.uint8))
    tanh = np.array([[-1.0, 0.0], [1.0, 0.0]])[:, :, None]
    np.testing.assert_array_equal(activation_picture(tanh)["pixels"], [[0, 128], [255, 128]])
    colour = np.random.default_rng(1).random((3, 4, 3)) * 10
    pixels = activation_picture(colour)["pixels"]
    assert pixels.shape == (3, 4, 3) and pixels.min() == 0 and pixels.max() == 255


def test_a_sequence_is_one_line_per_feature():
    sequence = np.arange(12, dtype="float32").reshape(4, 3)
    picture = activation_picture(sequence)
    assert picture["kind"] == "lines" and picture["features"] == 3
    assert picture["lines"] == [[0.0, 3.0, 6.0, 9.0], [1.0, 4.0, 7.0, 10.0], [2.0, 5.0, 8.0, 11.0]]
    assert picture["range"] == [0.0, 11.0]


def test_a_kind_can_be_named():
    grey = activation_picture(np.eye(3), kind="image")
    np.testing.assert_array_equal(grey["pixels"], np.eye(3, dtype=np.uint8) * 255)
    assert activation_picture(np.ones((2, 2, 3)), kind="feature_maps")["layout"]["maps"] == 3
    assert activation_picture(np.ones((2, 2, 3)), kind="bars")["total"] == 12
    with pytest.raises(ValueError, match="kind: expected one of feature_maps, image, lines, bars, got 'pie'"):
        activation_picture(np.ones(3), kind="pie")
    with pytest.raises(ValueError, match=r"kind 'lines': expected an array of shape \(T, F\)"):
        activation_picture(np.ones(3), kind="lines")
