"""The Inside tab's weights-and-gradients view: the newest weights record's histograms of each weight tensor
and of its gradient, for the node selected on the canvas (or every layer with weights), and each layer's
weight and gradient norms over the epochs, the selected layer drawn thick.

The records are the trainer's (`trainer.weight_stats`, `trainer.weight_norms`; see
docs/weights-and-gradients.md); the view only draws them."""

from __future__ import annotations

import threading
from html import escape
from typing import Any

import ipywidgets

from nnbuilder.app._run_chart import number_text
from nnbuilder.app.inside._weights_chart import histogram_svg, norms_svg
from nnbuilder.locale.inside_weights_words import word
from nnbuilder.views.weight_stats import norm_series

REASONS = ("shown", "selection", "trainer", "epoch", "end", "project")
CSS = """<style>
.nnb-inside-weights .nnb-inside-layer { margin: 6px 0 10px; }
.nnb-inside-weights .nnb-inside-pair { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.nnb-inside-weights figure { margin: 0; }
.nnb-inside-weights figcaption { font-size: 11px; color: var(--jp-ui-font-color2, #666); }
.nnb-inside-weights .nnb-inside-norm-charts { display: flex; flex-wrap: wrap; gap: 12px; }
</style>"""


class WeightsView:
    """Histograms of the weights and gradients of the selected layer (or all), and the norms per epoch."""

    key = "histograms"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.html = ipywidgets.HTML()
        self.html.add_class("nnb-inside-weights-body")
        self.in_inspector = ipywidgets.Checkbox(value=False, indent=False, description=word(language, "in_inspector"),
                                                layout=ipywidgets.Layout(width="auto"))  # fmt: skip
        self.in_inspector.add_class("nnb-inside-weights-in-inspector")
        self.in_inspector.observe(lambda _change: self._inspector_ticked(), names="value")
        self.widget = ipywidgets.VBox([self.in_inspector, self.html])
        self.widget.add_class("nnb-inside-weights")
        self._context: Any = None
        self._drawn: tuple | None = None  # what the page shows now: redrawn only when it changes
        self._lock = threading.RLock()

    @property
    def follows(self) -> bool:
        """Ticked, the selected layer's histograms are in the inspector: redrawn whichever view or tab is open."""
        return bool(self.in_inspector.value)

    def label(self, language: str) -> str:
        return word(language, "label")

    def set_language(self, language: str) -> None:
        self.language = language
        self.in_inspector.description = word(language, "in_inspector")
        if self._context is not None:
            with self._lock:
                self._draw(self._context, force=True)

    def refresh(self, context: Any, reason: str) -> None:
        self._context = context
        if reason in REASONS:
            with self._lock:
                self._draw(context)

    # ------------------------------------------------------------ drawing
    def _draw(self, context: Any, force: bool = False) -> None:
        trainer = context.trainer
        records = list(getattr(trainer, "weight_stats", None) or [])
        selected = context.selected
        latest = records[-1] if records else None
        seen = (id(trainer), len(records), id(latest), selected, self.language)
        if seen == self._drawn and not force:
            return  # nothing it shows changed (a node moved, say)
        self._drawn = seen
        if latest is None:
            off = trainer is not None and (getattr(trainer, "weight_sampling", True) is None or trainer.epoch > 0)
            said = word(self.language, "no_records" if off else "train_to_see")
            self.html.value = f'<p class="nnb-inside-empty">{escape(said)}</p>'
            self._show_in_inspector(context, selected, "")
            return
        parts = [CSS, f'<p class="nnb-inside-record">{escape(self._when(latest))}</p>']
        note = latest.get("note_zh" if self.language == "zh" else "note")
        rows = (latest.get("gradients_on") or {}).get("rows")
        if rows and not note:
            backend = latest["gradients_on"].get("backend", "")
            note = word(self.language, "gradients_on", rows=rows, backend=backend)
        if note:
            parts.append(f'<p class="nnb-inside-note">{escape(note)}</p>')
        nodes = _layers_for(latest["layers"], selected)
        if selected is not None and not nodes:
            parts.append(f'<p class="nnb-inside-note">{escape(word(self.language, "no_weights", node=selected))}</p>')
        layers = {node: self._layer_html(node, latest["layers"][node], node in nodes)
                  for node in nodes or list(latest["layers"])}  # fmt: skip
        parts.extend(layers.values())
        parts.append(self._norms_html(norm_series(records), selected))  # from the same records as the histograms
        self.html.value = "".join(parts)
        self._show_in_inspector(context, selected, "".join(layers[node] for node in nodes))

    # ------------------------------------------------------------ the inspector
    def _inspector_ticked(self) -> None:
        if self._context is None:
            return
        with self._lock:  # a refresh on the training thread reads the box: never half way through this
            self._drawn = None
            if self.in_inspector.value:
                self._draw(self._context)
            else:
                self._context.show_insight(None, part="weights")

    def _show_in_inspector(self, context: Any, selected: str | None, layers_html: str) -> None:
        """The selected layer's histograms in the inspector, while the box is ticked; nothing for a node without."""
        if not self.in_inspector.value:
            return
        if selected is None or not layers_html:
            context.show_insight(None, part="weights")
            return
        html = f'{CSS}<div class="nnb-inside-weights" data-node="{escape(selected)}">{layers_html}</div>'
        context.show_insight(selected, html, part="weights")

    def _when(self, record: dict) -> str:
        at = record.get("at")
        epoch, step = int(record.get("epoch", 0)) + 1, record.get("step", 0)
        if at == "start":
            return word(self.language, "record_start")
        if at == "epoch_end":
            return word(self.language, "record_epoch_end", epoch=epoch, step=step)
        return word(self.language, "record_batch", epoch=epoch, batch=record.get("batch", 0), step=step)

    def _layer_html(self, node: str, layer: dict, selected: bool) -> str:
        language = self.language
        gradients = layer.get("gradients") or {}
        chosen = ' data-selected="true"' if selected else ""
        out = [f'<div class="nnb-inside-layer" data-layer="{escape(node)}"{chosen}>'
               f'<b>{escape(word(language, "layer", node=node))}</b>']  # fmt: skip
        for name, histogram in layer.get("weights", {}).items():
            out.append(f'<div class="nnb-inside-pair" data-weight="{escape(name)}">')
            out.append(self._figure(histogram, node, name, "weights"))
            if gradients.get(name) is not None:
                out.append(self._figure(gradients[name], node, name, "gradients"))
            elif layer.get("gradients") is not None:  # a weight that is not trained (moving statistics)
                out.append(f"<figcaption>{escape(word(language, 'no_gradients'))}</figcaption>")
            out.append("</div>")
        out.append("</div>")
        return "".join(out)

    def _figure(self, histogram: dict, node: str, name: str, kind: str) -> str:
        language = self.language
        edges = histogram["edges"]
        title = f"{node} / {name}: {word(language, kind)}"
        caption = [
            f"{name} — {word(language, kind)}",
            word(language, "range", low=number_text(float(edges[0])), high=number_text(float(edges[-1]))),
            word(language, "count", count=int(histogram["size"])),
        ]
        if histogram.get("nonfinite"):
            caption.append(word(language, "nonfinite", count=int(histogram["nonfinite"])))
        svg = histogram_svg(histogram, node=node, weight=name, kind=kind, title=title)
        return f"<figure>{svg}<figcaption>{escape('; '.join(caption))}</figcaption></figure>"

    def _axis(self, key: str, selected: str | None) -> dict[str, Any]:
        return {"y_label": word(self.language, key), "epoch_word": word(self.language, "epoch"), "selected": selected}

    def _norms_html(self, norms: dict, selected: str | None) -> str:
        language = self.language
        epochs = list(norms.get("epochs") or [])
        head = f"<p><b>{escape(word(language, 'norms_title'))}</b></p>"
        if not epochs:
            return head + f'<p class="nnb-inside-note">{escape(word(language, "norms_later"))}</p>'
        charts = [
            norms_svg(epochs, norms["weight_norm"], key="weight_norm", log=False, **self._axis("weight_norm", selected))
        ]
        gradient = norms.get("gradient_norm") or {}
        if any(v is not None for vs in gradient.values() for v in vs):
            charts.append(
                norms_svg(epochs, gradient, key="gradient_norm", log=True, **self._axis("gradient_norm", selected))
            )
        else:
            charts.append(f'<p class="nnb-inside-note">{escape(word(language, "no_gradient_norms"))}</p>')
        return head + '<div class="nnb-inside-norm-charts">' + "".join(charts) + "</div>"


def _layers_for(layers: dict, selected: str | None) -> list[str]:
    """The layers of a record that belong to the selected node (itself, or the layers of a nested model)."""
    if selected is None:
        return []
    return [node for node in layers if node == selected or node.split("/", 1)[0] == selected]
