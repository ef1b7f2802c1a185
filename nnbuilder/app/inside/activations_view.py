"""The Inside tab's activations view: one example of the data (or a digit the learner draws), and what the node
selected on the canvas outputs on it, drawn as feature maps, an image, bars or lines with its shape and range.
With "Show on the canvas and in the inspector" ticked, every node of the model shown also gets its output as a
small picture on the canvas, and the selected node its output in the editor's inspector, redrawn with the view;
they go as soon as they would no longer fit the network on the canvas.

The model is the trainer's once it has one (so the pictures change as it trains), else the project built once
per change of its networks. The data is the trainer's once loaded, else loaded the way the trainer loads it and
kept per data section. The numbers come from `nnbuilder.views.activations`.
"""

from __future__ import annotations

import threading
from typing import Any

import ipywidgets
import numpy as np

from nnbuilder.app._run_chart import number_text
from nnbuilder.app.inside._activation_html import (
    bars_svg,
    caption_html,
    message_html,
    picture_html,
    sample_html,
    shape_text,
)
from nnbuilder.app.inside._canvas_thumbnails import CanvasThumbnails
from nnbuilder.app.inside._data import dataset_for
from nnbuilder.app.inside._keys import network_key
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.inside_activation_words import word
from nnbuilder.views.activation_pictures import activation_picture
from nnbuilder.views.activations import activations

DIGIT_SHAPES = ((784,), (28, 28), (28, 28, 1))  # inputs the digit pad can feed


class ActivationsView:
    """`widget` shows a sample picker, the sample, the selected node's output on it and, for a network that reads
    28x28 digits, a pad to draw one on; `refresh(context, reason)` as the Inside tab asks."""

    key = "activations"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._lock = threading.RLock()
        self._context = None
        self._built: tuple[str, Any] | None = None  # (the networks it was built from, the Keras model)
        self._drawn: tuple | None = None  # what the pictures show now, so an unchanged refresh costs nothing
        self._computed: tuple | None = None  # what `values` were computed for
        self._predicted: tuple | None = None
        self.values: dict[str, np.ndarray] = {}  # the last activations computed, by node id
        self.probabilities: np.ndarray | None = None  # what the network predicts for the drawing
        self.thumbnails = CanvasThumbnails()  # the pictures on the canvas, with the box ticked
        self.index_box = ipywidgets.IntText(value=0, layout=ipywidgets.Layout(width="200px"))
        self.index_box.add_class("nnb-inside-sample-index")
        self.on_canvas = ipywidgets.Checkbox(value=False, indent=False, layout=ipywidgets.Layout(width="auto"))
        self.on_canvas.add_class("nnb-inside-on-canvas")
        self.sample_info = ipywidgets.HTML()
        self.sample_info.add_class("nnb-inside-sample-info")
        self.sample_picture = ipywidgets.HTML()
        self.sample_picture.add_class("nnb-inside-sample")
        self.problem = ipywidgets.HTML()
        self.problem.add_class("nnb-inside-problem")
        self.output = ipywidgets.HTML()
        self.output.add_class("nnb-inside-output")
        self.use_drawing = ipywidgets.Checkbox(value=False, indent=False)
        self.use_drawing.add_class("nnb-inside-use-drawing")
        self.prediction = ipywidgets.HTML()
        self.prediction.add_class("nnb-inside-prediction")
        self.pad = None  # the DigitPad, made the first time a digit network is shown
        self.pad_title = ipywidgets.HTML()
        self.pad_box = ipywidgets.VBox([self.pad_title], layout=ipywidgets.Layout(display="none"))
        self.pad_box.add_class("nnb-inside-draw")
        sample_row = ipywidgets.HBox([self.index_box, self.on_canvas, self.sample_info])
        self.widget = ipywidgets.VBox([sample_row, self.sample_picture, self.problem, self.output, self.pad_box])
        self.widget.add_class("nnb-inside-activations")
        self.index_box.observe(lambda _change: self._redraw(), names="value")
        self.use_drawing.observe(lambda _change: self._redraw(), names="value")
        self.on_canvas.observe(lambda _change: self._canvas_ticked(), names="value")
        self._label_widgets()

    # ------------------------------------------------------------ what the Inside tab calls
    def label(self, language: str) -> str:
        return word(language, "label")

    @property
    def follows(self) -> bool:
        """Whether the Inside tab refreshes this view even when it is not shown: its pictures are on the canvas."""
        return bool(self.on_canvas.value)

    def set_language(self, language: str) -> None:
        self.language = language
        self._label_widgets()
        self._drawn = self._predicted = None
        if self._context is not None:
            self.refresh(self._context, "shown")

    def refresh(self, context, reason: str) -> None:
        """Draw again what changed: the data, the network, its weights (a finished epoch), the node or the sample."""
        with self._lock:
            self._context = context
            try:
                self._draw(context)
            except Exception:
                if self.on_canvas.value:  # the pictures would show what the network did before it failed
                    self._clear_thumbnails()
                raise

    # ------------------------------------------------------------ drawing
    def _redraw(self) -> None:
        """After a change made in the view itself (the sample index, the drawing): problems are shown in place."""
        if self._context is None:
            return
        try:
            self.refresh(self._context, "sample")
        except NNBuilderError as exc:
            self.problem.value = message_html(str(exc), "nnb-inside-problem-text")

    def _draw(self, context) -> None:
        model, source = self._model(context)
        dataset = self._dataset(context)
        network = network_key(context.project, context.model_name)
        self._show_pad(model, dataset, context, network)
        drawing = self.use_drawing.value and self.pad is not None and self.pad_box.layout.display != "none"
        computed = (id(model), _epoch(context), network, id(dataset), self.index_box.value, drawing,
                    tuple(self.pad.pixels) if drawing else None)  # fmt: skip
        canvas = self.on_canvas.value
        key = (computed, context.selected, canvas)
        if key == self._drawn:
            if canvas:  # put back what the editor dropped meanwhile
                self.thumbnails.again(context)
            return
        self._drawn = None
        sample = self._pad_sample(model) if drawing else self._data_sample(dataset, computed[4])
        if sample is None:
            self.output.value = ""
            if canvas:
                self._clear_thumbnails()
            return
        self.problem.value = ""
        node = context.selected
        if node is None and not canvas:
            self.output.value = message_html(word(self.language, "no_node"), "nnb-inside-no-node")
            self._drawn = key
            return
        if computed != self._computed:  # a click on another node draws what is computed already
            self._computed = None
            self.values = activations(source, sample, project=None if source is context.trainer else context.project,
                                      model_name=context.model_name)  # fmt: skip
            self._computed = computed
        if canvas:
            self.thumbnails.show(context, self.values, source, network, computed)
        if node is None:
            self.output.value = message_html(word(self.language, "no_node"), "nnb-inside-no-node")
        elif node not in self.values:
            self.output.value = message_html(
                word(self.language, "not_computed", node=node, model=context.model_name), "nnb-inside-no-node"
            )
        else:
            self.output.value = self._output_html(node, self.values[node][0], context)
        if canvas:  # the selected node's output in the inspector, beside its settings (None: nothing there)
            context.show_insight(node if node in self.values else None, self.output.value)
        self._drawn = key

    def _output_html(self, node: str, array: np.ndarray, context) -> str:
        say = self.language
        picture = activation_picture(array)
        shape = shape_text((None, *array.shape))
        trainer = context.trainer
        epochs = trainer.epoch if trainer is not None and trainer.model is not None else 0
        title = word(say, "output_of", node=node)
        body = picture_html(picture, title, word(say, "value"), "t")
        low, high = picture["range"]
        lines = _caption_lines(picture, shape, epochs, say)
        caption = caption_html(lines, shape=shape, low=low, high=high, kind=picture["kind"], epochs=epochs)
        heading = f"<b>{_text(title)}</b><br>"
        return f'<div class="nnb-inside-node" data-node="{_attribute(node)}">{heading}{body}{caption}</div>'

    # ------------------------------------------------------------ the pictures on the canvas
    def _canvas_ticked(self) -> None:
        if self.on_canvas.value:
            self._redraw()
        elif self._context is not None:
            with self._lock:
                self._clear_thumbnails()

    def _clear_thumbnails(self) -> None:
        self._drawn = None  # drawn again, pictures and all, when next asked
        self.thumbnails.clear(self._context)
        if self._context is not None:
            self._context.show_insight(None)

    # ------------------------------------------------------------ the sample
    def _data_sample(self, dataset, index: int):
        say = self.language
        x, y, split = _examples(dataset)
        count = _count(x)
        if count == 0:
            self.sample_info.value = ""
            self.sample_picture.value = ""
            self.problem.value = message_html(word(say, "no_samples"), "nnb-inside-problem-text")
            return None
        if not 0 <= index < count:
            self.sample_picture.value = ""
            self.sample_info.value = message_html(word(say, split, count=count), "nnb-inside-sample-count")
            text = word(say, "sample_range", index=index, last=count - 1)
            self.problem.value = message_html(text, "nnb-inside-problem-text")
            return None
        sample = _pick(x, index)
        label = _label(dataset, None if y is None else _pick(y, index), say)
        counted = message_html(word(say, split, count=count), "nnb-inside-sample-count")
        self.sample_info.value = counted + message_html(label, "nnb-inside-sample-label")
        if isinstance(sample, np.ndarray):
            picture = sample_html(sample, _image_shape(dataset), word(say, "sample"), word(say, "value"))
            self.sample_picture.value = picture
        return sample

    def _pad_sample(self, model):
        self.sample_picture.value = ""
        self.sample_info.value = message_html(word(self.language, "use_drawing"), "nnb-inside-sample-count")
        return self.pad.array.reshape(_input_shape(model))

    # ------------------------------------------------------------ the model and the data
    def _model(self, context):
        """(the Keras model shown, what `activations` is given: the trainer, or that model)."""
        trainer = context.trainer
        if trainer is not None and trainer.model is not None:
            models = getattr(trainer, "models", {}) or {}
            return models.get(context.model_name, trainer.model), trainer
        from nnbuilder.bridge.to_keras import build  # deferred: Keras

        network = network_key(context.project, context.model_name)
        if self._built is None or self._built[0] != network:
            self._built = None
            self._built = (network, build(context.project, model=context.model_name))
        return self._built[1], self._built[1]

    def _dataset(self, context):
        def loading() -> None:
            self.sample_info.value = message_html(word(self.language, "loading"), "nnb-inside-loading")

        return dataset_for(context, loading)

    # ------------------------------------------------------------ the digit pad
    def _show_pad(self, model, dataset, context, network) -> None:
        digit = _input_shape(model) in DIGIT_SHAPES
        self.pad_box.layout.display = "flex" if digit else "none"
        if not digit:
            return
        if self.pad is None:
            from nnbuilder.app.inside.digit_pad import DigitPad  # deferred: its browser code is read from disk

            self.pad = DigitPad(words=self._pad_words())
            self.pad.observe(lambda _change: self._drawing_changed(), names="pixels")
            self.pad_box.children = (self.pad_title, self.pad, self.use_drawing, self.prediction)
        self._predict(model, dataset, (id(model), _epoch(context), network))

    def _drawing_changed(self) -> None:
        if self._context is None:
            return
        try:
            with self._lock:
                model, _source = self._model(self._context)
                key = (id(model), _epoch(self._context), network_key(self._context.project, self._context.model_name))
                self._predict(model, self._dataset(self._context), key)
        except NNBuilderError as exc:
            self.problem.value = message_html(str(exc), "nnb-inside-problem-text")
        if self.use_drawing.value:
            self._redraw()

    def _predict(self, model, dataset, key: tuple) -> None:
        """The network's output for the drawing: probabilities as bars named by the dataset's classes."""
        say = self.language
        key = (*key, tuple(self.pad.pixels))
        if key == self._predicted:
            return
        if self.pad.blank:
            self.probabilities = None
            self.prediction.value = message_html(word(say, "blank"), "nnb-inside-blank")
            self._predicted = key
            return
        batch = self.pad.array.reshape((1, *_input_shape(model)))
        output = model.predict_on_batch(batch)
        output = np.asarray(output[0] if isinstance(output, (list, tuple)) else output)[0]
        self.probabilities = output
        names = [str(name) for name in (dataset.class_names or [])] if dataset is not None else []
        title = word(say, "prediction")
        if output.ndim == 1:
            labels = names if len(names) == output.size else [str(i) for i in range(output.size)]
            values = [float(v) if np.isfinite(v) else None for v in output]
            chart = bars_svg(values, "nnb-inside-prob", title, word(say, "probability"), labels, height=180)
        else:
            chart = picture_html(activation_picture(output), title, word(say, "value"), "t")
        self.prediction.value = f"<b>{_text(title)}</b><br>{chart}"
        self._predicted = key

    def _pad_words(self) -> dict[str, str]:
        return {"clear": word(self.language, "clear"), "hint": word(self.language, "draw_hint")}

    def _label_widgets(self) -> None:
        say = self.language
        self.index_box.description = word(say, "sample")
        self.use_drawing.description = word(say, "use_drawing")
        self.on_canvas.description = word(say, "on_canvas")
        self.pad_title.value = f"<b>{_text(word(say, 'draw'))}</b>"
        if self.pad is not None:
            self.pad.words = self._pad_words()


def _caption_lines(picture: dict, shape: str, epochs: int, say: str) -> list[str]:
    """What is written under a picture: the shape, the range, how much is drawn, how far the network has trained."""
    low, high = picture["range"]
    lines = [word(say, "shape_is", shape=shape), word(say, "range_is", low=number_text(low), high=number_text(high))]
    kind = picture["kind"]
    if kind == "feature_maps" and picture["layout"]["maps"] < picture["layout"]["channels"]:
        lines.append(word(say, "maps_shown", maps=picture["layout"]["maps"], channels=picture["layout"]["channels"]))
    if kind == "bars" and len(picture["values"]) < picture["total"]:
        lines.append(word(say, "bars_shown", shown=len(picture["values"]), total=picture["total"]))
    if kind == "lines" and len(picture["lines"]) < picture["features"]:
        lines.append(word(say, "lines_shown", shown=len(picture["lines"]), total=picture["features"]))
    lines.append(word(say, "trained", epochs=epochs) if epochs else word(say, "untrained"))
    return lines


def _epoch(context) -> int:
    trainer = context.trainer
    return trainer.epoch if trainer is not None else -1


def _input_shape(model) -> tuple[int, ...] | None:
    inputs = getattr(model, "inputs", None) or []
    if len(inputs) != 1:
        return None
    return tuple(int(s) if s is not None else -1 for s in inputs[0].shape[1:])


def _examples(dataset):
    """(inputs, targets, which split): the test split, or the training split when there is no test split."""
    if _count(dataset.x_test) > 0:
        return dataset.x_test, dataset.y_test, "sample_of_test"
    return dataset.x_train, dataset.y_train, "sample_of_train"


def _count(x) -> int:
    if x is None:
        return 0
    if isinstance(x, dict):
        return min((len(v) for v in x.values()), default=0)
    if isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
        return min(len(v) for v in x)
    return len(x)


def _pick(x, index: int):
    if isinstance(x, dict):
        return {name: np.asarray(v[index]) for name, v in x.items()}
    if isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
        return [np.asarray(v[index]) for v in x]
    return np.asarray(x[index])


def _image_shape(dataset) -> tuple[int, ...] | None:
    """The shape of one example as a picture: a flattened image set (MNIST with `flatten`) unflattens."""
    shape = tuple(dataset.info.input_shape)
    if len(shape) == 1 and dataset.info.preview_kind == "images":
        from nnbuilder.document.data_errors import DataError
        from nnbuilder.document.datasets import dataset_info

        try:
            shape = tuple(dataset_info(dataset.name).input_shape)
        except DataError:
            return None
    return shape if len(shape) in (2, 3) else None


def _label(dataset, target, language: str) -> str:
    """The sample's label: its class index and name for a classifier, else its value(s)."""
    if target is None or not isinstance(target, np.ndarray):
        return word(language, "no_label")
    names = dataset.class_names or []
    if names and target.ndim == 0 and np.issubdtype(target.dtype, np.integer) and 0 <= int(target) < len(names):
        return word(language, "class_is", index=int(target), name=names[int(target)])
    if names and target.ndim == 1 and target.size == len(names) and target.size > 1:  # one-hot
        index = int(np.argmax(target))
        return word(language, "class_is", index=index, name=names[index])
    flat = target.reshape(-1)
    text = ", ".join(number_text(float(v)) for v in flat[:8]) + (", …" if flat.size > 8 else "")
    return word(language, "label_is", label=text)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;")
