"""The Runs tab's chart as a PNG: the curves in the runs' colours, and the words a reader needs to use it (the values
on the grid, the epochs, the metric, the runs' names), in Chinese where the machine has a font for it."""

from __future__ import annotations

import io

from PIL import Image, ImageFont

from nnbuilder.app import _run_chart_png as run_chart_png
from nnbuilder.app._run_chart import Frame, colour
from nnbuilder.app._run_chart_png import curves_png, draws

SERIES = [("adam 0.001", [0.9, 0.6, 0.45, 0.4]), ("sgd 0.1", [1.1, 0.95, None, 0.7])]
WIDTH, HEIGHT = 640, 320


def picture(series=SERIES, metric="val_loss", epoch_word="epoch") -> Image.Image:
    return Image.open(io.BytesIO(curves_png(series, metric, epoch_word))).convert("RGB")


def inked(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Dark (text) pixels inside `box` (left, top, right, bottom)."""
    return sum(1 for pixel in image.crop(box).getdata() if max(pixel) < 120)


def test_the_grid_values_epochs_metric_and_run_names_are_written():
    image = picture()
    assert image.size == (WIDTH, HEIGHT)
    base = HEIGHT - Frame.bottom
    assert inked(image, (0, Frame.top + 14, Frame.left - 3, base)) > 40  # the grid's values, left of the axis
    assert inked(image, (Frame.left + 1, base + 5, WIDTH - Frame.right, base + 20)) > 20  # the epochs under it
    assert inked(image, (0, 0, Frame.left + 40, Frame.top + 12)) > 10  # the metric's name
    legend = WIDTH - Frame.right - 170 + 14
    assert inked(image, (legend, Frame.top + 4, WIDTH, Frame.top + 32)) > 40  # the two runs' names
    empty = picture(epoch_word="")
    assert inked(empty, (0, HEIGHT - 16, WIDTH, HEIGHT)) < inked(image, (0, HEIGHT - 16, WIDTH, HEIGHT))


def test_each_runs_curve_is_drawn_in_its_own_colour():
    image = picture()
    plot = image.crop((Frame.left + 1, Frame.top, WIDTH - Frame.right - 175, HEIGHT - Frame.bottom))  # no legend
    pixels = list(plot.getdata())
    for index in range(len(SERIES)):
        rgb = tuple(int(colour(index)[k : k + 2], 16) for k in (1, 3, 5))
        assert pixels.count(rgb) > 200, f"run {index}'s curve"


def test_a_word_with_chinese_is_drawn_only_with_a_font_that_has_it(monkeypatch):
    assert draws("epoch") and draws("val_loss 0.25")
    if draws("轮次"):  # a system font with Chinese: the word is drawn
        assert inked(picture(epoch_word="轮次"), (0, HEIGHT - 16, WIDTH, HEIGHT)) > 10
    monkeypatch.setattr(run_chart_png, "_fonts", lambda: (ImageFont.load_default(size=11), False))
    assert not draws("轮次") and not draws("α")  # Pillow's own font: Latin letters only
    legend = (WIDTH - Frame.right - 156, Frame.top + 4, WIDTH, Frame.top + 18)
    named = picture([("实验一", [1.0, 0.5])])  # a name it cannot draw: its number, not empty boxes
    numbered = picture([("#1", [1.0, 0.5])])
    assert named.crop(legend).tobytes() == numbered.crop(legend).tobytes()


def test_no_runs_or_no_finite_value_still_gives_a_chart():
    for series in ([], [("diverged", [float("nan"), None])]):
        assert picture(series).size == (WIDTH, HEIGHT)
