"""One training step as an HTML table: per layer, each quantity (its name, its formula from the step's record,
its values rounded for reading with the full value in a title) in four sections, forward, loss, backward and
the optimizer's update."""

from __future__ import annotations

from html import escape
from typing import Any

import numpy as np

from nnbuilder.locale.inside_step_words import word
from nnbuilder.views.one_step import StepRecord

DIGITS = 4  # significant digits shown; the title holds the full value
SLOT_ORDER = ("m", "v", "m_hat", "v_hat", "mean_g", "velocity")
SLOT_NAMES = {"m": "m", "v": "v", "m_hat": "m̂", "v_hat": "v̂", "mean_g": "mean_g", "velocity": "velocity"}
CSS = """<style>
.nnb-inside-step table.nnb-step-table { border-collapse: collapse; font-size: 12px; }
.nnb-inside-step .nnb-step-table > tbody > tr > th, .nnb-inside-step .nnb-step-table > tbody > tr > td {
  border-bottom: 1px solid var(--jp-border-color2, #e0e0e0); padding: 3px 8px; text-align: left;
  vertical-align: top; }
.nnb-inside-step tr.nnb-step-section th { background: var(--jp-layout-color2, #eee); font-size: 13px; }
.nnb-inside-step tr.nnb-step-layer th { font-weight: 600; color: var(--jp-ui-font-color1, #333); }
.nnb-inside-step tr.nnb-step-selected { background: var(--jp-brand-color4, #e3f2fd); }
.nnb-inside-step td.nnb-step-formula { font-family: var(--jp-code-font-family, monospace); white-space: nowrap; }
.nnb-inside-step table.nnb-step-matrix td { padding: 0 6px; text-align: right;
  font-family: var(--jp-code-font-family, monospace); }
</style>"""


def number_cell(value: float) -> str:
    """One number rounded for reading, its full value in the title."""
    value = float(value)
    return f'<td class="nnb-step-number" title="{value!r}">{escape(f"{value:.{DIGITS}g}")}</td>'


def matrix_html(values: Any) -> str:
    """A scalar, a vector (one row) or a matrix as a small table of rounded numbers."""
    array = np.asarray(values, dtype=np.float64)
    rows = array.reshape(1, 1) if array.ndim == 0 else array.reshape(1, -1) if array.ndim == 1 else array
    rows = rows.reshape(rows.shape[0], -1)
    body = "".join("<tr>" + "".join(number_cell(v) for v in row) + "</tr>" for row in rows)
    return f'<table class="nnb-step-matrix" data-shape="{"x".join(map(str, array.shape))}">{body}</table>'


def step_html(record: StepRecord, y: Any, language: str, selected: str | None = None) -> str:
    """The whole step of `record` (on targets `y`) as one table, the `selected` layer's rows marked."""
    table = _Table(language, selected)
    first = record.layers[0].node
    table.section("forward")
    for layer in record.layers:
        table.layer(layer)
        table.row(layer.node, "input" if layer.node == first else "a_prev", layer.formulas["a_prev"], layer.a_prev)
        table.row(layer.node, "W", "", layer.W)
        table.row(layer.node, "b", "", layer.b)
        table.row(layer.node, "z", layer.formulas["z"], layer.z)
        table.row(layer.node, "a", layer.formulas["a"], layer.a)
    table.section("loss")
    table.row(None, "target", "", y)
    table.row(None, "loss_value", record.formulas["loss"], record.loss_value)
    table.row(None, "per_example", "", record.per_example_loss)
    table.section("backward")
    for index, layer in reversed(list(enumerate(record.layers))):
        table.layer(layer)
        last = index == len(record.layers) - 1
        after = None if last else record.layers[index + 1]
        from_after = f"{after.formulas['dL_da_prev']} ({after.node})" if after is not None else ""
        table.row(layer.node, "dL_da", record.formulas["dL_da"] if last else from_after, layer.dL_da)
        logits = last and record.from_logits
        formula = layer.formulas["dL_dz"] if logits else f"{layer.formulas['dL_dz']}, {layer.formulas['f′']}"
        table.row(layer.node, "dL_dz", formula, layer.dL_dz)
        table.row(layer.node, "dL_dW", layer.formulas["dL_dW"], layer.dL_dW)
        table.row(layer.node, "dL_db", layer.formulas["dL_db"], layer.dL_db)
    settings = ", ".join(f"{k} = {v}" for k, v in record.settings.items() if k != "name")
    table.section("update", optimizer=f"{record.optimizer}: {settings}; t = {record.iterations}")
    for layer in record.layers:
        table.layer(layer)
        for slot in sorted(layer.state, key=lambda s: SLOT_ORDER.index(s) if s in SLOT_ORDER else len(SLOT_ORDER)):
            for what, values in zip(("W", "b"), layer.state[slot]):
                name = word(language, "slot", slot=SLOT_NAMES.get(slot, slot), what=what)
                table.row(layer.node, f"{slot}_{what}", record.formulas.get(slot, ""), values, name=name)
        table.row(layer.node, "delta_W", record.formulas["delta"], layer.delta_W)
        table.row(layer.node, "delta_b", record.formulas["delta"].replace("ΔW", "Δb"), layer.delta_b)
        table.row(layer.node, "new_W", layer.formulas["new_W"], layer.new_W)
        table.row(layer.node, "new_b", layer.formulas["new_b"], layer.new_b)
    notes = "".join(f"<li>{escape(note.get(language) or note['en'])}</li>" for note in record.notes)
    if notes:
        notes = f'<p><b>{escape(word(language, "notes"))}</b></p><ul class="nnb-step-notes">{notes}</ul>'
    return CSS + table.html() + notes


class _Table:
    def __init__(self, language: str, selected: str | None) -> None:
        self.language, self.selected = language, selected
        self.rows: list[str] = []
        self._section = ""

    def section(self, key: str, **values: object) -> None:
        self._section = key
        self.rows.append(
            f'<tr class="nnb-step-section" data-section="{key}"><th colspan="3">'
            f"{escape(word(self.language, key, **values))}</th></tr>"
        )

    def layer(self, layer: Any) -> None:
        activation = " → ".join(name for _, name in layer.activations) or "linear"
        units = int(np.shape(layer.b)[-1])
        said = word(self.language, "layer", node=layer.node, units=units, activation=activation)
        self.rows.append(
            f'<tr class="nnb-step-layer{self._marked(layer.node)}" data-layer="{escape(layer.node)}">'
            f'<th colspan="3">{escape(said)}</th></tr>'
        )

    def row(self, node: str | None, quantity: str, formula: str, values: Any, name: str | None = None) -> None:
        label = name if name is not None else word(self.language, quantity)
        where = f' data-layer="{escape(node)}"' if node is not None else ""
        self.rows.append(
            f'<tr class="nnb-step-row{self._marked(node)}" data-section="{self._section}"{where} '
            f'data-quantity="{quantity}"><th>{escape(label)}</th><td class="nnb-step-formula">{escape(formula)}</td>'
            f"<td>{matrix_html(values)}</td></tr>"
        )

    def _marked(self, node: str | None) -> str:
        return " nnb-step-selected" if node is not None and node == self.selected else ""

    def html(self) -> str:
        head = "".join(f"<th>{escape(word(self.language, key))}</th>" for key in ("quantity", "formula", "values"))
        table = f'<table class="nnb-step-table"><tbody><tr>{head}</tr>{"".join(self.rows)}</tbody></table>'
        return f'<div class="nnb-step-scroll" style="overflow-x: auto">{table}</div>'
