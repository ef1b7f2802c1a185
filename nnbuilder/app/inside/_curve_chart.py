"""The drawing the course views share: line charts of curves (SVG), an image laid under a chart's plot area, the
banded heat picture of a function of two weights and the coloured picture of a classifier's regions (PNG)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np

from nnbuilder.app._run_chart import Frame, axes_svg, colour, nice_ticks, number_text, span_of, svg_document
from nnbuilder.errors import first_line
from nnbuilder.locale.error_words import said_error
from nnbuilder.ui._png import png_data_url

MOST_POINTS = 800  # a polyline keeps at most about this many points (a schedule of 20 000 steps is thinned)


class Line:
    """One drawn series: `series` names it in `data-series`, `label` in the legend."""

    def __init__(self, series: str, label: str, xs: Sequence[float], ys: Sequence[float], colour_index: int = 0,
                 dashed: bool = False, dots: bool = False) -> None:  # fmt: skip
        self.series, self.label, self.xs, self.ys = series, label, list(xs), list(ys)
        self.colour, self.dashed, self.dots = colour(colour_index), dashed, dots


def finite_pairs(xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in zip(xs, ys) if _finite(x) and _finite(y)]


def thinned(pairs: list[tuple[float, float]], most: int = MOST_POINTS) -> list[tuple[float, float]]:
    """Every k-th pair (the last one kept) so that at most about `most` remain."""
    if len(pairs) <= most:
        return pairs
    every = math.ceil(len(pairs) / most)
    kept = pairs[::every]
    return kept if kept[-1] == pairs[-1] else [*kept, pairs[-1]]


def chart_frame(lines: Sequence[Line], width: int, height: int, y_extra: Sequence[float] = ()) -> Frame:
    """The frame that holds every finite point of `lines` (and the values `y_extra`)."""
    pairs = [p for line in lines for p in finite_pairs(line.xs, line.ys)]
    xs = [x for x, _ in pairs] or [0.0, 1.0]
    low, high = min(xs), max(xs)
    return Frame(width, height, (low, high) if high > low else (low - 1.0, high + 1.0),
                 span_of([y for _, y in pairs] + [float(v) for v in y_extra if _finite(v)]))  # fmt: skip


def line_chart(lines: Sequence[Line], x_label: str, y_label: str, *, css_class: str, title: str,
               width: int = 380, height: int = 230, marks: Sequence[dict] = (), legend: bool = True,
               under: str = "") -> str:  # fmt: skip
    """The `lines` as polylines of class nnb-inside-curve, with their scaling in data- attributes (x-span and
    y-span: the values at the plot area's edges); `marks` are points drawn on top (x, y, title, class);
    `under` is SVG drawn under the axes (an image)."""
    frame = chart_frame(lines, width, height, [m["y"] for m in marks])
    x_ticks = [(t, number_text(t)) for t in nice_ticks(*frame.xs, 6)]
    parts = [under, *axes_svg(frame, x_label, y_label, x_ticks)]
    spans = (f'data-x-span="{frame.xs[0]!r} {frame.xs[1]!r}" data-y-span="{frame.ys[0]!r} {frame.ys[1]!r}" '
             f'data-width="{width}" data-height="{height}"')  # fmt: skip
    for line in lines:
        drawn = [(frame.x(x), frame.y(y)) for x, y in thinned(finite_pairs(line.xs, line.ys))]
        dash = ' stroke-dasharray="5 3"' if line.dashed else ""
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in drawn)
        parts.append(f'<polyline class="nnb-inside-curve" data-series="{escape(line.series)}" {spans} '
                     f'points="{points}" fill="none" stroke="{line.colour}" stroke-width="2"{dash}/>')  # fmt: skip
        if line.dots:
            parts += [f'<circle cx="{x:.2f}" cy="{y:.2f}" r="3" fill="{line.colour}"/>' for x, y in drawn]
    for mark in marks:
        x, y = frame.x(mark["x"]), frame.y(mark["y"])
        top, base = frame.top, frame.height - frame.bottom
        parts.append(f'<line x1="{x:.2f}" x2="{x:.2f}" y1="{top}" y2="{base}" stroke="#999" stroke-dasharray="2 3"/>')
        parts.append(f'<circle class="{mark["class"]}" data-x="{mark["x"]!r}" data-y="{mark["y"]!r}" cx="{x:.2f}" '
                     f'cy="{y:.2f}" r="4" fill="#fff" stroke="#333" stroke-width="1.5">'
                     f'<title>{escape(mark["title"])}</title></circle>')  # fmt: skip
    if legend:
        parts += legend_svg([(line.label, line.colour, line.dashed) for line in lines], width - frame.right - 190,
                            frame.top + 2)  # fmt: skip
    return svg_document(width, height, css_class, parts, title)


def legend_svg(entries: Sequence[tuple[str, str, bool]], left: float, top: float, most: int = 34) -> list[str]:
    """A key: a short stroke in each entry's colour (dashed where its line is) and its label (cut at `most`)."""
    parts = []
    for index, (label, stroke, dashed) in enumerate(entries):
        y = top + 14 * index + 6
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        parts.append(f'<line x1="{left:.1f}" x2="{left + 18:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{stroke}" '
                     f'stroke-width="2"{dash}/>')  # fmt: skip
        parts.append(f'<text x="{left + 22:.1f}" y="{y + 4:.1f}">{escape(label[:most])}</text>')
    return parts


def image_under(url: str, frame: Frame, css_class: str, attributes: str = "") -> str:
    """An <image> that fills the frame's plot area (the picture's first row at its top)."""
    left, top = frame.left, frame.top
    width, height = frame.width - frame.left - frame.right, frame.height - frame.top - frame.bottom
    return (f'<image class="{css_class}" {attributes} x="{left}" y="{top}" width="{width}" height="{height}" '
            f'preserveAspectRatio="none" href="{url}"/>')  # fmt: skip


def heat_url(z: Sequence[Sequence[float]], bands: int = 14) -> str:
    """A function's values (rows following y upwards) as a PNG data URL of bands, light at the lowest values and
    darker as they rise on a log scale, so the contours of a valley show."""
    values = np.log1p(np.maximum(np.asarray(z, dtype=np.float64), 0.0))
    low, high = float(values.min()), float(values.max())
    level = np.floor((values - low) / ((high - low) or 1.0) * bands).clip(0, bands - 1) / (bands - 1)
    light, dark = np.array([0.97, 0.98, 1.0]), np.array([0.22, 0.36, 0.62])
    image = light + level[..., None] * (dark - light)
    return png_data_url(image[::-1])


def regions_url(classes: Sequence[Sequence[int]], confidence: Sequence[Sequence[float]], class_count: int) -> str:
    """Each grid cell in its predicted class's colour, fainter where the model is less sure (a PNG data URL;
    rows following y upwards)."""
    index = np.asarray(classes, dtype=np.int64)
    sure = np.asarray(confidence, dtype=np.float64)
    palette = np.array([[int(colour(i)[k : k + 2], 16) / 255.0 for k in (1, 3, 5)] for i in range(class_count)])
    chance = 1.0 / max(class_count, 2)
    alpha = 0.12 + 0.5 * np.clip((sure - chance) / (1.0 - chance), 0.0, 1.0)
    image = np.concatenate([palette[index], alpha[..., None]], axis=-1)
    return png_data_url(image[::-1])


def error_text(exc: Exception, language: str) -> str:
    """An error's first line in `language`: its own Chinese sentence where it has one."""
    said_in = getattr(exc, "said_in", None) or {}
    return said_in.get(language) or said_error(first_line(exc), language)


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
