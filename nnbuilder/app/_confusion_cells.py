"""The Evaluate tab's clickable confusion matrix: one button per cell; a click shows that cell's test samples.

Plain ipywidgets (no browser code): a GridBox of buttons coloured as the HTML matrix is, and an HTML panel
below with the cell's samples (a PNG grid of images, or a table of feature values) and the model's probability
for the predicted class. With more classes than buttons can sensibly draw, the view keeps its HTML matrix and
two drop-downs pick the cell instead.
"""

from __future__ import annotations

from html import escape

import ipywidgets
import numpy as np

from nnbuilder.locale.confusion_words import word
from nnbuilder.locale.evaluation_words import word as eval_word
from nnbuilder.training.evaluation import image_view
from nnbuilder.ui._evaluation_html import cell_shade, fmt
from nnbuilder.ui._png import image_grid, png_data_url

MAX_SHOWN = 32  # samples drawn for one cell
MAX_BUTTON_CLASSES = 20  # beyond this, n x n buttons are too many widgets: a picker instead
MAX_FEATURES = 8  # feature columns in the table of non-image samples
MIN_TILE = 48  # on-screen pixels of one sample image, at least

STYLE = """
.nnb-confusion-cells { font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-ui-font-size1, 13px); color: var(--jp-ui-font-color1, #333333); }
.nnb-confusion-cells h4 { font-size: 1em; margin: 10px 0 4px; color: var(--jp-ui-font-color0, #1f1f1f); }
.nnb-confusion-cells .nnb-cells-hint, .nnb-confusion-cells .nnb-cells-empty {
  color: var(--jp-ui-font-color2, #6b6b6b); }
.nnb-confusion-cells .nnb-cells-axis { color: var(--jp-ui-font-color2, #6b6b6b); font-size: 0.85em; line-height: 1.15; }
.nnb-confusion-cells .nnb-cells-name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  max-width: 90px; text-align: center; }
.nnb-confusion-cells .nnb-cells-row { text-align: right; padding-right: 4px; }
.nnb-confusion-cells .nnb-confusion-cell { font-variant-numeric: tabular-nums;
  border: 1px solid var(--jp-border-color1, #bdbdbd); box-shadow: none; }
.nnb-confusion-cells .nnb-confusion-cell.nnb-cell-selected { outline: 2px solid var(--jp-brand-color1, #1976d2);
  outline-offset: -2px; font-weight: 700; }
.nnb-confusion-cells .nnb-acc-bar { display: inline-block; height: 8px; background: var(--jp-success-color1, #388e3c);
  border-radius: 2px; vertical-align: middle; margin-right: 4px; }
.nnb-confusion-cells .nnb-cells-body { line-height: 1.4; }
.nnb-confusion-cells .nnb-cells-head { font-weight: 600; color: var(--jp-ui-font-color0, #1f1f1f); margin: 6px 0 4px; }
.nnb-confusion-cells .nnb-cells-images img { image-rendering: pixelated; display: block; }
.nnb-confusion-cells .nnb-cells-captions { display: grid; font-size: 0.8em; line-height: 1.2; margin-top: 4px;
  font-variant-numeric: tabular-nums; }
.nnb-confusion-cells .nnb-cells-captions span { overflow: hidden; white-space: nowrap; text-align: center; }
.nnb-confusion-cells table.nnb-cells-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.nnb-confusion-cells .nnb-cells-table th, .nnb-confusion-cells .nnb-cells-table td { padding: 1px 8px 1px 0;
  text-align: right; border-bottom: 1px solid var(--jp-border-color1, #bdbdbd); white-space: nowrap; }
.nnb-confusion-cells .nnb-cells-table th { font-weight: 600; color: var(--jp-ui-font-color0, #1f1f1f); }
.nnb-confusion-cells .nnb-cells-scroll { overflow-x: auto; max-width: 100%; }
"""


def clickable(result: dict | None) -> bool:
    """Whether `result`'s confusion matrix is drawn as buttons (a classification, not too many classes)."""
    result = result or {}
    confusion = result.get("confusion")
    return confusion is not None and result.get("cell_samples") is not None and len(confusion) <= MAX_BUTTON_CLASSES


def for_view(result: dict | None) -> dict | None:
    """The result as the HTML view should draw it: without its static matrix when the buttons show it."""
    return {**result, "confusion_clickable": True} if clickable(result) else result


class ConfusionCells:
    """The clickable matrix and the samples of the chosen cell; `show(result, dataset)` draws one evaluation."""

    def __init__(self, language: str = "en"):
        self.language = language
        self.result: dict | None = None
        self.dataset = None
        self.selected: tuple[int, int] | None = None
        self.buttons: dict[tuple[int, int], ipywidgets.Button] = {}
        self._worded: list[tuple[ipywidgets.HTML, str]] = []  # grid headers said in the language: (label, key)
        self._cell_layout = ipywidgets.Layout(width="auto", min_width="38px", height="26px", margin="1px")
        self.title = ipywidgets.HTML()
        self.hint = ipywidgets.HTML()
        self.grid = ipywidgets.GridBox(layout=ipywidgets.Layout(overflow="auto", max_width="100%"))
        self.grid.add_class("nnb-confusion-grid")
        self.true_pick = ipywidgets.Dropdown(
            layout=ipywidgets.Layout(width="auto"), style={"description_width": "initial"}
        )
        self.pred_pick = ipywidgets.Dropdown(
            layout=ipywidgets.Layout(width="auto"), style={"description_width": "initial"}
        )
        self.show_pick = ipywidgets.Button(icon="search", layout=ipywidgets.Layout(width="auto"))
        self.show_pick.on_click(lambda _b: self.select(self.true_pick.value, self.pred_pick.value))
        self.picker = ipywidgets.HBox([self.true_pick, self.pred_pick, self.show_pick])
        self.picker.add_class("nnb-confusion-picker")
        self.samples = ipywidgets.HTML()
        self.samples.add_class("nnb-eval-cell-samples")
        style = ipywidgets.HTML(f"<style>{STYLE}</style>", layout=ipywidgets.Layout(height="0px", margin="0"))
        self.widget = ipywidgets.VBox([style, self.title, self.hint, self.grid, self.picker, self.samples])
        self.widget.add_class("nnb-confusion-cells")
        self.show(None)

    # -- drawing -----------------------------------------------------------------------------------------

    def show(self, result: dict | None, dataset=None) -> None:
        """Draw `result` (an `evaluate()` dict) whose test samples are `dataset.x_test`; None hides the matrix."""
        self.result, self.dataset, self.selected = result, dataset, None
        self._drop_grid()
        self.samples.value = ""
        confusion = (result or {}).get("confusion")
        if confusion is None or (result or {}).get("cell_samples") is None:
            self.widget.layout.display = "none"
            return
        self.widget.layout.display = None
        many = not clickable(result)
        self.grid.layout.display = "none" if many else None
        self.picker.layout.display = None if many else "none"
        self.title.layout.display = "none" if many else None
        if many:
            options = [(name, k) for k, name in enumerate(self._names())]
            self.true_pick.options, self.pred_pick.options = options, options
        else:
            self._build_grid()
        self._word()

    def _names(self) -> list[str]:
        confusion = self.result["confusion"]
        return [str(c) for c in (self.result.get("class_names") or range(len(confusion)))]

    def _build_grid(self) -> None:
        matrix = np.asarray(self.result["confusion"], dtype=np.int64)
        n, names = len(matrix), self._names()
        accuracy = self.result.get("per_class_accuracy") or []
        children = [self._worded_label("axis")] + [_name_label("nnb-cells-name", names[j]) for j in range(n)]
        children.append(self._worded_label("accuracy"))
        for i in range(n):
            children.append(_name_label("nnb-cells-name nnb-cells-row", names[i]))
            for j in range(n):
                count = int(matrix[i, j])
                background, white = cell_shade(i, j, count, int(matrix[i].sum()))
                button = ipywidgets.Button(description=str(count), layout=self._cell_layout)
                button.style.button_color = background
                if white:
                    button.style.text_color = "#ffffff"
                button.add_class("nnb-confusion-cell")
                button.add_class(f"nnb-cell-{i}-{j}")
                button.on_click(lambda _b, i=i, j=j: self.select(i, j))
                self.buttons[(i, j)] = button
                children.append(button)
            children.append(ipywidgets.HTML(_accuracy(accuracy[i] if i < len(accuracy) else None)))
        self.grid.layout.grid_template_columns = f"max-content repeat({n}, minmax(38px, max-content)) max-content"
        self.grid.children = children

    def _worded_label(self, key: str) -> ipywidgets.HTML:
        label = ipywidgets.HTML()
        self._worded.append((label, key))
        return label

    def _drop_grid(self) -> None:
        """Close the previous result's buttons and labels (each is a widget the page holds)."""
        old, self.grid.children = self.grid.children, ()
        for child in old:
            if isinstance(child, ipywidgets.Button):
                child.style.close()
            child.close()
        self.buttons, self._worded = {}, []

    def set_language(self, language: str) -> None:
        self.language = language
        if self.result is not None:
            self._word()

    def _word(self) -> None:
        language, names = self.language, self._names()
        self.title.value = f"<h4>{word(language, 'title')}</h4>"
        for label, key in self._worded:
            label.value = f'<div class="nnb-cells-axis">{word(language, key)}</div>'
        matrix = self.result["confusion"]
        for (i, j), button in self.buttons.items():
            button.tooltip = word(language, "cell_tip", true=names[i], pred=names[j], count=int(matrix[i][j]))
        self.true_pick.description = word(language, "true_class")
        self.pred_pick.description = word(language, "predicted_class")
        self.show_pick.description = word(language, "show")
        hint = word(language, "hint" if self.buttons else "picker_hint")
        self.hint.value = f'<div class="nnb-cells-hint">{hint}</div>'
        if self.selected is not None:
            self.samples.value = self.samples_html(*self.selected)

    # -- one cell ------------------------------------------------------------------------------------------

    def select(self, true: int, pred: int) -> None:
        """Show the test samples of true class `true` predicted as `pred` (what a click on the cell does)."""
        n = len(self.result["confusion"]) if self.result else 0
        if not (0 <= true < n and 0 <= pred < n):
            raise ValueError(f"cell: expected a true and a predicted class in 0..{n - 1}, got ({true}, {pred})")
        if self.selected in self.buttons:
            self.buttons[self.selected].remove_class("nnb-cell-selected")
        self.selected = (true, pred)
        if self.selected in self.buttons:
            self.buttons[self.selected].add_class("nnb-cell-selected")
        self.samples.value = self.samples_html(true, pred)

    def indices(self, true: int, pred: int) -> list[int]:
        """The test-set indices of the cell's samples, ascending."""
        return list(self.result["cell_samples"][true][pred])

    def samples_html(self, true: int, pred: int) -> str:
        language, names = self.language, self._names()
        indices = self.indices(true, pred)
        t, p = escape(names[true]), escape(names[pred])
        if not indices:
            empty = word(language, "head_empty", true=t, pred=p)
            return f'<div class="nnb-cells-body"><div class="nnb-cells-head nnb-cells-empty">{empty}</div></div>'
        count = len(indices)
        head = eval_word(language, "cell", true=t, pred=p, count=f"{count:,}", s="s" if count != 1 else "")
        shown = indices[:MAX_SHOWN]
        if count > len(shown):
            head += word(language, "shown", shown=len(shown))
        probability = self.result.get("predicted_probability") or []
        sure = [probability[k] if k < len(probability) else None for k in shown]
        x = getattr(self.dataset, "x_test", None)
        body = ""
        if x is not None and len(x) > max(shown):
            rows = np.asarray(x)[shown]
            images = image_view(rows, self.dataset)
            body = _image_grid(images, shown, sure, p, language) if images is not None else ""
            body = body or _feature_table(rows, shown, sure, p, self.dataset, language)
        return f'<div class="nnb-cells-body"><div class="nnb-cells-head">{head}</div>{body}</div>'


def _name_label(css: str, name: str) -> ipywidgets.HTML:
    return ipywidgets.HTML(f'<div class="{css}" title="{escape(name)}">{escape(name)}</div>')


def _accuracy(value) -> str:
    if value is None:
        return '<div class="nnb-cells-acc">—</div>'
    bar = f'<span class="nnb-acc-bar" style="width:{60 * value:.0f}px"></span>'
    return f'<div class="nnb-cells-acc">{bar}{100 * value:.1f}%</div>'


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _image_grid(images, shown, sure, pred: str, language: str) -> str:
    """One PNG of the images, and under it their test indices and probabilities in columns lined up with it."""
    height, width = images.shape[1:3]
    columns = min(8, len(images))
    scale = max(1, min(8, -(-MIN_TILE // max(1, width))))
    grid = image_grid(images, columns=columns, pad=1)
    img = (
        f'<img src="{png_data_url(grid)}" width="{grid.shape[1] * scale}" height="{grid.shape[0] * scale}" '
        f'alt="{escape(word(language, "sample"))}">'
    )
    captions = "".join(f"<span>#{k}<br>{_percent(s)}</span>" for k, s in zip(shown, sure))
    layout = f"grid-template-columns: repeat({columns}, {width * scale}px); column-gap: {scale}px; row-gap: 2px"
    return (
        f'<div class="nnb-cells-scroll"><div class="nnb-cells-images">{img}</div>'
        f'<div class="nnb-cells-hint">{word(language, "in_order", pred=pred)}</div>'
        f'<div class="nnb-cells-captions" style="{layout}">{captions}</div></div>'
    )


def _feature_table(rows, shown, sure, pred: str, dataset, language: str) -> str:
    """The samples' first feature values, one row each, after their test index and probability."""
    flat = np.asarray(rows).reshape(len(rows), -1)
    names = list(getattr(dataset, "feature_names", None) or [])
    names = [str(c) for c in names[: flat.shape[1]]] + [f"x{k + 1}" for k in range(len(names), flat.shape[1])]
    more = flat.shape[1] > MAX_FEATURES
    head = [escape(word(language, "sample")), word(language, "probability", pred=pred)]  # `pred` is escaped
    head += [escape(name) for name in names[:MAX_FEATURES]] + (["…"] if more else [])
    cells = "".join(f"<th>{h}</th>" for h in head)
    lines = [f"<tr>{cells}</tr>"]
    for k, s, row in zip(shown, sure, flat):
        values = "".join(f"<td>{_value(v)}</td>" for v in row[:MAX_FEATURES]) + ("<td>…</td>" if more else "")
        lines.append(f"<tr><td>#{k}</td><td>{_percent(s)}</td>{values}</tr>")
    return f'<div class="nnb-cells-scroll"><table class="nnb-cells-table">{"".join(lines)}</table></div>'


def _value(v) -> str:
    return str(int(v)) if np.issubdtype(type(v), np.integer) else fmt(float(v))
