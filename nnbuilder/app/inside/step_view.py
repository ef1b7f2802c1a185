"""The Inside tab's one-training-step view: for a small dense network, one example of the training data worked
through by hand (`nnbuilder.views.one_step.step`), layer by layer: the input, each neuron's weighted sum and
activation, the loss, the gradients and the optimizer's update, each beside its formula.

"Next step" continues from the step's new weights and optimizer state, "Reset" goes back to the trainer's
current weights (or the starting weights before any training), "Export as NumPy" downloads the same step as a
standalone script. A network the step cannot work through is named with the reason instead."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import ipywidgets

from nnbuilder.app._export import file_stem
from nnbuilder.app._trainer_link import training_key
from nnbuilder.app.inside._data import dataset_for
from nnbuilder.app.inside._step_html import step_html
from nnbuilder.codegen.numpy_step import numpy_step_code
from nnbuilder.locale.inside_step_words import word
from nnbuilder.views._step_network import read_chain, read_training
from nnbuilder.views.one_step import StepRecord, StepRefused, step


class StepView:
    """One training step in numbers, with Next step, Reset and Export as NumPy."""

    key = "training_step"

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.example = ipywidgets.BoundedIntText(value=0, min=0, max=0, layout=ipywidgets.Layout(width="150px"))
        self.example.add_class("nnb-inside-step-example")
        self.next_button = ipywidgets.Button()
        self.next_button.add_class("nnb-inside-step-next")
        self.reset_button = ipywidgets.Button()
        self.reset_button.add_class("nnb-inside-step-reset")
        self.export_button = ipywidgets.Button(icon="download")
        self.export_button.add_class("nnb-inside-step-export")
        self.message = ipywidgets.HTML()
        self.message.add_class("nnb-inside-step-message")
        self.table = ipywidgets.HTML()
        self.table.add_class("nnb-inside-step-table")
        controls = ipywidgets.HBox([self.example, self.next_button, self.reset_button, self.export_button])
        self.widget = ipywidgets.VBox([controls, self.message, self.table])
        self.widget.add_class("nnb-inside-step")
        self.steps: list[StepRecord] = []  # the steps taken from the start, the last one shown
        self.start: dict | None = None  # the weights the first step starts from
        self.refusal: StepRefused | None = None
        self._context: Any = None
        self._key: str | None = None  # what the steps were computed for
        self._origin: int | None = None  # the trainer's epochs the weights come from; None: the starting weights
        self._starting: dict[str, dict] = {}  # network -> starting weights drawn once, so Reset gives the same
        self.dataset: Any = None  # the data the examples come from
        self._targets_missing = False
        self._selected: str | None = None
        self.next_button.on_click(lambda _button: self._reported(self.next_step))
        self.reset_button.on_click(lambda _button: self._reported(self.reset))
        self.export_button.on_click(lambda _button: self._reported(self.export))
        self.example.observe(lambda _change: self._reported(self._example_changed), names="value")
        self.set_language(language)

    # ------------------------------------------------------------ the view's interface
    def label(self, language: str) -> str:
        return word(language, "label")

    def set_language(self, language: str) -> None:
        self.language = language
        self.example.description = word(language, "example")
        for button, key in ((self.next_button, "next"), (self.reset_button, "reset"), (self.export_button, "export")):
            button.description = word(language, key)
            button.tooltip = word(language, key + "_help")
        self._show()

    def refresh(self, context: Any, reason: str) -> None:
        self._context = context
        if reason == "epoch":
            return  # the weights move under training: the step follows the trainer once the run ends
        self._selected = context.selected
        key = self._state_key(context)
        if key != self._key:
            self._key = key
            try:
                self.reset()
            except Exception:
                self._key = None  # tried again at the next refresh
                raise
        elif reason == "selection":
            self._show()

    # ------------------------------------------------------------ the buttons
    def reset(self) -> None:
        """Back to one step from the trainer's current weights (or the starting weights)."""
        context = self._context
        self.steps, self.refusal, self._targets_missing = [], None, False
        if context is None:
            return self._show()
        project = context.project
        try:
            chain = read_chain(project)
            settings = read_training(project)
        except StepRefused as refusal:
            self.refusal = refusal
            return self._show()
        self.dataset = self._load(context)
        if self.dataset.y_train is None and settings["recipe"] != "autoencoder":
            self._targets_missing = True
            return self._show()
        count = len(self.dataset.x_train)
        self.example.max = max(count - 1, 0)
        x, y = self._arrays()
        trainer = context.trainer
        model = getattr(trainer, "model", None) if trainer is not None else None
        try:
            if model is not None:
                record = step(project, x, y, model=model)
                self._origin = int(trainer.epoch)
            else:
                network = json.dumps([chain.model, [(layer.node, layer.inputs, layer.units) for layer in chain.layers]])
                start = self._starting.get(network)
                record = step(project, x, y, weights=start)
                self._starting[network] = {layer.node: [layer.W, layer.b] for layer in record.layers}
                self._origin = None
        except StepRefused as refusal:  # the data does not fit the network (x's width, y's classes)
            self.refusal = refusal
            return self._show()
        self.start = {layer.node: [layer.W.copy(), layer.b.copy()] for layer in record.layers}
        self.steps = [record]
        self._show()

    def next_step(self) -> None:
        """One more step on the chosen example, from the last step's new weights and optimizer state."""
        if not self.steps:
            return
        x, y = self._arrays()
        self.steps.append(step(self._context.project, x, y, state=self.steps[-1]))
        self._show()

    def export(self) -> None:
        """Download the step shown as a standalone NumPy script, `<project>_step.py`."""
        if not self.steps:
            return
        project = self._context.project
        x, y = self._arrays()
        weights, state = self._last_start()
        code = numpy_step_code(project, x, y, weights, state=state)
        self._context.download(code.encode("utf-8"), f"{file_stem(project)}_step.py", "text/x-python")

    # ------------------------------------------------------------ inside
    def _example_changed(self) -> None:
        """The step shown, again on the newly chosen example from the same weights and optimizer state."""
        if not self.steps:
            return
        x, y = self._arrays()
        weights, state = self._last_start()
        self.steps[-1] = step(self._context.project, x, y, weights=weights, state=state)
        self._show()

    def _last_start(self) -> tuple[dict | None, StepRecord | None]:
        """The weights and the previous step (its optimizer state) the last step starts from."""
        if len(self.steps) > 1:
            return self.steps[-2].new_weights(), self.steps[-2]
        return self.start, None

    def _arrays(self) -> tuple[Any, Any]:
        """The chosen example as a batch of one, and its target as the project's loss takes it."""
        from nnbuilder.data.targets import fit_targets  # deferred: the data package loads NumPy

        data, index = self.dataset, int(self.example.value)
        x = data.x_train[index : index + 1]
        if data.y_train is None:  # an autoencoder: the input is its own target
            return x, x
        loss = read_training(self._context.project)["loss"]
        return x, fit_targets(data, data.y_train[index : index + 1], loss)

    def _load(self, context: Any) -> Any:
        """The data the trainer trains on, or the project's data loaded as the trainer loads it (kept per data
        section, so a moved node or another step loads nothing again)."""
        return dataset_for(context)

    def _state_key(self, context: Any) -> str:
        trainer = context.trainer
        trained = None if trainer is None or trainer.model is None else (id(trainer), trainer.epoch)
        return f"{training_key(context.project)}|{trained}|{id(trainer)}"

    def _show(self) -> None:
        language = self.language
        enabled = bool(self.steps)
        for button in (self.next_button, self.reset_button, self.export_button):
            button.disabled = not enabled
        self.reset_button.disabled = self._context is None
        self.example.disabled = not enabled
        if self.refusal is not None:
            reason = (self.refusal.said_in or {}).get("zh") if language == "zh" else None
            said = word(language, "refused", reason=reason or str(self.refusal))
            self.message.value = f'<p class="nnb-inside-step-refusal">{escape(said)}</p>'
            self.table.value = ""
            return
        if self._targets_missing:
            said = word(language, "no_targets", dataset=getattr(self.dataset, "name", ""))
            self.message.value = f'<p class="nnb-inside-step-refusal">{escape(said)}</p>'
            self.table.value = ""
            return
        if not self.steps:
            self.message.value = self.table.value = ""
            return
        record = self.steps[-1]
        origin = self._origin
        lines = [word(language, "from_start") if origin is None else word(language, "from_trainer", epochs=origin)]
        if len(self.steps) > 1:
            lines.append(word(language, "from_steps", count=len(self.steps) - 1))
        count = len(self.dataset.x_train)
        index = int(self.example.value)
        lines.append(
            word(language, "example_of", index=index, count=count, dataset=self.dataset.name, step=record.iterations)
        )
        self.message.value = "".join(f"<p>{escape(line)}</p>" for line in lines)
        _x, y = self._arrays()
        self.table.value = step_html(record, y, language, self._selected)

    def _reported(self, action) -> None:
        """Run a button's action; a failure goes to the message line of the view."""
        try:
            action()
        except Exception as exc:  # shown where the learner looks, never lost in a callback
            said = (getattr(exc, "said_in", None) or {}).get("zh") if self.language == "zh" else None
            self.message.value = f'<p class="nnb-inside-step-refusal">{escape(said or str(exc))}</p>'
