"""`activation_thumbnail`: one node's output as a small RGBA picture for the canvas (pure NumPy, no Keras)."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder.views.activation_thumbnails import (
    AXIS,
    DOWN,
    LINE_COLOURS,
    PAPER,
    THUMB_SIZE,
    UP,
    activation_thumbnail,
)


def colours(picture: np.ndarray) -> set[tuple[int, ...]]:
    return {tuple(int(v) for v in pixel[:3]) for pixel in picture.reshape(-1, 4) if pixel[3]}


def check(picture: np.ndarray, size: int = THUMB_SIZE) -> np.ndarray:
    assert picture.dtype == np.uint8 and picture.shape == (size, size, 4)
    return picture


def test_feature_maps_are_a_small_grid_of_the_first_maps_each_on_its_own_range():
    maps = np.zeros((8, 8, 12))
    for c in range(12):
        maps[:, :, c] = np.arange(64).reshape(8, 8) * (c + 1)
    picture = check(activation_thumbnail(maps))
    cell = (THUMB_SIZE - 2) // 3  # 3 x 3 maps, a transparent pixel between two, the grid in the middle
    o = (THUMB_SIZE - 3 * cell - 2) // 2
    first = picture[o : o + cell, o : o + cell]
    assert (first[:, :, 3] == 255).all()
    assert first[0, 0, 0] < 40 and first[-1, -1, 0] > 215  # dark where the map is low, light where it is high
    second = picture[o : o + cell, o + cell + 1 : o + 2 * cell + 1]
    np.testing.assert_array_equal(second, first)  # the same pattern, scaled on its own range: the same picture
    assert (picture[:, o + cell, 3] == 0).all() and (picture[o + cell, :, 3] == 0).all()  # the gaps
    assert (picture[:, :, 3] == 255).sum() == 9 * cell * cell  # nine maps, not twelve


def test_tiny_feature_maps_show_their_mean_over_the_channels():
    maps = np.zeros((2, 2, 16))
    maps[0, 0, :] = 1.0
    maps[1, 1, :8] = 1.0
    picture = check(activation_thumbnail(maps))
    assert (picture[:, :, 3] == 255).all()  # square maps fill the picture
    half = THUMB_SIZE // 2
    top_left, bottom_right = picture[0, 0, 0], picture[-1, -1, 0]
    assert (top_left, picture[0, half, 0], bottom_right) == (255, 0, 128)
    assert (picture[:half, :half, 0] == 255).all()


def test_an_image_keeps_its_scale_and_aspect():
    image = np.full((10, 20, 1), 0.5)
    picture = check(activation_thumbnail(image))
    drawn = picture[:, :, 3] == 255
    rows = np.flatnonzero(drawn.any(axis=1))
    assert (rows[0], rows[-1]) == (10, 29)  # 20 rows in the middle, transparent above and below
    assert drawn.any(axis=0).all()
    assert set(np.unique(picture[drawn][:, :3])) == {128}  # 0.5 on [0, 1]
    colour = np.zeros((4, 4, 3))
    colour[:, :, 0] = 1.0
    assert colours(check(activation_thumbnail(colour))) == {(255, 0, 0)}
    grey = np.arange(16.0).reshape(4, 4)
    assert check(activation_thumbnail(grey, kind="image"))[0, 0, 0] == 0  # its own range: the lowest is black


def test_a_sequence_is_a_tiny_line_plot_of_its_first_features():
    steps = np.linspace(0.0, 1.0, 30)
    sequence = np.stack([steps, 1.0 - steps, steps * 0, steps, steps], axis=1)
    picture = check(activation_thumbnail(sequence))
    assert (picture[:, :, 3] == 255).all()
    assert colours(picture) == {PAPER, *LINE_COLOURS}  # three lines of five features
    rising = np.argwhere((picture[:, :, :3] == LINE_COLOURS[0]).all(axis=2))
    left, right = rising[rising[:, 1].argmin()], rising[rising[:, 1].argmax()]
    assert left[0] > right[0]  # it rises: lower rows on the left, higher on the right
    assert check(activation_thumbnail(np.array([[0.5, 1.0]])))[:, :, 3].all()  # one step: dots


def test_a_vector_is_tiny_bars_up_and_down_from_zero():
    picture = check(activation_thumbnail(np.array([1.0, -2.0, 0.5, 0.0])))
    assert colours(picture) == {PAPER, UP, DOWN, AXIS}
    axis_rows = np.flatnonzero((picture[:, :, :3] == AXIS).all(axis=2).any(axis=1))
    assert len(axis_rows) == 1
    up = np.argwhere((picture[:, :, :3] == UP).all(axis=2))
    down = np.argwhere((picture[:, :, :3] == DOWN).all(axis=2))
    assert up[:, 0].max() <= axis_rows[0] <= down[:, 0].min()
    assert down[:, 0].max() - axis_rows[0] > up[:, 0].max() - up[:, 0].min()  # -2 reaches further than 1
    many = check(activation_thumbnail(np.linspace(-1.0, 1.0, 10_000)))  # more values than columns: averaged
    assert {UP, DOWN} <= colours(many)
    assert check(activation_thumbnail(np.ones((2, 3, 4, 5))))[:, :, 3].all()  # any other shape: flattened


@pytest.mark.parametrize(
    "values",
    [
        np.full((6, 6, 8), np.nan),
        np.array([[np.nan, 1.0], [np.inf, -np.inf], [2.0, np.nan]]),
        np.array([np.nan, np.inf, -np.inf, 1.0]),
        np.full(5, np.nan),
        np.where(np.eye(5)[:, :, None] > 0, np.nan, 0.25),
        np.full((5, 5, 3), np.inf),
        np.zeros((0,)),
        np.array(2.0),
        np.full((7, 7, 4), 3.0),  # flat maps
    ],
)
def test_non_finite_empty_and_flat_values_draw_without_failing(values):
    with np.errstate(all="raise"):
        check(activation_thumbnail(values))


def test_a_smaller_size_and_kinds_that_do_not_fit():
    check(activation_thumbnail(np.ones((28, 28, 32)), size=16), 16)
    with pytest.raises(ValueError, match="kind"):
        activation_thumbnail(np.ones(3), kind="circles")
    with pytest.raises(ValueError, match="shape"):
        activation_thumbnail(np.ones(3), kind="image")
    with pytest.raises(ValueError, match="at least"):
        activation_thumbnail(np.ones(3), size=2)
