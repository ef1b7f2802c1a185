"""HTML for an evaluation result: metrics table, confusion matrix, gallery, predicted-vs-true scatter.

Plain HTML and inline SVG with one scoped <style>, so it renders in JupyterLab,
VS Code and Voila without browser code. Every name from the data is escaped.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from nnbuilder.locale.dataset_words import note_text
from nnbuilder.locale.evaluation_words import metric_name, word
from nnbuilder.ui._png import as_image_batch, png_data_url

STYLE = """
.nnb-eval { --nnb-text: var(--jp-ui-font-color0, #1f1f1f); --nnb-text1: var(--jp-ui-font-color1, #333333);
  --nnb-muted: var(--jp-ui-font-color2, #6b6b6b); --nnb-border: var(--jp-border-color1, #bdbdbd);
  --nnb-bg: var(--jp-layout-color0, #ffffff); --nnb-panel: var(--jp-layout-color1, #ffffff);
  --nnb-brand: var(--jp-brand-color1, #1976d2); --nnb-good: var(--jp-success-color1, #388e3c);
  --nnb-error: var(--jp-error-color1, #d32f2f);
  font-family: var(--jp-ui-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--jp-ui-font-size1, 13px); line-height: 1.4; color: var(--nnb-text1); background: var(--nnb-bg);
  border: 1px solid var(--nnb-border); border-radius: 4px; padding: 8px; white-space: normal; box-sizing: border-box; }
.nnb-eval * { box-sizing: border-box; }
.nnb-eval h3 { font-size: 1.1em; margin: 0 0 4px; color: var(--nnb-text); }
.nnb-eval h4 { font-size: 1em; margin: 10px 0 4px; color: var(--nnb-text); }
.nnb-eval .nnb-eval-note, .nnb-eval .nnb-eval-empty { color: var(--nnb-muted); }
.nnb-eval table { border-collapse: collapse; }
.nnb-eval .nnb-eval-metrics th, .nnb-eval .nnb-eval-metrics td { padding: 2px 10px 2px 0; text-align: left;
  border-bottom: 1px solid var(--nnb-border); }
.nnb-eval .nnb-eval-metrics th { font-weight: 600; color: var(--nnb-text); }
.nnb-eval .nnb-eval-metrics td { font-variant-numeric: tabular-nums; text-align: right; }
.nnb-eval .nnb-eval-scroll { overflow-x: auto; max-width: 100%; }
.nnb-eval .nnb-confusion th, .nnb-eval .nnb-confusion td { padding: 0 4px; text-align: center; min-width: 28px;
  height: 24px; font-variant-numeric: tabular-nums; border: 1px solid var(--nnb-border); }
.nnb-eval .nnb-confusion th { font-weight: 600; color: var(--nnb-text); max-width: 90px; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.nnb-eval .nnb-confusion .nnb-axis { color: var(--nnb-muted); font-weight: normal; border: none; max-width: none;
  white-space: normal; font-size: 0.85em; line-height: 1.15; }
.nnb-eval .nnb-confusion td.nnb-strong { color: #ffffff; }
.nnb-eval .nnb-acc { text-align: left !important; min-width: 110px; }
.nnb-eval .nnb-acc-bar { display: inline-block; height: 8px; background: var(--nnb-good); border-radius: 2px;
  vertical-align: middle; margin-right: 4px; }
.nnb-eval .nnb-gallery { display: flex; flex-wrap: wrap; gap: 6px; }
.nnb-eval .nnb-gallery figure { margin: 0; padding: 2px; border: 2px solid var(--nnb-border); border-radius: 3px;
  background: var(--nnb-panel); text-align: center; }
.nnb-eval .nnb-gallery figure.nnb-right { border-color: var(--nnb-good); }
.nnb-eval .nnb-gallery figure.nnb-wrong { border-color: var(--nnb-error); }
.nnb-eval .nnb-gallery img { display: inline-block; image-rendering: pixelated; vertical-align: top; }
.nnb-eval .nnb-gallery .nnb-pair img + img { margin-left: 2px; }
.nnb-eval .nnb-gallery figcaption { font-size: 0.85em; color: var(--nnb-text1); max-width: 130px; }
.nnb-eval .nnb-gallery .nnb-wrong figcaption b { color: var(--nnb-error); }
.nnb-eval svg text { fill: var(--nnb-muted); font-size: 10px; font-family: inherit; }
.nnb-eval svg .nnb-frame { fill: none; stroke: var(--nnb-border); }
.nnb-eval svg .nnb-grid { stroke: var(--nnb-border); stroke-opacity: 0.5; }
.nnb-eval svg .nnb-ideal { stroke: var(--nnb-muted); stroke-dasharray: 4 3; }
.nnb-eval svg circle { fill: var(--nnb-brand); fill-opacity: 0.55; }
"""


def fmt(value) -> str:
    """A metric value in 4 significant digits (exponent form when tiny or huge)."""
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "—"
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
        return f"{value:.2e}"
    return f"{value:.4g}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) inside [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    f = raw / power
    step = (1 if f < 1.5 else 2 if f < 3 else 5 if f < 7 else 10) * power
    first = math.ceil(low / step - 1e-9)
    return [round(k * step, 12) for k in range(first, int(math.floor(high / step + 1e-9)) + 1)]


def metrics_table(metrics: dict, language: str = "en") -> str:
    if not metrics:
        return f'<p class="nnb-eval-empty">{word(language, "no_metrics")}</p>'
    rows = "".join(
        f"<tr><th>{escape(metric_name(str(k), language))}</th><td>{fmt(v)}</td></tr>" for k, v in metrics.items()
    )
    return f'<table class="nnb-eval-metrics">{rows}</table>'


def cell_shade(i: int, j: int, count: int, row_total: int) -> tuple[str, bool]:
    """A confusion cell's background (green on the diagonal, red off it, deeper for a larger share of its row)
    and whether its text should be white."""
    share = count / row_total if row_total else 0.0
    rgb = "56,142,60" if i == j else "211,47,47"
    return f"rgba({rgb},{0.08 + 0.85 * share if count else 0:.3f})", share > 0.55


def confusion_table(confusion, names, accuracy, language: str = "en") -> str:
    matrix = np.asarray(confusion, dtype=np.int64)
    n = matrix.shape[0]
    totals = matrix.sum(axis=1)
    head = "".join(f'<th title="{escape(str(c))}">{escape(str(c))}</th>' for c in names)
    rows = []
    for i in range(n):
        cells = []
        for j in range(n):
            count = int(matrix[i, j])
            background, white = cell_shade(i, j, count, int(totals[i]))
            strong = " nnb-strong" if white else ""
            title = word(language, "cell", true=names[i], pred=names[j], count=count, s="s" if count != 1 else "")
            cells.append(
                f'<td class="nnb-cell{strong}" data-true="{i}" data-pred="{j}" title="{escape(title)}" '
                f'style="background: {background}">{count}</td>'
            )
        acc = accuracy[i] if accuracy and i < len(accuracy) else None
        bar = f'<span class="nnb-acc-bar" style="width:{60 * acc:.0f}px"></span>' if acc is not None else ""
        label = "—" if acc is None else f"{100 * acc:.1f}%"
        cells.append(f'<td class="nnb-acc" data-class="{i}">{bar}{label}</td>')
        rows.append(f'<tr><th title="{escape(str(names[i]))}">{escape(str(names[i]))}</th>{"".join(cells)}</tr>')
    return (
        '<div class="nnb-eval-scroll"><table class="nnb-confusion">'
        f'<tr><th class="nnb-axis">{word(language, "axis")}</th>{head}'
        f'<th class="nnb-axis">{word(language, "accuracy")}</th></tr>'
        f"{''.join(rows)}</table></div>"
    )


def _image_tag(image, alt: str) -> str:
    height, width = image.shape[:2]
    scale = max(1, min(4, 64 // max(1, height)))
    return f'<img src="{png_data_url(image)}" width="{width * scale}" height="{height * scale}" alt="{escape(alt)}">'


def _label(value) -> str:
    if isinstance(value, float):
        return fmt(value)
    if isinstance(value, (list, tuple)):
        shown = ", ".join(fmt(v) if isinstance(v, float) else str(v) for v in value[:3])
        return f"[{shown}{', …' if len(value) > 3 else ''}]"
    return str(value)


def gallery(result: dict, language: str = "en") -> str:
    g = result.get("gallery") or {}
    images = g.get("images")
    if images is None:
        return ""
    batch = as_image_batch(images)
    figures = []
    if g.get("pairs"):
        errors = g.get("error") or []
        for k in range(len(batch) // 2):
            caption = word(language, "mse", value=fmt(errors[k])) if k < len(errors) else ""
            pair = _image_tag(batch[2 * k], word(language, "input")) + _image_tag(
                batch[2 * k + 1], word(language, "output")
            )
            figures.append(f'<figure class="nnb-pair">{pair}<figcaption>{escape(caption)}</figcaption></figure>')
        title = word(language, "pairs")
    else:
        true, pred = g.get("true") or [], g.get("predicted") or []
        correct, confidence = g.get("correct") or [], g.get("confidence") or []
        for k, image in enumerate(batch):
            cls, caption = "", ""
            if k < len(correct):
                cls = ' class="nnb-right"' if correct[k] else ' class="nnb-wrong"'
            if k < len(true) and k < len(pred):
                sure = f" ({100 * confidence[k]:.0f}%)" if k < len(confidence) else ""
                caption = word(
                    language, "caption", true=escape(_label(true[k])), pred=escape(_label(pred[k])), sure=sure
                )
            tag = _image_tag(image, word(language, "test_sample"))
            figures.append(f"<figure{cls}>{tag}<figcaption>{caption}</figcaption></figure>")
        title = word(language, "generated" if result.get("task") == "generation" else "test_samples")
        if correct:
            title += word(language, "right_wrong")
    return f'<h4>{title}</h4><div class="nnb-gallery">{"".join(figures)}</div>'


def scatter(pairs: dict, size: int = 320, language: str = "en") -> str:
    """Predicted vs true as an SVG scatter with the y = x line."""
    true = np.asarray(pairs.get("true") or [], dtype=np.float64)
    pred = np.asarray(pairs.get("predicted") or [], dtype=np.float64)
    keep = np.isfinite(true) & np.isfinite(pred)
    true, pred = true[keep], pred[keep]
    if not len(true):
        return f'<p class="nnb-eval-empty">{word(language, "no_finite")}</p>'
    low, high = float(min(true.min(), pred.min())), float(max(true.max(), pred.max()))
    pad = (high - low) * 0.05 or abs(low) * 0.1 or 1.0
    low, high = low - pad, high + pad
    left, top, plot = 44, 8, size - 56

    def sx(v):
        return left + (v - low) / (high - low) * plot

    def sy(v):
        return top + plot - (v - low) / (high - low) * plot

    parts = [f'<rect class="nnb-frame" x="{left}" y="{top}" width="{plot}" height="{plot}"/>']
    for t in nice_ticks(low, high):
        parts.append(f'<line class="nnb-grid" x1="{left}" x2="{left + plot}" y1="{sy(t):.1f}" y2="{sy(t):.1f}"/>')
        parts.append(f'<text x="{left - 4}" y="{sy(t) + 3:.1f}" text-anchor="end">{fmt(t)}</text>')
        parts.append(f'<text x="{sx(t):.1f}" y="{top + plot + 12}" text-anchor="middle">{fmt(t)}</text>')
    parts.append(
        f'<line class="nnb-ideal" x1="{sx(low):.1f}" y1="{sy(low):.1f}" x2="{sx(high):.1f}" y2="{sy(high):.1f}"/>'
    )
    parts += [f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="2.2"/>' for a, b in zip(true, pred)]
    parts.append(f'<text x="{left + plot / 2}" y="{size - 4}" text-anchor="middle">{word(language, "true")}</text>')
    parts.append(
        f'<text x="10" y="{top + plot / 2}" text-anchor="middle" transform="rotate(-90 10 {top + plot / 2})">'
        f"{word(language, 'predicted')}</text>"
    )
    return (
        f'<svg class="nnb-scatter" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="{word(language, "scatter_label")}">{"".join(parts)}</svg>'
    )


def render(result: dict | None, language: str = "en") -> str:
    """The whole view for one `evaluate()` result (or a hint when there is none yet), in `language`."""
    if not result:
        body = f'<p class="nnb-eval-empty">{word(language, "empty")}</p>'
        return f'<style>{STYLE}</style><div class="nnb-eval" data-task="">{body}</div>'
    task = str(result.get("task") or "")
    count = result.get("count")
    head = word(language, "head")
    if result.get("dataset"):
        head += f" · {escape(str(result['dataset']))}"
    if count:
        head += " · " + word(
            language, "count_generated" if task == "generation" else "count_test", count=f"{int(count):,}"
        )
    parts = [f"<h3>{head}</h3>"]
    if result.get("note"):
        parts.append(f'<div class="nnb-eval-note">{escape(note_text(str(result["note"]), language))}</div>')
    if task != "generation":
        parts.append(metrics_table(result.get("metrics") or {}, language))
    if result.get("confusion") is not None and not result.get("confusion_clickable"):  # else drawn as buttons
        names = result.get("class_names") or [str(i) for i in range(len(result["confusion"]))]
        parts.append(f"<h4>{word(language, 'confusion')}</h4>")
        parts.append(confusion_table(result["confusion"], names, result.get("per_class_accuracy"), language))
    if result.get("regression"):
        parts.append(f"<h4>{word(language, 'regression')}</h4>")
        parts.append(scatter(result["regression"], language=language))
    parts.append(gallery(result, language))
    return f'<style>{STYLE}</style><div class="nnb-eval" data-task="{escape(task)}">{"".join(parts)}</div>'
