"""A small SVG picture of a project's network, for the template gallery.

Each model is one column of coloured boxes stacked top to bottom in layer order, with
lines for the connections; the colours follow the layer categories, as in the editor's
palette. Names and values come from the project file, so every text is escaped.
No Keras and no widgets are imported.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from nnbuilder.catalog import get_spec
from nnbuilder.document.graph import adjacency, topological_order
from nnbuilder.document.project import Project

# The colour of each catalog category, here and on the editor's canvas (widgets/src/shared/theme.ts, checked against
# this table by widgets/test/python-fixtures/category-colors.json): mid tones for light and dark pages.
CATEGORY_COLORS = {
    "core": "#4e79a7",
    "convolutional": "#f28e2b",
    "pooling": "#59a14f",
    "reshaping": "#b07aa1",
    "recurrent": "#e15759",
    "normalization": "#76b7b2",
    "regularization": "#9c755f",
    "activations": "#edc948",
    "merging": "#ff9da7",
    "preprocessing": "#8cd17d",
    "attention": "#a0cbe8",
    "applications": "#d37295",
    "other": "#9d9d9d",
}
EDGE_COLOR = "#8a8a8a"
_MARGIN = 4.0
_CAPTION = 10.0  # height of a model's name above its column
_SIZE_KEYS = ("units", "filters", "output_dim", "rate", "target_shape", "pool_size")


# Characters XML 1.0 cannot hold even when escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
    """`value` as SVG text content: escaped, with characters XML cannot hold replaced."""
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def _attribute(value) -> str:
    """`value` as a quoted SVG attribute value."""
    return quoteattr(_NOT_XML.sub("\ufffd", str(value)))


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _category(layer: str) -> str:
    spec = get_spec(layer)
    return spec.category if spec is not None and spec.category in CATEGORY_COLORS else "other"


def _text_color(fill: str) -> str:
    """Dark text on light boxes, white on dark ones (by relative luminance)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#1e1e1e" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#ffffff"


def _size_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return "\u00d7".join(str(v) for v in value)
    return str(value)


def _caption(node) -> str:
    """What a box says: the layer's name and its main size, e.g. "Dense 128" or "Input 28×28×1"."""
    if node.model is not None:
        return str(node.model)
    spec = get_spec(node.layer)
    name = spec.display if spec is not None else str(node.layer)
    config = node.config if isinstance(node.config, dict) else {}
    key = "shape" if node.layer == "Input" else next((k for k in _SIZE_KEYS if k in config), None)
    if key is None or key not in config:
        return name
    return f"{name} {_size_text(config[key])}"


def _rows(graph) -> list[list]:
    """The graph's nodes in rows: each node one row below the deepest node that feeds it."""
    order, cyclic = topological_order(graph)
    _, pred = adjacency(graph)
    depth = {}
    for node_id in order:
        depth[node_id] = max((depth[p] + 1 for p in pred[node_id] if p in depth), default=0)
    last = max(depth.values(), default=-1)
    for node_id in (n.id for n in graph.nodes if n.id in cyclic):
        last += 1
        depth[node_id] = last
    rows = [[] for _ in range(last + 1)]
    for node in graph.nodes:
        rows[depth[node.id]].append(node)
    return rows


def _column(graph, left: float, top: float, width: float, height: float) -> list[str]:
    """SVG elements of one model: edges first, boxes (with a tooltip and maybe a caption) over them."""
    rows = _rows(graph)
    if not rows:
        return []
    pitch = height / len(rows)
    box_h = min(pitch * 0.72, 20.0)
    boxes = {}
    for r, row in enumerate(rows):
        slot = width / len(row)
        box_w = max(min(slot - 2.0, width * 0.86) if len(row) > 1 else width * 0.86, 1.0)
        for i, node in enumerate(row):
            cx = left + slot * (i + 0.5)
            cy = top + pitch * (r + 0.5)
            boxes[node.id] = (cx - box_w / 2, cy - box_h / 2, box_w, box_h)
    parts = []
    for edge in graph.edges:
        if edge.source in boxes and edge.target in boxes:
            sx, sy, sw, sh = boxes[edge.source]
            tx, ty, tw, _ = boxes[edge.target]
            parts.append(
                f'<line x1="{_number(sx + sw / 2)}" y1="{_number(sy + sh)}" '
                f'x2="{_number(tx + tw / 2)}" y2="{_number(ty)}"/>'
            )
    if parts:
        parts = [f'<g stroke="{EDGE_COLOR}" stroke-width="1">', *parts, "</g>"]
    font = min(8.0, box_h * 0.62)
    for node in graph.nodes:
        x, y, w, h = boxes[node.id]
        fill = CATEGORY_COLORS[_category(node.layer)]
        caption = _caption(node)
        parts.append("<g>")
        parts.append(f"<title>{_text(f'{node.id}: {caption}')}</title>")
        parts.append(
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" height="{_number(h)}" rx="2" fill="{fill}"/>'
        )
        room = int((w - 3) / (font * 0.56))  # characters that fit in the box
        if font >= 4.5 and room >= 3:
            shown = caption if len(caption) <= room else caption[: room - 1] + "\u2026"
            parts.append(
                f'<text x="{_number(x + w / 2)}" y="{_number(y + h / 2)}" font-size="{_number(font)}" '
                f'fill="{_text_color(fill)}" dominant-baseline="central">{_text(shown)}</text>'
            )
        parts.append("</g>")
    return parts


def project_picture(project: Project, *, width: int = 160, height: int = 120) -> str:
    """An SVG document (width x height pixels) drawing the project's models side by side."""
    if not isinstance(project, Project):
        raise TypeError(f"project: expected a nnbuilder.Project, got {type(project).__name__}")
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not 40 <= value <= 4000:
            raise ValueError(f"{name}: expected a whole number of pixels from 40 to 4000, got {value!r}")
    models = list(project.models.items())
    count = max(len(models), 1)
    gap = min(6.0, (width - 2 * _MARGIN) / (4 * count))  # the gaps take at most a quarter of the width
    column_w = (width - 2 * _MARGIN - gap * (count - 1)) / count
    captioned = len(models) > 1
    top = _MARGIN + (_CAPTION if captioned else 0.0)
    body = []
    for i, (name, graph) in enumerate(models):
        left = _MARGIN + i * (column_w + gap)
        if captioned:
            body.append(
                f'<text x="{_number(left + column_w / 2)}" y="{_number(_MARGIN + _CAPTION / 2)}" font-size="8" '
                f'fill="{EDGE_COLOR}" dominant-baseline="central">{_text(name)}</text>'
            )
        body += _column(graph, left, top, column_w, height - top - _MARGIN)
    label = _attribute(f"{project.name}: {', '.join(name for name, _ in models)}")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={label} '
        'font-family="sans-serif" text-anchor="middle">'
    )
    return "\n".join([head, f"<title>{_text(project.name)}</title>", *body, "</svg>"]) + "\n"
