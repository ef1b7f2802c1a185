"""`activation_picture(array)`: what the inspector draws for one node's output on one sample, as plain data.

Four kinds, picked from the shape (or named by `kind`):

- "feature_maps" for a conv output (H, W, C): the channels side by side in a grid, each scaled to 0..255 on
  its own range, as one uint8 array with its layout (the ui layer encodes it as a PNG);
- "image" for an image-shaped output (H, W, 1), (H, W, 3) or (H, W): uint8 pixels;
- "lines" for a sequence (T, F): one line of T values per feature;
- "bars" for a vector (F,) (and any other shape, flattened): one bar per value.

Each picture says the shape it comes from and the value range (finite values only: a diverged network's NaNs
do not hide the rest).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

KINDS = ("feature_maps", "image", "lines", "bars")
MAX_MAPS = 64  # channels drawn in a feature-map grid; the picture says how many there are
MAX_LINES = 64  # features drawn as lines
MAX_BARS = 4096  # values drawn as bars
GAP = 1  # pixels between two maps of the grid

Picture = dict[str, Any]


def activation_picture(array: Any, kind: str | None = None) -> Picture:
    """The view data of one sample's activation `array` (no batch axis: `activations(...)[node][0]`).

    Returns {"kind", "shape", "range": [low, high], ...} plus, by kind: "grid" (uint8 2-D) and "layout" for
    feature maps; "pixels" (uint8, (H, W) or (H, W, 3)) for an image; "lines" (lists of floats) for a
    sequence; "values" (list of floats) for bars. `kind` forces one of KINDS where the shape allows it.
    """
    shape = list(np.shape(array))
    kind, data = picture_input(array, kind)
    low, high = finite_range(data)
    picture: Picture = {"kind": kind, "shape": shape, "range": [low, high]}
    if kind == "feature_maps":
        return picture | _feature_maps(data)
    if kind == "image":
        return picture | {"pixels": _image(data, low, high)}
    if kind == "lines":
        return picture | _lines(data)
    return picture | _bars(data)


def picture_input(array: Any, kind: str | None = None) -> tuple[str, np.ndarray[Any, Any]]:
    """The kind to draw `array` as (picked from its shape, or `kind` checked against KINDS and the shape) and its
    values as float64: (H, W, C) for feature maps and images, (T, F) for lines, as they are for bars."""
    data = np.asarray(array).astype(np.float64, copy=False)
    if kind is None:
        kind = _kind_of(data.shape)
    elif kind not in KINDS:
        raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    if kind in ("feature_maps", "image") and data.ndim == 2:
        data = data[:, :, np.newaxis]
    if kind in ("feature_maps", "image") and data.ndim != 3:
        raise ValueError(f"kind {kind!r}: expected an array of shape (H, W, C) or (H, W), got shape {data.shape}")
    if kind == "lines" and data.ndim != 2:
        raise ValueError(f"kind 'lines': expected an array of shape (T, F), got shape {data.shape}")
    return kind, data


def _kind_of(shape: tuple[int, ...]) -> str:
    if len(shape) == 3:
        return "image" if shape[-1] in (1, 3) else "feature_maps"
    if len(shape) == 2:
        return "lines"
    return "bars"


def finite_range(data: np.ndarray[Any, Any]) -> tuple[float, float]:
    finite = data[np.isfinite(data)]
    if finite.size == 0:
        return 0.0, 0.0
    return float(finite.min()), float(finite.max())


def scaled(data: np.ndarray[Any, Any], low: float, high: float) -> np.ndarray[Any, Any]:
    """`data` from [low, high] to uint8 0..255; a flat range is all 0, NaN is 0."""
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return np.zeros(data.shape, dtype=np.uint8)
    scaled = np.nan_to_num((data - low) / span, nan=0.0, posinf=1.0, neginf=0.0)
    return np.round(np.clip(scaled, 0.0, 1.0) * 255).astype(np.uint8)


def _feature_maps(data: np.ndarray[Any, Any]) -> Picture:
    height, width, channels = data.shape
    shown = min(channels, MAX_MAPS)
    columns = max(1, math.ceil(math.sqrt(shown)))
    rows = max(1, math.ceil(shown / columns))
    grid = np.zeros((rows * height + (rows - 1) * GAP, columns * width + (columns - 1) * GAP), dtype=np.uint8)
    ranges = []
    for c in range(shown):
        low, high = finite_range(data[:, :, c])
        ranges.append([low, high])
        top, left = (c // columns) * (height + GAP), (c % columns) * (width + GAP)
        grid[top : top + height, left : left + width] = scaled(data[:, :, c], low, high)
    layout = {
        "rows": rows,
        "columns": columns,
        "cell": [height, width],
        "gap": GAP,
        "maps": shown,
        "channels": channels,
        "ranges": ranges,
    }
    return {"grid": grid, "layout": layout}


def _image(data: np.ndarray[Any, Any], low: float, high: float) -> np.ndarray[Any, Any]:
    """Pixels on the scale the values are on: [0, 1] (a sigmoid, a scaled image), [-1, 1] (tanh), else their
    own range; one channel as (H, W)."""
    if low >= 0.0 and high <= 1.0:
        low, high = 0.0, 1.0
    elif low >= -1.0 and high <= 1.0:
        low, high = -1.0, 1.0
    if data.shape[-1] == 1:
        data = data[:, :, 0]
    elif data.shape[-1] != 3:
        raise ValueError(f"kind 'image': expected 1 or 3 channels, got {data.shape[-1]}")
    return scaled(data, low, high)


def _lines(data: np.ndarray[Any, Any]) -> Picture:
    shown = min(data.shape[1], MAX_LINES)
    return {"lines": [_floats(data[:, f]) for f in range(shown)], "features": data.shape[1]}


def _bars(data: np.ndarray[Any, Any]) -> Picture:
    flat = data.reshape(-1)
    return {"values": _floats(flat[:MAX_BARS]), "total": int(flat.size)}


def _floats(values: np.ndarray[Any, Any]) -> list[float | None]:
    """Plain floats for JSON: NaN and infinities as None."""
    return [float(v) if math.isfinite(v) else None for v in values.tolist()]
