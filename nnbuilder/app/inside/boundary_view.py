"""The Inside tab's decision regions: for a network whose input is 2 features, the class it predicts at every
point of the plane (class colours, fainter where it is less sure) under the training points, redrawn as training
goes on. The regions come from `nnbuilder.views.decision_regions`; the data is the trainer's, or loaded as the
trainer loads it."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets
import numpy as np

from nnbuilder.app._run_chart import Frame, axes_svg, colour, nice_ticks, number_text, svg_document
from nnbuilder.app.inside._curve_chart import image_under, regions_url
from nnbuilder.app.inside._data import dataset_for
from nnbuilder.app.inside._keys import network_key
from nnbuilder.locale.inside_curve_words import word

MOST_POINTS = 500  # training points drawn over the regions (evenly spread over the data when there are more)


def input_shape(project: Any, model_name: str) -> tuple[int, tuple[Any, ...]]:
    """How many inputs the model has, and the shape (batch axis first) of its first."""
    graph = project.models.get(model_name)
    inputs = graph.input_ids() if graph is not None else []
    if not inputs:
        return 0, ()
    shape = graph.node(inputs[0]).config.get("shape") or ()
    return len(inputs), (None, *shape)


def point_classes(y: Any) -> np.ndarray:
    """Class indices of targets given as indices, 0/1 values or one-hot rows."""
    values = np.asarray(y)
    if values.ndim == 2 and values.shape[1] > 1:
        return values.argmax(axis=1)
    return np.rint(values.reshape(len(values), -1)[:, 0]).astype(np.int64)


class BoundaryView:
    """The decision regions of a two-feature classifier under its data."""

    key = "decision_regions"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.status = ipywidgets.HTML()
        self.status.add_class("nnb-inside-regions-status")
        self.chart = ipywidgets.HTML()
        self.widget = ipywidgets.VBox([self.status, self.chart])
        self.widget.add_class("nnb-inside-boundary")
        self.regions: dict | None = None  # the last regions drawn (decision_regions' result)
        self._drawn: Any = None  # what the drawing shows: the model's identity, epochs and the data
        self._fresh: dict[str, Any] = {}  # a network with starting weights, by its graph
        self._context: Any = None

    def label(self, language: str) -> str:
        return word(language, "label_boundary")

    def set_language(self, language: str) -> None:
        self.language = language
        if self._context is not None:
            self._drawn = None
            self.refresh(self._context, "shown")

    def refresh(self, context: Any, reason: str) -> None:
        self._context = context
        lang = self.language
        count, shape = input_shape(context.project, context.model_name)
        if count != 1 or len(shape) != 2 or shape[1] != 2:
            self.regions, self._drawn, self.chart.value = None, None, ""
            sentence = word(lang, "one_input", count=count) if count != 1 else word(
                lang, "needs_two", shape="(" + ", ".join(str(s) for s in shape) + ")")  # fmt: skip
            self.status.value = f'<p class="nnb-inside-needs-two">{escape(sentence)}</p>'
            return
        trainer = context.trainer
        trained = trainer is not None and trainer.model is not None and trainer.main_model == context.model_name
        if trained and trainer.running and reason not in ("epoch", "end") and self._drawn is not None:
            self.status.value = f"<p>{escape(word(lang, 'running'))}</p>"
            return  # the regions follow the run at its epochs, not while a batch is on its way
        graph_key = network_key(context.project, context.model_name)
        if trained:
            model, epochs, what = trainer.model, trainer.epoch, ("trained", id(trainer.model), trainer.epoch)
        else:
            model, epochs, what = self._fresh_model(context, graph_key), 0, ("fresh", graph_key)
        note = word(lang, "trained", epochs=epochs) if trained and epochs else word(lang, "untrained")
        if trained and trainer.running and reason != "end":
            note += " " + word(lang, "running")
        data = dataset_for(context)
        drawn = (what, id(data), lang)
        if drawn == self._drawn:
            self.status.value = f"<p>{escape(note)}</p>"
            return
        from nnbuilder.views.decision_regions import decision_regions  # deferred: NumPy and Keras

        x = np.asarray(data.x_train)
        self.regions = decision_regions(model, x)
        self._drawn = drawn
        self.status.value = f"<p>{escape(note)}</p>"
        self.chart.value = regions_svg(self.regions, x, point_classes(data.y_train), data, lang)

    def _fresh_model(self, context: Any, key: str) -> Any:
        if key not in self._fresh:
            from nnbuilder.bridge.to_keras import build  # deferred: Keras

            self._fresh = {key: build(context.project, model=context.model_name)}
        return self._fresh[key]


def regions_svg(regions: dict, x: np.ndarray, classes: np.ndarray, data: Any, language: str,
                width: int = 460, height: int = 400) -> str:  # fmt: skip
    """The regions' picture under the axes, the training points over it (evenly chosen when there are many) and
    a key of the classes."""
    left, right, bottom, top = regions["bounds"]
    frame = Frame(width, height, (left, right), (bottom, top))
    frame.right = 110  # room for the key
    count = regions["class_count"]
    attributes = (f'data-class-count="{count}" data-read-as="{regions["read_as"]}" '
                  f'data-bounds="{left!r} {right!r} {bottom!r} {top!r}"')  # fmt: skip
    parts = [image_under(regions_url(regions["classes"], regions["confidence"], count), frame, "nnb-inside-regions",
                         attributes)]  # fmt: skip
    names = _feature_names(data, language)
    parts += axes_svg(frame, names[0], names[1], [(t, number_text(t)) for t in nice_ticks(left, right, 6)])
    chosen = np.unique(np.linspace(0, len(x) - 1, min(len(x), MOST_POINTS)).astype(np.int64))
    for i in chosen:
        cls = int(classes[i])
        parts.append(f'<circle class="nnb-inside-point" data-class="{cls}" cx="{frame.x(float(x[i, 0])):.1f}" '
                     f'cy="{frame.y(float(x[i, 1])):.1f}" r="3" fill="{colour(cls)}" stroke="#fff" '
                     'stroke-width="0.8"/>')  # fmt: skip
    class_names = list(getattr(data, "class_names", None) or [])
    for index in range(count):
        name = str(class_names[index]) if index < len(class_names) else str(index)
        y = frame.top + 6 + 16 * index
        parts.append(f'<circle cx="{width - 100}" cy="{y}" r="5" fill="{colour(index)}"/>')
        parts.append(f'<text x="{width - 90}" y="{y + 4}">{escape(word(language, "class", name=name)[:18])}</text>')
    caption = word(language, "regions_points", count=len(chosen))
    return svg_document(width, height, "nnb-inside-chart nnb-inside-regions-chart", parts, caption)


def _feature_names(data: Any, language: str) -> tuple[str, str]:
    names = list(getattr(data, "feature_names", None) or [])
    if len(names) >= 2:
        return str(names[0]), str(names[1])
    return word(language, "feature", index=1), word(language, "feature", index=2)
