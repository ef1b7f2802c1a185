"""HTML for the activations view: one node's output picture (a PNG feature-map grid or image, SVG bars or lines),
its caption, the sample itself and the drawn digit's predicted probabilities. Nothing is loaded from elsewhere."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import numpy as np

from nnbuilder.app._run_chart import Frame, axes_svg, colour, number_text, span_of, svg_document
from nnbuilder.ui._png import png_data_url
from nnbuilder.views.activation_pictures import activation_picture

PIXEL_SCALE = 4  # screen pixels per image pixel for small pictures
MAX_IMAGE_WIDTH = 480


def shape_text(shape) -> str:
    """A shape as check writes it: `(None, 26, 26, 32)`."""
    items = ["None" if s is None else str(int(s)) for s in shape]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def image_html(pixels: np.ndarray, css_class: str, **data: object) -> str:
    """An <img> of uint8 pixels, enlarged without smoothing so each value stays a sharp square."""
    height, width = pixels.shape[:2]
    scale = max(1, min(PIXEL_SCALE, MAX_IMAGE_WIDTH // max(width, 1)))
    attributes = "".join(f' data-{key.replace("_", "-")}="{escape(str(value))}"' for key, value in data.items())
    return (
        f'<img class="{css_class}" src="{png_data_url(pixels)}" width="{width * scale}" height="{height * scale}"'
        f'{attributes} style="image-rendering: pixelated" alt="">'
    )


def bars_svg(values: list, css_class: str, title: str, y_label: str, labels: list[str] | None = None,
             width: int = 560, height: int = 200) -> str:  # fmt: skip
    """One bar per value from zero (None for a value that is not finite: no bar, marked as missing)."""
    finite = [v for v in values if v is not None]
    low, high = span_of([*finite, 0.0])
    count = max(len(values), 1)
    frame = Frame(width, height, (0.0, float(count)), (low, high))
    ticks = _x_ticks(count, labels)
    parts = axes_svg(frame, "", y_label, ticks)
    step = frame.x(1.0) - frame.x(0.0)
    bar = max(step * 0.8, 0.5)
    base = frame.y(0.0)
    for index, value in enumerate(values):
        name = labels[index] if labels and index < len(labels) else str(index)
        if value is None:
            parts.append(f'<rect class="{css_class}" data-index="{index}" data-name="{escape(name)}" data-value="nan" '
                         f'x="{frame.x(index) + (step - bar) / 2:.2f}" y="{frame.top}" width="{bar:.2f}" '
                         f'height="{base - frame.top:.2f}" fill="#f4c7c3"/>')  # fmt: skip
            continue
        top = frame.y(value)
        parts.append(
            f'<rect class="{css_class}" data-index="{index}" data-name="{escape(name)}" data-value="{value!r}" '
            f'x="{frame.x(index) + (step - bar) / 2:.2f}" y="{min(top, base):.2f}" width="{bar:.2f}" '
            f'height="{abs(base - top):.2f}" fill="{colour(0)}"><title>{escape(name)}: {number_text(value)}</title>'
            "</rect>"
        )
    return svg_document(width, height, f"{css_class}s", parts, title)


def _x_ticks(count: int, labels: list[str] | None) -> list[tuple[float, str]]:
    if labels and count <= 20:
        return [(i + 0.5, labels[i]) for i in range(count)]
    step = max(1, math.ceil(count / 8))
    return [(i + 0.5, str(i)) for i in range(0, count, step)]


def lines_svg(lines: list[list], title: str, x_label: str, y_label: str, width: int = 560, height: int = 220) -> str:
    """One polyline per channel of a sequence, over its time steps."""
    finite = [v for line in lines for v in line if v is not None]
    steps = max((len(line) for line in lines), default=1)
    frame = Frame(width, height, (0.0, float(max(steps - 1, 1))), span_of(finite))
    ticks = [(float(t), str(t)) for t in range(0, steps, max(1, math.ceil(steps / 8)))]
    parts = axes_svg(frame, x_label, y_label, ticks)
    for channel, line in enumerate(lines):
        points = " ".join(f"{frame.x(t):.1f},{frame.y(v):.1f}" for t, v in enumerate(line) if v is not None)
        parts.append(f'<polyline class="nnb-inside-line" data-channel="{channel}" points="{points}" fill="none" '
                     f'stroke="{colour(channel)}" stroke-width="1.5"/>')  # fmt: skip
    return svg_document(width, height, "nnb-inside-lines", parts, title)


def picture_html(picture: dict[str, Any], title: str, y_label: str, x_label: str) -> str:
    """What `activation_picture` describes, drawn: maps and images as PNG, bars and lines as SVG."""
    kind = picture["kind"]
    if kind == "feature_maps":
        layout = picture["layout"]
        return image_html(picture["grid"], "nnb-inside-maps", rows=layout["rows"], columns=layout["columns"],
                          maps=layout["maps"], channels=layout["channels"])  # fmt: skip
    if kind == "image":
        return image_html(picture["pixels"], "nnb-inside-image")
    if kind == "lines":
        return lines_svg(picture["lines"], title, x_label, y_label)
    return bars_svg(picture["values"], "nnb-inside-bar", title, y_label)


def sample_html(sample: np.ndarray, image_shape: tuple[int, ...] | None, title: str, y_label: str) -> str:
    """The sample itself: an image when it is (or unflattens to) one, else its values as bars."""
    array = np.asarray(sample, dtype=np.float64)
    if image_shape is not None and len(image_shape) in (2, 3) and array.size == int(np.prod(image_shape)):
        array = array.reshape(image_shape)
    if array.ndim == 2:
        array = array[:, :, np.newaxis]
    if array.ndim == 3 and array.shape[-1] in (1, 3):
        return image_html(activation_picture(array, kind="image")["pixels"], "nnb-inside-sample-image")
    return bars_svg(activation_picture(array, kind="bars")["values"], "nnb-inside-sample-bar", title, y_label,
                    height=140)  # fmt: skip


def caption_html(lines: list[str], css_class: str = "nnb-inside-caption", **data: object) -> str:
    attributes = "".join(f' data-{key.replace("_", "-")}="{escape(str(value))}"' for key, value in data.items())
    body = "<br>".join(escape(line) for line in lines)
    return f'<div class="{css_class}"{attributes}>{body}</div>'


def message_html(text: str, css_class: str) -> str:
    return f'<p class="{css_class}">{escape(text)}</p>' if text else ""
