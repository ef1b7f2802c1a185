"""PNG encoding with zlib alone, image grids and data URLs for the browser.

Training samples and evaluation galleries are small images; encoding them here
keeps Pillow out of the dependencies and the bytes small on the wire.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

from nnbuilder.errors import NNBuilderError

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# channels -> PNG colour type: grey, grey+alpha, RGB, RGBA
_COLOR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}


def to_uint8(image) -> np.ndarray:
    """Floats in [0, 1] (clipped, NaN as 0) to bytes; uint8 input is kept as it is."""
    array = np.asarray(image)
    if array.dtype == np.uint8:
        return array
    array = np.nan_to_num(array.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    return (np.clip(array, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def encode_png(image, *, level: int = 6) -> bytes:
    """PNG bytes of an (H, W) or (H, W, C) image, C in 1..4, floats in [0, 1] or uint8."""
    array = to_uint8(image)
    if array.ndim == 2:
        array = array[:, :, None]
    if array.ndim != 3 or array.shape[2] not in _COLOR_TYPES or array.shape[0] < 1 or array.shape[1] < 1:
        raise NNBuilderError(
            f"image: expected an array of shape (height, width) or (height, width, 1-4 channels), "
            f"got shape {tuple(np.shape(image))}"
        )
    height, width, channels = array.shape
    rows = np.zeros((height, 1 + width * channels), dtype=np.uint8)  # filter byte 0 (none) per row
    rows[:, 1:] = array.reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPES[channels], 0, 0, 0)
    return (
        _SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
        + _chunk(b"IEND", b"")
    )


def data_url(png: bytes) -> str:
    """A `data:image/png;base64,...` URL for an <img> element."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def png_data_url(image) -> str:
    """Encode an image and wrap it as a data URL."""
    return data_url(encode_png(image))


def as_image_batch(images) -> np.ndarray:
    """(N, H, W) or (N, H, W, C) with C in 1, 3 or 4 as a float (N, H, W, C) array."""
    array = np.asarray(images)
    if array.ndim == 3:
        array = array[..., None]
    if array.ndim != 4 or array.shape[-1] not in (1, 3, 4):
        raise NNBuilderError(
            f"images: expected an array of shape (count, height, width) or (count, height, width, 1/3/4 channels), "
            f"got shape {tuple(array.shape)}"
        )
    if array.dtype == np.uint8:
        return array.astype(np.float32) / 255.0
    return array.astype(np.float32, copy=False)


def grid_columns(count: int, pairs: bool = False) -> int:
    """A near-square number of columns (an even number when images come in pairs)."""
    if count <= 0:
        return 1
    if pairs:
        return 2 * max(1, int(np.ceil(np.sqrt(count / 2.0))))
    return max(1, int(np.ceil(np.sqrt(count))))


def image_grid(images, *, columns: int | None = None, pad: int = 1, pairs: bool = False) -> np.ndarray:
    """Tile (N, H, W[, C]) images into one image with a transparent gap between them.

    The result has an alpha channel: (H', W', 2) for grey images, (H', W', 4) for
    colour ones. With `pairs` the images alternate (input, output) and each pair sits
    side by side with a wider gap between pairs.
    """
    batch = as_image_batch(images)
    count, height, width, channels = batch.shape
    if channels == 4:
        colour, alpha = batch[..., :3], batch[..., 3:]
    else:
        colour, alpha = batch, np.ones((count, height, width, 1), dtype=np.float32)
    cells = np.concatenate([colour, alpha], axis=-1)
    cols = columns or grid_columns(count, pairs)
    if pairs and cols % 2:
        cols += 1
    rows = max(1, -(-count // cols))
    gaps = [0] + [pad * (3 if pairs and c % 2 == 0 else 1) for c in range(1, cols)]
    x0 = np.cumsum([g + (width if c else 0) for c, g in enumerate(gaps)])
    out = np.zeros((rows * height + (rows - 1) * pad, int(x0[-1]) + width, cells.shape[-1]), dtype=np.float32)
    for i in range(count):
        r, c = divmod(i, cols)
        top, left = r * (height + pad), int(x0[c])
        out[top : top + height, left : left + width] = cells[i]
    return out
