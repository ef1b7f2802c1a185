"""The Inside tab's course curves: an activation function and its derivative (following the selected node's
activation), the project's loss against the prediction for a fixed target, and the learning rate over the planned
epochs with the rate a run recorded drawn over it. The numbers come from `nnbuilder.views.course_curves`."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import ipywidgets

from nnbuilder.app._run_chart import number_text
from nnbuilder.app.inside._curve_chart import Line, error_text, line_chart
from nnbuilder.app.inside._run_counts import class_count, steps_or_guess
from nnbuilder.document.setting_choices import ACTIVATIONS
from nnbuilder.locale.inside_curve_words import word
from nnbuilder.locale.view_text import view_text

# Activation layers whose whole job is one activation function.
LAYER_ACTIVATIONS = {"ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu", "Softmax": "softmax"}
# x ranges that show every kink of a function (the others use -5 to 5).
ACTIVATION_RANGES = {"relu6": (-3.0, 8.0)}


def node_activation(project: Any, model_name: str, node_id: str | None) -> str | None:
    """The activation function the node `node_id` applies (its setting, or its layer's default), or None."""
    graph = project.models.get(model_name) if project is not None and node_id else None
    node = graph.node(node_id) if graph is not None else None
    if node is None:
        return None
    if node.layer in LAYER_ACTIVATIONS:
        return LAYER_ACTIVATIONS[node.layer]
    from nnbuilder.catalog import get_spec  # deferred: the catalog's tables load on the first look

    spec = get_spec(node.layer)
    param = spec.param("activation") if spec is not None else None
    if "activation" not in node.config and param is None:
        return None
    value = node.config.get("activation", param.default if param is not None else None)
    value = "linear" if value is None else value
    return value if isinstance(value, str) and value in ACTIVATIONS else None


def loss_kind(loss: str) -> str:
    if loss in ("binary_crossentropy",):
        return "binary"
    return "categorical" if loss.endswith("categorical_crossentropy") else "regression"


class CurvesView:
    """The activation, loss and schedule curves, one above the other."""

    key = "activation_curve"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.activation = ipywidgets.Dropdown(options=list(ACTIVATIONS), value="relu")
        self.activation.add_class("nnb-inside-activation-pick")
        self.activation_chart = ipywidgets.HTML()
        self.activation_notes = ipywidgets.HTML()
        self.loss_heading = ipywidgets.HTML()
        self.target = ipywidgets.FloatText(value=1.0, layout=ipywidgets.Layout(width="220px"))
        self.target.add_class("nnb-inside-target")
        self.loss_chart = ipywidgets.HTML()
        self.schedule_heading = ipywidgets.HTML()
        self.schedule_chart = ipywidgets.HTML()
        self.schedule_note = ipywidgets.HTML()
        self.widget = ipywidgets.VBox([
            ipywidgets.HTML(), self.activation, self.activation_chart, self.activation_notes,
            self.loss_heading, self.target, self.loss_chart,
            self.schedule_heading, self.schedule_chart, self.schedule_note,
        ])  # fmt: skip
        self.widget.add_class("nnb-inside-curves")
        self._curves: dict[Any, dict] = {}  # computed curves by what they depend on
        self._followed: tuple[str | None, str | None] | None = None  # (node, activation) the picker last followed
        self._loss: tuple[str, int] | None = None  # (loss, classes) of the loss part
        self._schedule_key: Any = None
        self._context: Any = None
        self._no_activation = False  # the selected node applies no activation function
        self.activation.observe(lambda _change: self._draw_activation(), names="value")
        self.target.observe(lambda _change: self._draw_loss(), names="value")
        self._label_parts()

    def label(self, language: str) -> str:
        return word(language, "label_curves")

    def set_language(self, language: str) -> None:
        self.language = language
        self._label_parts()
        self._draw_activation()
        self._draw_loss()
        if self._context is not None:
            self._draw_schedule(self._context)

    def refresh(self, context: Any, reason: str) -> None:
        self._context = context
        if reason in ("shown", "selection", "project"):
            self._follow_selection(context)
        if self.activation_chart.value == "":
            self._draw_activation()
        if reason != "epoch" and reason != "selection":
            self._follow_loss(context)
        self._draw_schedule(context)

    # ------------------------------------------------------------ the activation
    def _follow_selection(self, context: Any) -> None:
        node = context.selected
        name = node_activation(context.project, context.model_name, node)
        if (node, name) == self._followed:
            return
        self._followed = (node, name)
        if name is not None and name != self.activation.value:
            self.activation.value = name  # the observer draws it
        self._note_selection(node, name)

    def _note_selection(self, node: str | None, name: str | None) -> None:
        self._no_activation = node is not None and name is None
        self._draw_notes()

    def _draw_activation(self) -> None:
        name = self.activation.value
        try:
            curve = self._curve(("activation", name), lambda: _activation_curve(name))
        except Exception as exc:
            self.activation_chart.value = (
                f"<p>{escape(word(self.language, 'no_curve', error=error_text(exc, self.language)))}</p>"
            )
            return
        lang = self.language
        marks = [{"x": k["x"], "y": _value_at(curve, k["x"], "y"), "class": "nnb-inside-kink",
                  "title": word(lang, "kink", **_said(k))} for k in curve["kinks"]]  # fmt: skip
        slope_marks = [{"x": k["x"], "y": k["backprop"], "class": "nnb-inside-kink",
                        "title": word(lang, "kink", **_said(k))} for k in curve["kinks"]]  # fmt: skip
        function = line_chart([Line("f", f"{name}(x)", curve["x"], curve["y"], 0)], word(lang, "input_x"),
                              word(lang, "function"), css_class="nnb-inside-chart nnb-inside-activation-chart",
                              title=name, marks=marks, legend=False)  # fmt: skip
        slope = line_chart([Line("df", f"{name}′(x)", curve["x"], curve["dy"], 1)], word(lang, "input_x"),
                           word(lang, "derivative"), css_class="nnb-inside-chart nnb-inside-derivative-chart",
                           title=f"{name}′", marks=slope_marks, legend=False)  # fmt: skip
        self.activation_chart.value = f'<div style="display:flex;flex-wrap:wrap;gap:8px">{function}{slope}</div>'
        self._draw_notes()

    def _draw_notes(self) -> None:
        lang, name = self.language, self.activation.value
        curve = self._curves.get(("activation", name))
        lines = [word(lang, "no_activation")] if self._no_activation else []
        if curve is not None:
            lines += [word(lang, "kink", **_said(k)) for k in curve["kinks"]]
            lines += [word(lang, "jump", x=number_text(k["x"])) for k in curve["kinks"] if k["jump"]]
            lines += [word(lang, "tie", **_said(k)) for k in curve["ties"]]
            lines += [word(lang, "pair", name=name)] if curve["input"] == "pair" else []
        self.activation_notes.value = "".join(f"<div>{escape(line)}</div>" for line in lines)

    # ------------------------------------------------------------ the loss
    def _follow_loss(self, context: Any) -> None:
        training = context.project.training or {}
        from nnbuilder.document.training_settings import loss_name

        loss = loss_name(training.get("loss", "mse")) or str(training.get("loss"))
        wanted = (loss, class_count(context))
        if wanted == self._loss:
            return
        kind_changed = self._loss is None or loss_kind(self._loss[0]) != loss_kind(loss)
        self._loss = wanted
        self._label_parts()
        if kind_changed and self.target.value != _default_target(loss):
            self.target.value = _default_target(loss)  # the observer draws it
        else:
            self._draw_loss()

    def _draw_loss(self) -> None:
        if self._loss is None:
            return
        (loss, classes), lang = self._loss, self.language
        target = self.target.value
        if loss_kind(loss) == "categorical" and float(target).is_integer():
            target = int(target)
        try:
            curve = self._curve(("loss", loss, target, classes), lambda: _loss_curve(loss, target, classes))
        except Exception as exc:
            self.loss_chart.value = f"<p>{escape(word(lang, 'no_curve', error=error_text(exc, lang)))}</p>"
            return
        axis = word(lang, curve["x_axis"], classes=curve.get("classes", 2))
        marks = [{"x": k, "y": _value_at(curve, k, "loss"), "class": "nnb-inside-kink",
                  "title": word(lang, "kink", x=number_text(k), left="-1", right="1", backprop="0")}
                 for k in curve["kinks"]]  # fmt: skip
        value = line_chart([Line("loss", loss, curve["x"], curve["loss"], 0)], axis, word(lang, "loss"),
                           css_class="nnb-inside-chart nnb-inside-loss-chart", title=loss, marks=marks,
                           legend=False)  # fmt: skip
        slope = line_chart([Line("dloss", word(lang, "loss_slope"), curve["x"], curve["dloss"], 1)], axis,
                           word(lang, "slope"), css_class="nnb-inside-chart nnb-inside-loss-slope-chart",
                           title=word(lang, "loss_slope"), legend=False)  # fmt: skip
        self.loss_chart.value = f'<div style="display:flex;flex-wrap:wrap;gap:8px">{value}{slope}</div>'

    # ------------------------------------------------------------ the schedule
    def _draw_schedule(self, context: Any) -> None:
        lang, trainer = self.language, context.trainer
        training = context.project.training or {}
        recorded = list((trainer.history or {}).get("learning_rate", [])) if trainer is not None else []
        steps, how = steps_or_guess(context, lang)
        key = (json.dumps(training, sort_keys=True, default=str), steps, tuple(recorded), lang)
        if key == self._schedule_key:
            return
        self._schedule_key = key
        try:
            curve = self._curve(("schedule", key[0], steps), lambda: _schedule_curve(training, steps))
        except Exception as exc:
            self.schedule_heading.value = ""
            self.schedule_chart.value = f"<p>{escape(word(lang, 'no_curve', error=error_text(exc, lang)))}</p>"
            self.schedule_note.value = ""
            return
        heading = word(lang, "schedule_heading", epochs=curve["epochs"], schedule=curve["schedule"])
        self.schedule_heading.value = (f"<h4>{escape(heading)}</h4>"
                                       f"<p>{escape(view_text('schedule', lang))}</p>")  # fmt: skip
        per = curve["steps_per_epoch"]
        lines = [Line("rate", word(lang, "rate"), [(s + 1) / per for s in curve["step"]], curve["per_step"], 0)]
        if recorded:
            lines.append(Line("recorded", word(lang, "recorded"), range(1, len(recorded) + 1), recorded, 1,
                              dashed=True, dots=True))  # fmt: skip
        self.schedule_chart.value = line_chart(lines, word(lang, "epoch"), word(lang, "learning_rate"),
                                               css_class="nnb-inside-chart nnb-inside-schedule-chart",
                                               title=curve["schedule"], width=560)  # fmt: skip
        self.schedule_note.value = f"<p>{escape(how)}</p>"

    # ------------------------------------------------------------ shared
    def _curve(self, key: Any, compute) -> dict:
        if key not in self._curves:
            self._curves[key] = compute()
        return self._curves[key]

    def _label_parts(self) -> None:
        lang = self.language
        self.widget.children[0].value = f"<h4>{escape(word(lang, 'activation_heading'))}</h4>"
        self.activation.description = word(lang, "activation")
        self.target.description = word(lang, "target")
        loss = self._loss[0] if self._loss is not None else ""
        self.loss_heading.value = (f"<h4>{escape(word(lang, 'loss_heading', loss=loss))}</h4>"
                                   f"<p>{escape(view_text('loss_curve', lang))}</p>")  # fmt: skip
        categorical = self._loss is not None and loss_kind(loss) == "categorical"
        self.target.tooltip = word(lang, "target_hint", last=self._loss[1] - 1) if categorical else None


def _activation_curve(name: str) -> dict:
    from nnbuilder.views.course_curves import activation_curve  # deferred: Keras loads on the first curve

    return activation_curve(name, *ACTIVATION_RANGES.get(name, (-5.0, 5.0)))


def _loss_curve(loss: str, target: Any, classes: int) -> dict:
    from nnbuilder.views.course_curves import loss_curve  # deferred: Keras

    return loss_curve(loss, target, classes=classes)


def _schedule_curve(training: dict, steps: int) -> dict:
    from nnbuilder.views.course_curves import schedule_curve  # deferred: Keras

    return schedule_curve(training, steps_per_epoch=steps)


def _said(kink: dict) -> dict[str, str]:
    return {key: number_text(kink[key]) for key in ("x", "left", "right", "backprop")}


def _value_at(curve: dict, x: float, series: str) -> float:
    """The curve's value at its grid point nearest `x`."""
    nearest = min(range(len(curve["x"])), key=lambda i: abs(curve["x"][i] - x))
    return float(curve[series][nearest])


def _default_target(loss: str) -> float:
    return 0.0 if loss_kind(loss) == "categorical" else 1.0
