"""HTML for the Data tab: what a dataset is, and a look at the loaded data (image grid, sequence plots
drawn as inline SVG, or a table) with the shapes actually loaded and whether the data fits the model.

Plain HTML with one scoped <style>, so it renders in JupyterLab, VS Code and Voila without browser code.
Every text from the data is escaped. Words come from the caller's `text(key, **values)`.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from nnbuilder.catalog._shapes import fmt
from nnbuilder.locale.dataset_words import dataset_description, dataset_title, note_text, stand_in_name
from nnbuilder.ui._png import as_image_batch, png_data_url

STYLE = """
.nnb-data { --nnb-text: var(--jp-ui-font-color0, #1f1f1f); --nnb-text1: var(--jp-ui-font-color1, #333333);
  --nnb-muted: var(--jp-ui-font-color2, #6b6b6b); --nnb-border: var(--jp-border-color1, #bdbdbd);
  --nnb-panel: var(--jp-layout-color1, #ffffff); --nnb-brand: var(--jp-brand-color1, #1976d2);
  --nnb-good: var(--jp-success-color1, #388e3c); --nnb-warn: var(--jp-warn-color1, #f57c00);
  --nnb-error: var(--jp-error-color1, #d32f2f);
  font-family: var(--jp-ui-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--jp-ui-font-size1, 13px); line-height: 1.4; color: var(--nnb-text1); white-space: normal; }
.nnb-data p { margin: 0 0 6px; }
.nnb-data .nnb-muted { color: var(--nnb-muted); }
.nnb-data table { border-collapse: collapse; }
.nnb-data .nnb-facts th { text-align: left; font-weight: 600; padding: 1px 12px 1px 0; color: var(--nnb-text); }
.nnb-data .nnb-facts td { padding: 1px 0; font-variant-numeric: tabular-nums; }
.nnb-data .nnb-note { border-left: 3px solid var(--nnb-warn); padding: 2px 8px; margin: 6px 0; }
.nnb-data .nnb-fits { color: var(--nnb-good); }
.nnb-data .nnb-misfit { color: var(--nnb-error); }
.nnb-data .nnb-busy { color: var(--nnb-muted); font-style: italic; }
.nnb-data .nnb-gallery { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.nnb-data .nnb-gallery figure { margin: 0; padding: 2px; border: 1px solid var(--nnb-border); border-radius: 3px;
  background: var(--nnb-panel); text-align: center; }
.nnb-data .nnb-gallery img { display: block; image-rendering: pixelated; }
.nnb-data .nnb-gallery figcaption { font-size: 0.85em; max-width: 96px; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.nnb-data .nnb-series { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
.nnb-data svg text { fill: var(--nnb-muted); font-size: 10px; font-family: inherit; }
.nnb-data svg .nnb-frame { fill: none; stroke: var(--nnb-border); }
.nnb-data svg polyline { fill: none; stroke: var(--nnb-brand); stroke-width: 1.2; }
.nnb-data svg circle { fill: var(--nnb-warn); }
.nnb-data .nnb-scroll { overflow-x: auto; max-width: 100%; margin: 6px 0; }
.nnb-data .nnb-rows th, .nnb-data .nnb-rows td { padding: 1px 8px; border-bottom: 1px solid var(--nnb-border);
  text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.nnb-data .nnb-rows th { color: var(--nnb-text); font-weight: 600; }
"""

IMAGE_SIDE = 64  # pixels each preview picture is scaled up to (at least)
SERIES_SHOWN = 6
ROWS_SHOWN = 12


def _page(body: str) -> str:
    return f'<div class="nnb-data"><style>{STYLE}</style>{body}</div>'


def shape_text(shape, text, *, task=None) -> str:
    """A per-example shape as Keras prints it: "(28, 28, 1)", or words for the empty shape."""
    shape = tuple(shape)
    if shape:
        return fmt(shape)
    return text("one_class") if task in ("classification", "binary") else text("one_value")


def message_html(message: str, kind: str = "muted") -> str:
    """One line in the preview area: kind "muted", "busy" or "misfit"."""
    return _page(f'<p class="nnb-{kind}">{escape(message)}</p>')


def facts_html(info, text, *, source_key: str, sizes=None, options_changed: bool = False, language="en") -> str:
    """What a dataset is before loading: description, source, task, shapes, classes, stand-in.
    The registry's shapes are those of the default options: `options_changed` says so under the table."""
    rows = [(text("source"), text(source_key))]
    rows.append((text("task"), text(f"task.{info.task}") if info.task else text("depends")))
    # An empty input shape means the user's data decides; an empty target shape means one value (or class).
    rows.append((text("input_shape"), shape_text(info.input_shape, text) if info.input_shape else text("depends")))
    target_known = bool(info.target_shape) or info.task is not None
    target = shape_text(info.target_shape, text, task=info.task) if target_known else text("depends")
    rows.append((text("target_shape"), target))
    rows.append((text("classes"), str(info.num_classes) if info.num_classes else "—"))
    if sizes is not None:
        rows += [(text("train"), f"{sizes[0]:,}"), (text("test"), f"{sizes[1]:,}")]
    if info.stand_in:
        rows.append((text("stand_in"), stand_in_name(info.stand_in, language)))
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    note = f'<p class="nnb-muted">{escape(text("default_shapes"))}</p>' if options_changed else ""
    description = dataset_description(info, language)
    return _page(f"<p>{escape(description)}</p><table class='nnb-facts'>{table}</table>{note}")


def preview_html(shown: dict, dataset, check_line: tuple, text, language="en") -> str:
    """The loaded data: what is in use and why, the shapes loaded, a few examples, the model check."""
    parts = [_in_use(dataset, text, language), _shapes(dataset, text)]
    kind = shown.get("kind")
    if kind == "images":
        parts.append(_images(shown))
    elif kind == "sequence":
        parts.append(_sequences(shown, text))
    else:
        parts.append(_table(shown))
    css, line = check_line
    parts.append(f'<p class="nnb-{css}">{escape(line)}</p>')
    return _page("".join(parts))


def _in_use(dataset, text, language) -> str:
    if dataset.stand_in:
        head = text("in_use_stand_in", stand_in=stand_in_name(dataset.stand_in, language), name=dataset.name)
    elif dataset.info.source == "user" and dataset.name == "arrays":
        head = text("in_use_arrays")
    else:
        head = text("in_use", title=dataset_title(dataset.info, language), name=dataset.name)
    note = f'<p class="nnb-note">{escape(note_text(dataset.note, language))}</p>' if dataset.note else ""
    return f"<p><b>{escape(head)}</b></p>{note}"


def _shapes(dataset, text) -> str:
    y = dataset.y_train
    rows = [
        (text("train"), f"{len(dataset.x_train):,}"),
        (text("test"), f"{len(dataset.x_test):,}"),
        (text("input_shape"), shape_text(dataset.x_train.shape[1:], text)),
        (text("target_shape"), text("no_targets") if y is None else shape_text(y.shape[1:], text, task=dataset.task)),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='nnb-facts'>{table}</table>"


def _images(shown: dict) -> str:
    images = as_image_batch(shown["images"])
    labels = list(shown.get("labels") or [])
    cells = []
    for i, image in enumerate(images):
        height, width = image.shape[:2]
        scale = max(1, math.ceil(IMAGE_SIDE / max(height, width)))
        caption = f"<figcaption>{escape(str(labels[i]))}</figcaption>" if i < len(labels) else ""
        cells.append(
            f'<figure><img src="{png_data_url(image)}" width="{width * scale}" height="{height * scale}" '
            f'alt="">{caption}</figure>'
        )
    return f'<div class="nnb-gallery">{"".join(cells)}</div>'


def _number(value) -> str:
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return f"{float(value):.4g}"
    return str(value)


def sequence_svg(series, target=None, *, width: int = 260, height: int = 72) -> str:
    """One window of values as a line, with the next value (the target) as a dot after it."""
    values = [float(v) for v in series if isinstance(v, (int, float)) and math.isfinite(v)]
    numeric = isinstance(target, (int, float)) and not isinstance(target, bool) and math.isfinite(target)
    everything = values + ([float(target)] if numeric else [])
    if not everything:
        return ""
    low, high = min(everything), max(everything)
    span = (high - low) or 1.0
    pad, steps = 6, max(1, len(values))

    def x(i):
        return pad + i * (width - 2 * pad) / steps

    def y(v):
        return height - pad - (v - low) / span * (height - 2 * pad)

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    dot = f'<circle cx="{x(steps):.1f}" cy="{y(float(target)):.1f}" r="2.5"/>' if numeric else ""
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f'<rect class="nnb-frame" x="0.5" y="0.5" width="{width - 1}" height="{height - 1}"/>'
        f'<polyline points="{points}"/>{dot}'
        f'<text x="{pad}" y="11">{escape(_number(high))}</text>'
        f'<text x="{pad}" y="{height - 2}">{escape(_number(low))}</text></svg>'
    )


def _sequences(shown: dict, text) -> str:
    targets = list(shown.get("targets") or [])
    cells = []
    for i, series in enumerate(shown.get("series", [])[:SERIES_SHOWN]):
        target = targets[i] if i < len(targets) else None
        caption = (
            "" if target is None else f"<figcaption>{escape(text('next_value', value=_number(target)))}</figcaption>"
        )
        cells.append(f"<figure>{sequence_svg(series, target)}{caption}</figure>")
    return f'<div class="nnb-series nnb-gallery">{"".join(cells)}</div>'


def _table(shown: dict) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in shown.get("columns", []))
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(_number(v))}</td>" for v in row) + "</tr>"
        for row in shown.get("rows", [])[:ROWS_SHOWN]
    )
    return f'<div class="nnb-scroll"><table class="nnb-rows"><tr>{head}</tr>{rows}</table></div>'
