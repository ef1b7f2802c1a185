"""The Inside tab's forecast: a sequence model that predicts the next step, given one window of its data, continues
it N steps, each prediction fed back as the newest step (`nnbuilder.views.course_curves.forecast`). The window is
drawn as a line, the forecast after it, and the data's true continuation dashed where the data holds one. The
forecast is redrawn as training goes on."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

import ipywidgets
import numpy as np

from nnbuilder.app._run_chart import Frame, axes_svg, colour, nice_ticks, number_text, span_of, svg_document
from nnbuilder.app.inside._curve_chart import legend_svg
from nnbuilder.app.inside._data import dataset_for
from nnbuilder.app.inside._keys import network_key
from nnbuilder.app.inside.boundary_view import input_shape
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.inside_forecast_words import word
from nnbuilder.locale.view_text import view_error_words
from nnbuilder.views._curve_models import shape_text

DEFAULT_STEPS = 50
MOST_STEPS = 1000  # the steps box's ceiling: each step is one prediction


def continuation(x: np.ndarray, y: Any, index: int, steps: int) -> np.ndarray:
    """The data's true values after window `index` (steps × features), at most `steps` of them: the window's own
    target (the value that follows it), then the targets of the windows after it for as long as each is the one
    before moved on by one step (data cut from one long series). Empty when the targets are not next steps."""
    features = x.shape[-1]
    if y is None or not 0 <= index < len(y):
        return np.zeros((0, features))
    found = [np.asarray(y[index], dtype=np.float64).reshape(-1)]
    if found[0].size != features:
        return np.zeros((0, features))
    at = index
    while len(found) < steps and at + 1 < min(len(x), len(y)):
        moved = np.concatenate([np.asarray(x[at][1:], dtype=np.float64), found[-1].reshape(1, features)])
        following = np.asarray(y[at + 1], dtype=np.float64).reshape(-1)
        if following.size != features or not np.allclose(x[at + 1], moved, rtol=1e-6, atol=1e-7):
            break
        found.append(following)
        at += 1
    return np.stack(found)


def data_split(data: Any) -> tuple[str, np.ndarray, Any]:
    """The windows the forecast starts from: the test split, else the training split (its name, x and y)."""
    x_test = getattr(data, "x_test", None)
    if x_test is not None and len(x_test):
        return "test", np.asarray(x_test), data.y_test
    return "train", np.asarray(data.x_train), data.y_train


class ForecastView:
    """A window of the data, the model's forecast after it, and the true continuation where there is one."""

    key = "forecast"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        box = ipywidgets.Layout(width="220px")
        self.window = ipywidgets.BoundedIntText(value=0, min=0, max=0, layout=box)
        self.window.add_class("nnb-inside-forecast-window")
        self.steps = ipywidgets.BoundedIntText(value=DEFAULT_STEPS, min=1, max=MOST_STEPS, layout=box)
        self.steps.add_class("nnb-inside-forecast-steps")
        self.status = ipywidgets.HTML()
        self.status.add_class("nnb-inside-forecast-status")
        self.chart = ipywidgets.HTML()
        self.chart.add_class("nnb-inside-forecast-chart")
        self.widget = ipywidgets.VBox([ipywidgets.HBox([self.window, self.steps]), self.status, self.chart])
        self.widget.add_class("nnb-inside-forecast")
        self.result: dict | None = None  # the last forecast drawn (forecast's result)
        self.truth: np.ndarray | None = None  # the true values drawn after it (steps × features)
        self.model: Any = None  # the model the last forecast came from
        self._drawn: Any = None  # what the drawing shows: the model's identity and epochs, the data, the boxes
        self._fresh: dict[str, Any] = {}  # a network with starting weights, by its graph
        self._context: Any = None
        self._quiet = False  # set while the view itself moves a box's bounds
        self.window.observe(lambda _change: self._boxes_changed(), names="value")
        self.steps.observe(lambda _change: self._boxes_changed(), names="value")
        self._words()

    # ------------------------------------------------------------ the view's interface
    def label(self, language: str) -> str:
        return word(language, "label")

    def set_language(self, language: str) -> None:
        self.language = language
        self._words()
        if self._context is not None:
            self._drawn = None
            self.refresh(self._context, "shown")

    def refresh(self, context: Any, reason: str) -> None:
        self._context = context
        if reason == "selection" and self._drawn is not None:
            return  # the canvas selection changes nothing here
        lang = self.language
        count, shape = input_shape(context.project, context.model_name)
        if count != 1:
            return self._refuse(view_error_words(lang, "one_input", count=count))
        if len(shape) != 3:
            return self._refuse(view_error_words(lang, "sequence_input", found=shape_text(shape)))
        trainer = context.trainer
        trained = trainer is not None and trainer.model is not None and trainer.main_model == context.model_name
        if trained and trainer.running and reason not in ("epoch", "end") and self._drawn is not None:
            self._say([word(lang, "running")])
            return  # the forecast follows the run at its epochs, not while a batch is on its way
        if trained:
            model, epochs, what = trainer.model, trainer.epoch, ("trained", id(trainer.model), trainer.epoch)
        else:
            graph_key = network_key(context.project, context.model_name)
            model, epochs, what = self._fresh_model(context, graph_key), 0, ("fresh", graph_key)
        notes = [word(lang, "trained", epochs=epochs) if trained and epochs else word(lang, "untrained")]
        if trained and trainer.running and reason != "end":
            notes.append(word(lang, "running"))
        data = dataset_for(context)
        split, x, y = data_split(data)
        if len(x) == 0:
            return self._refuse(word(lang, "no_windows"))
        self._bound(len(x))
        index, steps = int(self.window.value), int(self.steps.value)
        notes.append(word(lang, f"from_{split}", index=index, count=len(x)))
        drawn = (what, id(data), split, index, steps, lang)
        if drawn != self._drawn:
            from nnbuilder.views.course_curves import forecast  # deferred: NumPy and Keras

            try:
                result = forecast(model, x[index], steps)
            except NNBuilderError as refusal:  # not a next-step model, or data that does not fit it
                return self._refuse(_said(refusal, lang))
            truth = continuation(x, y, index, steps)
            self.result, self.truth, self.model, self._drawn = result, truth, model, drawn
            self.chart.value = forecast_svg(_first(result["known"]), _first(result["forecast"]),
                                            [float(v) for v in truth[:, 0]], lang)  # fmt: skip
        self._say([*notes, *self._data_notes(lang)])

    # ------------------------------------------------------------ inside
    def _words(self) -> None:
        lang = self.language
        self.window.description, self.window.tooltip = word(lang, "window"), word(lang, "window_help")
        self.steps.description, self.steps.tooltip = word(lang, "steps"), word(lang, "steps_help")

    def _bound(self, count: int) -> None:
        """The window box's range: the windows of the split."""
        if self.window.max != count - 1:
            self._quiet = True
            try:
                self.window.max = count - 1  # clips the value into range
            finally:
                self._quiet = False

    def _boxes_changed(self) -> None:
        if self._quiet or self._context is None:
            return
        try:
            self.refresh(self._context, "shown")
        except Exception as exc:  # shown where the learner looks, never lost in a callback
            said = _said(exc, self.language)
            self.status.value = f'<p class="nnb-inside-forecast-error">{escape(said)}</p>'

    def _refuse(self, sentence: str) -> None:
        self.result, self.truth, self.model, self._drawn = None, None, None, None
        self.chart.value = ""
        self.status.value = f'<p class="nnb-inside-forecast-needs">{escape(_sentence(sentence))}</p>'

    def _say(self, notes: Sequence[str]) -> None:
        self.status.value = "".join(f"<p>{escape(note)}</p>" for note in notes)

    def _data_notes(self, language: str) -> list[str]:
        """What the drawing shows of the data: how far the truth goes, which feature is drawn."""
        count = len(self.truth) if self.truth is not None else 0
        notes = [word(language, "truth_steps", count=count) if count > 1 else word(
            language, "truth_next" if count else "truth_none")]  # fmt: skip
        features = int(self.result["features"]) if self.result is not None else 1
        if features > 1:
            notes.append(word(language, "first_feature", features=features))
        return notes

    def _fresh_model(self, context: Any, key: str) -> Any:
        if key not in self._fresh:
            from nnbuilder.bridge.to_keras import build  # deferred: Keras

            self._fresh = {key: build(context.project, model=context.model_name)}
        return self._fresh[key]


def forecast_svg(known: Sequence[float], predicted: Sequence[float], truth: Sequence[float], language: str,
                 width: int = 560, height: int = 260) -> str:  # fmt: skip
    """The window (steps 0 to len(known) − 1), the forecast after it and the true values (dashed, from the first
    forecast step on), each a polyline of class nnb-inside-forecast with its values in data-values."""
    start = len(known)
    values = [v for v in (*known, *predicted, *truth) if math.isfinite(v)]
    last = max(start + len(predicted) - 1, 1)
    frame = Frame(width, height, (0.0, float(last)), span_of(values))
    x_ticks = [(t, number_text(t)) for t in nice_ticks(0.0, float(last), 8)]
    parts = axes_svg(frame, word(language, "step"), word(language, "value"), x_ticks)
    middle = frame.x(start - 0.5)
    parts.append(f'<line x1="{middle:.2f}" x2="{middle:.2f}" y1="{frame.top}" y2="{frame.height - frame.bottom}" '
                 'stroke="#bbb" stroke-dasharray="2 3"/>')  # fmt: skip
    lines = (("known", known, 0, colour(0), False), ("forecast", predicted, start, colour(1), False),
             ("truth", truth, start, "#333", True))  # fmt: skip
    for series, points, first, stroke, dashed in lines:
        if not points:
            continue
        placed = [(frame.x(first + i), frame.y(v)) for i, v in enumerate(points) if math.isfinite(v)]
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        parts.append(f'<polyline class="nnb-inside-forecast" data-series="{series}" data-first-step="{first}" '
                     f'data-values="{" ".join(repr(float(v)) for v in points)}" '
                     f'points="{" ".join(f"{x:.2f},{y:.2f}" for x, y in placed)}" fill="none" stroke="{stroke}" '
                     f'stroke-width="2"{dash}/>')  # fmt: skip
        if dashed:
            parts += [f'<circle class="nnb-inside-forecast-truth" cx="{x:.2f}" cy="{y:.2f}" r="3" fill="none" '
                      f'stroke="{stroke}"/>' for x, y in placed]  # fmt: skip
    if known and predicted and math.isfinite(known[-1]) and math.isfinite(predicted[0]):
        parts.append(f'<line x1="{frame.x(start - 1):.2f}" y1="{frame.y(known[-1]):.2f}" x2="{frame.x(start):.2f}" '
                     f'y2="{frame.y(predicted[0]):.2f}" stroke="{colour(1)}" stroke-width="2"/>')  # fmt: skip
    entries = [(word(language, "known"), colour(0), False), (word(language, "forecast"), colour(1), False)]
    if truth:
        entries.append((word(language, "truth"), "#333", True))
    parts += legend_svg(entries, width - frame.right - 150, frame.top + 2)
    title = word(language, "chart_title", steps=len(predicted), known=len(known))
    return svg_document(width, height, "nnb-inside-chart nnb-inside-forecast-svg", parts, title)


def _first(steps: Sequence[Any]) -> list[float]:
    """Each step's first feature (steps come as numbers when there is one feature, as lists otherwise)."""
    return [float(step[0] if isinstance(step, (list, tuple)) else step) for step in steps]


def _said(error: Exception, language: str) -> str:
    said = (getattr(error, "said_in", None) or {}).get("zh") if language == "zh" else None
    return said or str(error)


def _sentence(text: str) -> str:
    """An error's words as a sentence: a capital first letter and a full stop (Chinese: 。)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] in ".。!?！？":
        return text
    return text + ("。" if any("\u4e00" <= c <= "\u9fff" for c in text) else ".")
