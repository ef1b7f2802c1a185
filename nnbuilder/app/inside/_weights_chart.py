"""The weights view's charts, drawn as SVG in Python: one histogram (a weight tensor's or its gradient's), and
each layer's weight or gradient norm over the epochs (gradients on a log scale: vanishing and exploding show as
lines orders of magnitude apart)."""

from __future__ import annotations

import math
from html import escape

from nnbuilder.app._run_chart import Frame, axes_svg, colour, nice_ticks, number_text, span_of, svg_document

HIST_WIDTH, HIST_HEIGHT = 250, 110
NORM_WIDTH, NORM_HEIGHT = 420, 230


def histogram_svg(histogram: dict, *, node: str, weight: str, kind: str, title: str) -> str:
    """Bars of `histogram` (`edges`, `counts`), one `<rect class="nnb-inside-hist-bar">` per bin, the count
    and the bin's range in data- attributes; `kind` is "weights" or "gradients"."""
    edges = [float(e) for e in histogram["edges"]]
    counts = [int(c) for c in histogram["counts"]]
    top = max(counts, default=0) or 1
    frame = Frame(HIST_WIDTH, HIST_HEIGHT, (edges[0], edges[-1]), (0.0, float(top)))
    frame.left, frame.right, frame.bottom = 40, 28, 22  # room for the range's labels at both ends
    ticks = [(edges[0], number_text(edges[0])), (edges[-1], number_text(edges[-1]))]
    parts = axes_svg(frame, "", "", ticks)
    fill = "#1f77b4" if kind == "weights" else "#d62728"
    base = frame.y(0.0)
    for count, low, high in zip(counts, edges, edges[1:]):
        x, right, y = frame.x(low), frame.x(high), frame.y(float(count))
        parts.append(
            f'<rect class="nnb-inside-hist-bar" x="{x:.2f}" y="{y:.2f}" width="{max(right - x - 0.5, 0.5):.2f}" '
            f'height="{base - y:.2f}" fill="{fill}" data-count="{count}" data-low="{low!r}" data-high="{high!r}">'
            f"<title>{escape(number_text(low))} … {escape(number_text(high))}: {count}</title></rect>"
        )
    svg = svg_document(HIST_WIDTH, HIST_HEIGHT, "nnb-inside-hist", parts, title)
    attributes = (
        f'data-layer="{escape(node)}" data-weight="{escape(weight)}" data-kind="{kind}" '
        f'data-size="{int(histogram["size"])}" data-total="{sum(counts)}" '
        f'data-nonfinite="{int(histogram["nonfinite"])}"'
    )
    return svg.replace('<svg class="nnb-inside-hist"', f'<svg class="nnb-inside-hist" {attributes}', 1)


def norms_svg(
    epochs: list[int], series: dict[str, list], *, key: str, selected: str | None, log: bool, y_label: str,
    epoch_word: str,
) -> str:  # fmt: skip
    """One `<polyline class="nnb-inside-norm" data-layer=...>` per layer over the finished epochs (numbered from
    1); `log` draws the values on a log scale. The `selected` layer is drawn thick, the others faded."""
    values = [v for vs in series.values() for v in vs if _drawable(v, log)]
    shown = [math.log10(v) for v in values] if log else values
    low, high = span_of(shown)
    if log:
        low, high = math.floor(min(shown, default=-1.0)), math.ceil(max(shown, default=0.0))
        high = high if high > low else low + 1
    last = float(max(len(epochs), 2))
    frame = Frame(NORM_WIDTH, NORM_HEIGHT, (1.0, last), (low, high))
    frame.right, frame.top = 130, 26  # room for the legend, and for the axis' name above the highest value
    x_ticks = [(t, str(int(t))) for t in nice_ticks(1, last, 6) if float(t).is_integer()]
    parts = _log_axes(frame, epoch_word, y_label, x_ticks) if log else axes_svg(frame, epoch_word, y_label, x_ticks)
    for index, (node, points) in enumerate(series.items()):
        chosen = node == selected or node.split("/", 1)[0] == selected
        width, opacity = ("3.5", "1") if chosen else ("1.8", "0.35" if selected in _owners(series) else "1")
        drawn = [
            (frame.x(i + 1), frame.y(math.log10(v) if log else v)) for i, v in enumerate(points) if _drawable(v, log)
        ]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
        numbers = ",".join("" if v is None else repr(float(v)) for v in points)
        marks = ' data-selected="true"' if chosen else ""
        parts.append(
            f'<polyline class="nnb-inside-norm{" nnb-inside-norm-selected" if chosen else ""}" '
            f'data-layer="{escape(node)}" data-series="{key}" data-values="{numbers}"{marks} points="{line}" '
            f'fill="none" stroke="{colour(index)}" stroke-width="{width}" stroke-opacity="{opacity}"/>'
        )
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour(index)}" fill-opacity="{opacity}"/>'
                  for x, y in drawn]  # fmt: skip
        y = frame.top + 4 + 14 * index
        x = NORM_WIDTH - frame.right + 10
        weight = ' font-weight="bold"' if chosen else ""
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour(index)}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 9}"{weight}>{escape(node[:18])}</text>')
    return svg_document(NORM_WIDTH, NORM_HEIGHT, f"nnb-inside-norms nnb-inside-norms-{key}", parts, y_label)


def _drawable(value, log: bool) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and (value > 0 or not log)


def _owners(series: dict[str, list]) -> set[str]:
    return {node.split("/", 1)[0] for node in series} | set(series)


def _log_axes(frame: Frame, x_label: str, y_label: str, x_ticks: list[tuple[float, str]]) -> list[str]:
    """Axes whose y values are powers of ten: a grid line and a label at each whole power."""
    parts = []
    low, high = frame.ys
    for power in range(int(low), int(high) + 1):
        y = frame.y(float(power))
        parts.append(f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#e4e4e4"/>')  # fmt: skip
        parts.append(f'<text x="{frame.left - 4}" y="{y + 4:.1f}" text-anchor="end">{number_text(10.0**power)}</text>')
    base = frame.height - frame.bottom
    for value, label in x_ticks:
        parts.append(f'<text x="{frame.x(value):.1f}" y="{base + 14}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{base}" y2="{base}" stroke="#888"/>')
    parts.append(f'<line x1="{frame.left}" x2="{frame.left}" y1="{frame.top}" y2="{base}" stroke="#888"/>')
    middle = (frame.left + frame.width - frame.right) / 2
    parts.append(f'<text x="{middle:.1f}" y="{frame.height - 4}" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(f'<text x="12" y="{frame.top - 12}" text-anchor="start">{escape(y_label)}</text>')  # above 10^k
    return parts
