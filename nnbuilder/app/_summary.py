"""The model summary beside the canvas: per layer name, type, output shape and parameters."""

from __future__ import annotations

from html import escape

from nnbuilder.catalog._shapes import fmt
from nnbuilder.checking.result import CheckResult
from nnbuilder.document.project import Project
from nnbuilder.locale.app_text import text


def _shape(shape) -> str:
    return "?" if shape is None else fmt(shape)


def _model_table(name: str, graph, result: CheckResult, language: str, show_name: bool) -> str:
    rows = []
    checks = result.models.get(name, {})
    trainable, frozen = result.totals(name) if name in result.models else (0, 0)
    for node in graph.nodes:
        info = checks.get(node.id)
        shape = _shape(info.output_shape) if info is not None else "?"
        params = info.params if info is not None else 0
        bad = info is not None and not info.ok
        cls = ' class="nnb-sum-bad"' if bad else ""
        rows.append(
            f"<tr{cls}><td>{escape(node.id)}</td><td>{escape(node.layer)}</td>"
            f'<td class="nnb-sum-shape">{escape(shape)}</td><td class="nnb-sum-num">{params:,}</td></tr>'
        )
    head = (
        f"<tr><th>{text(language, 'col_layer')}</th><th>{text(language, 'col_type')}</th>"
        f"<th>{text(language, 'col_shape')}</th><th>{text(language, 'col_params')}</th></tr>"
    )
    title = f'<div class="nnb-sum-model">{escape(name)}</div>' if show_name else ""
    body = "".join(rows) or f'<tr><td colspan="4">{text(language, "no_layers")}</td></tr>'
    totals = (
        f'<div class="nnb-sum-total">{text(language, "total", total=f"{trainable + frozen:,}")}</div>'
        f'<div class="nnb-sum-split">{text(language, "trainable", trainable=f"{trainable:,}", frozen=f"{frozen:,}")}'
        "</div>"
    )
    return f'{title}<table class="nnb-sum-table"><thead>{head}</thead><tbody>{body}</tbody></table>{totals}'


def summary_html(project: Project, result: CheckResult, language: str = "en") -> str:
    """One table per model (its nodes in document order) with totals, trainable vs not."""
    several = len(project.models) > 1
    parts = [_model_table(name, graph, result, language, several) for name, graph in project.models.items()]
    return (
        f'<div class="nnb-summary"><div class="nnb-sum-title">{text(language, "summary")}</div>'
        + "".join(parts)
        + "</div>"
    )


SUMMARY_CSS = """
<style>
.nnb-summary { font-size: 12px; color: var(--jp-ui-font-color1, #222); }
.nnb-sum-title { font-weight: 600; margin: 2px 0 6px; }
.nnb-sum-model { font-weight: 600; margin: 8px 0 2px; }
.nnb-sum-table { border-collapse: collapse; width: 100%; }
.nnb-sum-table th, .nnb-sum-table td { padding: 2px 4px; text-align: left;
  border-bottom: 1px solid var(--jp-border-color2, #ddd); white-space: nowrap; }
.nnb-sum-num { text-align: right !important; font-variant-numeric: tabular-nums; }
.nnb-sum-shape { font-family: var(--jp-code-font-family, monospace); }
.nnb-sum-bad td { color: var(--jp-error-color1, #c62828); }
.nnb-sum-total { margin-top: 6px; font-weight: 600; }
.nnb-sum-split { color: var(--jp-ui-font-color2, #555); }
</style>
"""
