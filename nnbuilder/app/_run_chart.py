"""Small charts drawn in Python (the Runs, Search and Inside tabs) as SVG: curves of several runs overlaid (the PNG to
download is `_run_chart_png`) and a trial score against one searched setting. Nothing is loaded from elsewhere."""

from __future__ import annotations

import math
from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
Series = list[tuple[str, list[float | None]]]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _finite(values) -> list[float]:
    return [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values from `low` to `high` (about `count` of them) for the axis labels."""
    if high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def span_of(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.05
    return low - pad, high + pad


def number_text(value: float) -> str:
    if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
        return f"{value:.1e}"
    return f"{value:.4g}"


class Frame:
    """Where a value lands inside a chart of `width` x `height` with room for axis labels."""

    left, right, top, bottom = 56, 12, 12, 34

    def __init__(self, width: int, height: int, xs: tuple[float, float], ys: tuple[float, float], log=False):
        self.width, self.height, self.log = width, height, log
        self.xs = tuple(math.log10(x) for x in xs) if log else xs
        self.ys = ys

    def x(self, value: float) -> float:
        value = math.log10(value) if self.log else value
        low, high = self.xs
        return self.left + (value - low) / ((high - low) or 1.0) * (self.width - self.left - self.right)

    def y(self, value: float) -> float:
        low, high = self.ys
        return (
            self.height - self.bottom - (value - low) / ((high - low) or 1.0) * (self.height - self.top - self.bottom)
        )


def axes_svg(frame: Frame, x_label: str, y_label: str, x_ticks: list[tuple[float, str]]) -> list[str]:
    parts = []
    for tick in nice_ticks(*frame.ys):
        y = frame.y(tick)
        parts.append(f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#e4e4e4"/>')  # fmt: skip
        parts.append(f'<text x="{frame.left - 4}" y="{y + 4:.1f}" text-anchor="end">{number_text(tick)}</text>')
    base = frame.height - frame.bottom
    for value, label in x_ticks:
        x = frame.x(value)
        parts.append(f'<text x="{x:.1f}" y="{base + 14}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{base}" y2="{base}" stroke="#888"/>')
    parts.append(f'<line x1="{frame.left}" x2="{frame.left}" y1="{frame.top}" y2="{base}" stroke="#888"/>')
    middle = (frame.left + frame.width - frame.right) / 2
    parts.append(f'<text x="{middle:.1f}" y="{frame.height - 4}" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(f'<text x="12" y="{frame.top + 8}" text-anchor="start">{escape(y_label)}</text>')
    return parts


def svg_document(width: int, height: int, css_class: str, parts: list[str], title: str) -> str:
    body = "".join(parts)
    return (
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-size="11" font-family="sans-serif">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def curves_svg(series: Series, metric: str, epoch_word: str, width: int = 560, height: int = 260) -> str:
    """The per-epoch values of `metric` of each run, overlaid; a legend names the runs by their colours."""
    values = [v for _, vs in series for v in _finite(vs)]
    longest = max((len(vs) for _, vs in series), default=1)
    frame = Frame(width, height, (1.0, float(max(longest, 2))), span_of(values))
    x_ticks = [(t, str(int(t))) for t in nice_ticks(1, max(longest, 2), 6) if float(t).is_integer()]
    parts = axes_svg(frame, epoch_word, metric, x_ticks)
    for index, (label, points) in enumerate(series):
        drawn = [(frame.x(i + 1), frame.y(v)) for i, v in enumerate(points) if v is not None and math.isfinite(v)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
        parts.append(f'<polyline class="nnb-runs-curve" data-run="{escape(label)}" points="{line}" fill="none" '
                     f'stroke="{colour(index)}" stroke-width="2"/>')  # fmt: skip
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour(index)}"/>' for x, y in drawn]
    for index, (label, _) in enumerate(series):
        y = frame.top + 4 + 14 * index
        x = width - frame.right - 170
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour(index)}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 9}">{escape(label[:28])}</text>')
    return svg_document(width, height, "nnb-runs-chart", parts, metric)


def scatter_svg(
    points: list[tuple[object, float]],
    setting: str,
    metric: str,
    log: bool = False,
    width: int = 300,
    height: int = 200,
) -> str:
    """Each trial's score (y) at the value it tried for one setting (x); text values sit side by side."""
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v, _ in points) and points
    if log and numeric:
        log = all(float(v) > 0 for v, _ in points)  # type: ignore[arg-type]
    if numeric:
        xs_values = [float(v) for v, _ in points]  # type: ignore[arg-type]
        low, high = min(xs_values), max(xs_values)
        if log:
            frame = Frame(width, height, (low / 1.5, high * 1.5) if low == high else (low, high), (0, 1), log=True)
            x_ticks = [(10**p, number_text(10**p)) for p in range(math.ceil(frame.xs[0]), math.floor(frame.xs[1]) + 1)]
        else:
            frame = Frame(width, height, span_of(xs_values), (0, 1))
            x_ticks = [(t, number_text(t)) for t in nice_ticks(*frame.xs, 4)]
        place = [float(v) for v, _ in points]  # type: ignore[arg-type]
    else:
        labels = list(dict.fromkeys(repr(v) if not isinstance(v, str) else v for v, _ in points))
        frame = Frame(width, height, (-0.5, len(labels) - 0.5 if labels else 0.5), (0, 1))
        x_ticks = [(float(i), label) for i, label in enumerate(labels)]
        place = [float(labels.index(repr(v) if not isinstance(v, str) else v)) for v, _ in points]
    frame.ys = span_of([score for _, score in points])
    parts = axes_svg(frame, setting, metric, x_ticks)
    for x, (_, score) in zip(place, points):
        parts.append(f'<circle class="nnb-search-point" cx="{frame.x(x):.1f}" cy="{frame.y(score):.1f}" r="4" '
                     f'fill="{PALETTE[0]}" fill-opacity="0.75"/>')  # fmt: skip
    return svg_document(width, height, "nnb-search-chart", parts, f"{metric} / {setting}")
