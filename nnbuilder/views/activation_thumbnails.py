"""`activation_thumbnail(array)`: one node's output on one sample as a small picture for its node on the canvas.

The kind is picked from the shape as `activation_picture` picks it:

- "feature_maps" (H, W, C): the first maps in a small grid, each on its own range; maps too small to read
  become one map, the mean over the channels;
- "image" (H, W, 1), (H, W, 3) or (H, W): the image, on the scale its values are on;
- "lines" (T, F): the first features as lines over the steps, on a light background;
- "bars" (F,) and any other shape, flattened: bars up or down from zero (neighbouring values averaged when
  there are more values than columns).

Every thumbnail is `size` x `size` RGBA pixels (uint8); what a picture of another aspect leaves free is
transparent. Non-finite values are left out (a NaN pixel is black, a NaN bar or line point is not drawn).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nnbuilder.views.activation_pictures import finite_range, picture_input, scaled

THUMB_SIZE = 40  # pixels on a side
GRID_MAPS = 9  # feature maps drawn in the grid (3 x 3)
SMALLEST_MAP = 4  # maps smaller than this on a side are shown as their mean over the channels
THUMB_LINES = 3  # features drawn as lines
GAP = 1  # transparent pixels between two maps of the grid
MARGIN = 2  # pixels around a plot
PAPER = (250, 250, 250)  # the background of plots
LINE_COLOURS = ((31, 119, 180), (214, 39, 40), (44, 160, 44))
UP, DOWN = (31, 119, 180), (214, 39, 40)  # bars of positive and negative values
AXIS = (170, 170, 170)

Pixels = np.ndarray[Any, Any]


def activation_thumbnail(array: Any, size: int = THUMB_SIZE, kind: str | None = None) -> Pixels:
    """The (size, size, 4) uint8 RGBA thumbnail of one sample's activation `array` (no batch axis)."""
    if size < 8:
        raise ValueError(f"size: expected at least 8 pixels, got {size}")
    kind, data = picture_input(array, kind)
    if kind == "feature_maps":
        return _feature_maps(data, size)
    if kind == "image":
        return _image(data, size)
    if kind == "lines":
        return _lines(data, size)
    return _bars(data.reshape(-1), size)


# ------------------------------------------------------------ pictures
def _feature_maps(data: Pixels, size: int) -> Pixels:
    height, width, channels = data.shape
    if min(height, width) < SMALLEST_MAP or channels == 1:
        return _image_box(_grey(_mean_map(data)), size)
    shown = min(channels, GRID_MAPS)
    columns = math.ceil(math.sqrt(shown))
    rows = math.ceil(shown / columns)
    cell_w, cell_h = (size - (columns - 1) * GAP) // columns, (size - (rows - 1) * GAP) // rows
    out = _blank(size)
    left0, top0 = (size - columns * cell_w - (columns - 1) * GAP) // 2, (size - rows * cell_h - (rows - 1) * GAP) // 2
    for c in range(shown):
        low, high = finite_range(data[:, :, c])
        cell = _fitted(_grey(scaled(data[:, :, c], low, high)), cell_h, cell_w)
        top = top0 + (c // columns) * (cell_h + GAP) + (cell_h - cell.shape[0]) // 2
        left = left0 + (c % columns) * (cell_w + GAP) + (cell_w - cell.shape[1]) // 2
        out[top : top + cell.shape[0], left : left + cell.shape[1]] = cell
    return out


def _mean_map(data: Pixels) -> Pixels:
    """The mean over the channels of the finite values, scaled to 0..255 on its own range."""
    finite = np.isfinite(data)
    counts = finite.sum(axis=2)
    sums = np.where(finite, data, 0.0).sum(axis=2)
    mean = np.divide(sums, counts, out=np.full(counts.shape, np.nan), where=counts > 0)
    low, high = finite_range(mean)
    return scaled(mean, low, high)


def _image(data: Pixels, size: int) -> Pixels:
    """As `activation_picture` draws an image: on [0, 1], [-1, 1] or the values' own range."""
    low, high = finite_range(data)
    if low >= 0.0 and high <= 1.0:
        low, high = 0.0, 1.0
    elif low >= -1.0 and high <= 1.0:
        low, high = -1.0, 1.0
    if data.shape[-1] == 1:
        return _image_box(_grey(scaled(data[:, :, 0], low, high)), size)
    if data.shape[-1] != 3:
        raise ValueError(f"kind 'image': expected 1 or 3 channels, got {data.shape[-1]}")
    pixels = scaled(data, low, high)
    return _image_box(np.concatenate([pixels, np.full((*pixels.shape[:2], 1), 255, np.uint8)], axis=2), size)


def _lines(data: Pixels, size: int) -> Pixels:
    out = _paper(size)
    shown = data[:, : min(data.shape[1], THUMB_LINES)]
    low, high = finite_range(shown)
    steps = shown.shape[0]
    inner = size - 1 - 2 * MARGIN
    xs = MARGIN + (np.arange(steps) * inner / (steps - 1) if steps > 1 else np.full(1, inner / 2))
    for f in range(shown.shape[1]):
        ys = _plot_y(shown[:, f], low, high, size)
        colour = LINE_COLOURS[f % len(LINE_COLOURS)]
        if steps == 1 and math.isfinite(ys[0]):
            _dot(out, xs[0], ys[0], colour)
        for k in range(steps - 1):
            if math.isfinite(ys[k]) and math.isfinite(ys[k + 1]):
                _segment(out, xs[k], ys[k], xs[k + 1], ys[k + 1], colour)
    return out


def _bars(flat: Pixels, size: int) -> Pixels:
    out = _paper(size)
    inner = size - 2 * MARGIN
    count = min(flat.size, inner)
    values = _binned(flat, count) if count else flat[:0]
    low, high = finite_range(values)
    low, high = min(low, 0.0), max(high, 0.0)
    zero = round(_plot_y(np.zeros(1), low, high, size)[0])
    edges = MARGIN + np.round(np.arange(count + 1) * inner / max(count, 1)).astype(int)
    for k, value in enumerate(values.tolist()):
        if not math.isfinite(value) or high <= low:
            continue
        left, right = int(edges[k]), int(edges[k + 1]) - (1 if edges[k + 1] - edges[k] >= 3 else 0)
        tip = round(_plot_y(np.array([value]), low, high, size)[0])
        top, bottom = min(tip, zero), max(tip, zero)
        out[top : bottom + 1, left:right, :3] = UP if value >= 0 else DOWN
    out[zero, MARGIN : size - MARGIN, :3] = AXIS
    return out


# ------------------------------------------------------------ pixels
def _blank(size: int) -> Pixels:
    return np.zeros((size, size, 4), dtype=np.uint8)


def _paper(size: int) -> Pixels:
    out = _blank(size)
    out[:, :, :3] = PAPER
    out[:, :, 3] = 255
    return out


def _grey(pixels: Pixels) -> Pixels:
    """(H, W) uint8 grey as opaque RGBA."""
    alpha = np.full(pixels.shape, 255, dtype=np.uint8)
    return np.stack([pixels, pixels, pixels, alpha], axis=2)


def _image_box(rgba: Pixels, size: int) -> Pixels:
    """`rgba` fitted into a size x size transparent picture, in its middle, keeping its aspect."""
    out = _blank(size)
    fitted = _fitted(rgba, size, size)
    top, left = (size - fitted.shape[0]) // 2, (size - fitted.shape[1]) // 2
    out[top : top + fitted.shape[0], left : left + fitted.shape[1]] = fitted
    return out


def _fitted(pixels: Pixels, height: int, width: int) -> Pixels:
    """`pixels` resampled to fit in height x width with their aspect: averaged when smaller, repeated when larger."""
    scale = min(height / pixels.shape[0], width / pixels.shape[1])
    rows = max(1, min(height, round(pixels.shape[0] * scale)))
    columns = max(1, min(width, round(pixels.shape[1] * scale)))
    resampled = _resampled(_resampled(pixels.astype(np.float64), rows, 0), columns, 1)
    return np.round(resampled).astype(np.uint8)


def _resampled(data: Pixels, count: int, axis: int) -> Pixels:
    """`data` with `count` entries along `axis`: each the mean of the entries it covers (the nearest one when
    there are fewer entries than `count`)."""
    total = data.shape[axis]
    starts = (np.arange(count) * total) // count
    sums = np.add.reduceat(data, starts, axis=axis)
    spans = np.maximum(np.diff(np.append(starts, total)), 1)
    shape = [1] * data.ndim
    shape[axis] = count
    return np.asarray(sums / spans.reshape(shape))


def _binned(flat: Pixels, count: int) -> Pixels:
    """`count` values: the mean of the finite ones each covers, NaN where it covers none."""
    finite = np.isfinite(flat)
    starts = (np.arange(count) * flat.size) // count
    sums = np.add.reduceat(np.where(finite, flat, 0.0), starts)
    counts = np.add.reduceat(finite.astype(np.int64), starts)
    return np.asarray(np.divide(sums, counts, out=np.full(count, np.nan), where=counts > 0))


def _plot_y(values: Pixels, low: float, high: float, size: int) -> Pixels:
    """Rows of `values` in a plot from `low` (bottom) to `high` (top); the middle row for a flat range."""
    inner = size - 1 - 2 * MARGIN
    if not high > low:
        return np.where(np.isfinite(values), MARGIN + inner / 2, np.nan)
    return MARGIN + (high - values) / (high - low) * inner


def _segment(out: Pixels, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, int, int]) -> None:
    steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 2
    xs = np.clip(np.round(np.linspace(x0, x1, steps)).astype(int), 0, out.shape[1] - 1)
    ys = np.clip(np.round(np.linspace(y0, y1, steps)).astype(int), 0, out.shape[0] - 1)
    out[ys, xs, :3] = colour


def _dot(out: Pixels, x: float, y: float, colour: tuple[int, int, int]) -> None:
    row, column = round(y), round(x)
    out[max(row - 1, 0) : row + 2, max(column - 1, 0) : column + 2, :3] = colour
