"""The Builder's training settings form: recipe, optimizer, learning-rate schedule, loss, metrics, run
length and callbacks, built from the tables in `nnbuilder.document.training_choices`.

Each change is checked at once by the document's own rules (`training_problems`); a refused value is
shown beside its field, in the form's language, and not written. Only values that differ from the tables'
defaults are written, in the form `normalize_training` reads: {"name": ..., parameter: value, ...} under
Keras names. Under the loss, its curve against the prediction; under a schedule's fields, the learning rate
over the planned epochs (`_setting_previews`).
"""

from __future__ import annotations

import copy

import ipywidgets

from nnbuilder.app._form_fields import FieldText, FormField
from nnbuilder.app._section_form import SectionForm
from nnbuilder.app._setting_previews import SettingPreviews
from nnbuilder.document.params import Param
from nnbuilder.document.training_settings import (
    CALLBACKS,
    DEFAULTS,
    FIELDS,
    LOSSES,
    METRICS,
    OPTIMIZERS,
    RECIPES,
    SCHEDULES,
    loss_name,
    monitor_choices,
    training_problems,
)
from nnbuilder.locale.train_words import HELP_ZH as _HELP_ZH
from nnbuilder.locale.train_words import LABELS as _LABELS
from nnbuilder.locale.train_words import said_problem

# Optimizer parameters shown outside "Advanced".
MAIN_PARAMS = {
    "sgd": ("learning_rate", "momentum", "nesterov"),
    "adam": ("learning_rate", "beta_1", "beta_2"),
    "adamw": ("learning_rate", "beta_1", "beta_2", "weight_decay"),
    "nadam": ("learning_rate", "beta_1", "beta_2"),
    "rmsprop": ("learning_rate", "rho", "momentum"),
    "adagrad": ("learning_rate",),
}
_TABLES = {"recipe": RECIPES, "optimizer": OPTIMIZERS, "schedule": SCHEDULES, "loss": LOSSES, "metric": METRICS,
           "callback": CALLBACKS}  # fmt: skip


def _entry(draft: dict, key: str) -> dict:
    """The optimizer or schedule entry of a draft as a dict (a bare name is allowed in the document)."""
    value = draft.get(key)
    if isinstance(value, str):
        return {"name": value}
    return dict(value) if isinstance(value, dict) else copy.deepcopy(DEFAULTS[key])


def _callbacks(draft: dict) -> list:
    entries = draft.get("callbacks")
    entries = entries if isinstance(entries, list) else []
    return [{"name": c} if isinstance(c, str) else dict(c) for c in entries if isinstance(c, (str, dict))]


def _callback_path(draft: dict, name: str) -> str | None:
    names = [c.get("name") for c in _callbacks(draft)]
    return f"training.callbacks[{names.index(name)}]" if name in names else None


def _setter(key: str):
    return lambda draft, value: draft.__setitem__(key, value)


def _put(entry: dict, key: str, value, default, keep: bool = False) -> None:
    """Write `value` under `key` unless it is the default (then leave it out, unless `keep`)."""
    if value == default and isinstance(value, bool) == isinstance(default, bool) and not keep:
        entry.pop(key, None)
    else:
        entry[key] = value


class TrainSettings(SectionForm):
    """The training settings form: `widget` is what the Builder shows; `on_change(project)` runs after each
    accepted edit with a project whose `training` section changed; `on_error(exc, what)` gets unexpected
    failures."""

    section = "training"
    LABELS = _LABELS

    def __init__(self, project, *, language="en", on_change=None, on_error=None, previews_at_once=True):
        super().__init__(project, language=language, on_change=on_change, on_error=on_error)
        self.recipe = self._choice_field("recipe", "training.recipe", _setter("recipe"))
        self.optimizer = self._choice_field("optimizer", "training.optimizer.name", self._set_optimizer)
        self.schedule = self._choice_field("schedule", "training.schedule.name", self._set_schedule)
        self.loss = self._choice_field("loss", "training.loss", self._set_loss)
        self.metrics = FormField(
            "training.metrics", "multi", self._entry_texts("metric", "metrics"), choices=list(METRICS),
            on_edit=self.editor("metrics", _setter("metrics")),
        )  # fmt: skip
        self.run_fields = {key: self._run_field(key) for key in FIELDS}
        self.callback_fields, self.callback_params, self._callback_boxes = {}, {}, {}
        callback_rows = [self._callback_row(name) for name in CALLBACKS]
        self.optimizer_main, self.optimizer_advanced = ipywidgets.VBox(), ipywidgets.VBox()
        self.advanced = ipywidgets.Accordion([self.optimizer_advanced], selected_index=None)
        self.schedule_params = ipywidgets.VBox()
        self.optimizer_params, self.schedule_fields = {}, {}
        self.headings = {key: ipywidgets.HTML() for key in ("optimizer", "run", "callbacks")}
        self.previews = SettingPreviews(language, awake=previews_at_once)  # else drawn once `watch` sees it
        self.widget = ipywidgets.VBox(
            [self.recipe.widget, self.headings["optimizer"], self.optimizer.widget, self.optimizer_main, self.advanced,
             self.schedule.widget, self.schedule_params, self.previews.schedule, self.loss.widget, self.previews.loss,
             self.metrics.widget, self.headings["run"],
             *(field.widget for field in self.run_fields.values()), self.headings["callbacks"], *callback_rows,
             self.status]
        )  # fmt: skip
        self.widget.add_class("nnb-train-settings")
        self.rebuild()

    def problems(self, draft) -> list:
        """The document's problems with a draft, said in the form's language."""
        return [(path, said_problem(message, self.language)) for path, message in training_problems(draft)]

    # ------------------------------------------------------------ building
    def _entry_texts(self, table: str, label_key: str):
        def texts(language: str) -> FieldText:
            entries = _TABLES[table]

            def title(name):
                return self.LABELS[language].get(f"title.{table}.{name}") or entries[name]["title"]

            def help_of(name):
                english = entries[name]["help"]
                return english if language == "en" else _HELP_ZH.get(f"{table}.{name}", english)

            return FieldText(self.text(label_key), self.text(f"help.{label_key}"), title, help_of)

        return texts

    def _param_texts(self, param: Param, label_key: str):
        def texts(language: str) -> FieldText:
            help_text = param.help if language == "en" else param.help_zh or param.help
            return FieldText(self.text(label_key), help_text)

        return texts

    def _choice_field(self, table: str, path: str, change) -> FormField:
        return FormField(path, "choice", self._entry_texts(table, table), choices=list(_TABLES[table]),
                         on_edit=self.editor(table, change))  # fmt: skip

    def _run_field(self, key: str) -> FormField:
        param = FIELDS[key]

        def change(draft, value):
            if (key == "seed" and value is None) or (param.kind == "bool" and value is param.default):
                draft.pop(key, None)
            else:
                draft[key] = value

        return FormField.for_param(f"training.{key}", param, self._param_texts(param, key),
                                   on_edit=self.editor(key, change))  # fmt: skip

    def _param_field(self, what: str, param: Param, path, change) -> FormField:
        """The field of an optimizer, schedule or callback parameter; the watched value is picked from a list."""
        return FormField.for_param(path, param, self._param_texts(param, f"param.{param.name}"),
                                   on_edit=self.editor(what, change),
                                   kind="choice" if param.name == "monitor" else None)  # fmt: skip

    def _callback_row(self, name: str):
        entry = CALLBACKS[name]

        def enable(draft, on):
            callbacks = [c for c in _callbacks(draft) if c.get("name") != name]
            draft["callbacks"] = callbacks + ([{"name": name}] if on else [])

        def texts(language: str) -> FieldText:
            title = self.LABELS[language].get(f"title.callback.{name}") or entry["title"]
            help_text = entry["help"] if language == "en" else _HELP_ZH.get(f"callback.{name}", entry["help"])
            return FieldText(title, help_text)

        toggle = FormField(lambda d: _callback_path(d, name), "bool", texts, on_edit=self.editor(name, enable))
        self.callback_fields[name] = toggle
        params = {}
        for key, param in entry["params"].items():

            def change(draft, value, key=key, default=param.default):
                callbacks = _callbacks(draft)
                for callback in callbacks:
                    if callback.get("name") == name:
                        _put(callback, key, value, default)
                draft["callbacks"] = callbacks

            def path(draft, key=key):
                where = _callback_path(draft, name)
                return None if where is None else f"{where}.{key}"

            params[key] = self._param_field(f"callback {name} {key}", param, path, change)
        self.callback_params[name] = params
        box = ipywidgets.VBox([f.widget for f in params.values()], layout=ipywidgets.Layout(margin="0 0 0 24px"))
        self._callback_boxes[name] = box
        return ipywidgets.VBox([toggle.widget, box])

    def _entry_params(self, owner: str) -> dict:
        """Fields for the parameters of the chosen optimizer or schedule."""
        table = OPTIMIZERS if owner == "optimizer" else SCHEDULES
        name = _entry(self._draft, owner).get("name")
        fields = {}
        for key, param in (table[name]["params"] if name in table else {}).items():

            def change(draft, value, key=key, default=param.default):
                entry = _entry(draft, owner)
                _put(entry, key, value, default, keep=key == "learning_rate")
                draft[owner] = entry

            fields[key] = self._param_field(f"{owner} {name} {key}", param, f"training.{owner}.{key}", change)
        return fields

    def rebuild(self) -> None:
        self.optimizer_params = self._entry_params("optimizer")
        main = MAIN_PARAMS.get(_entry(self._draft, "optimizer").get("name"), ("learning_rate",))
        self.optimizer_main.children = [f.widget for k, f in self.optimizer_params.items() if k in main]
        self.optimizer_advanced.children = [f.widget for k, f in self.optimizer_params.items() if k not in main]
        self.advanced.layout.display = "" if self.optimizer_advanced.children else "none"
        self.schedule_fields = self._entry_params("schedule")
        self.schedule_params.children = [f.widget for f in self.schedule_fields.values()]
        callback_params = [field for params in self.callback_params.values() for field in params.values()]
        self.fields = [self.recipe, self.optimizer, *self.optimizer_params.values(), self.schedule,
                       *self.schedule_fields.values(), self.loss, self.metrics, *self.run_fields.values(),
                       *self.callback_fields.values(), *callback_params]  # fmt: skip
        self.relabel()
        self._show_values()
        self.show_problems(self.problems(self._draft))

    def relabel(self) -> None:
        super().relabel()
        self.advanced.set_title(0, self.text("advanced"))
        for key, heading in self.headings.items():
            heading.value = f"<b>{self.text(key)}</b>"
        self.show_previews()

    def watch(self, tabs) -> None:
        """The form is on one of `tabs`: previews not drawn at once are drawn when that tab is opened (the first
        imports Keras, which a page that is only looked at never needs)."""

        def holds(widget) -> bool:
            return widget is self.widget or any(holds(child) for child in getattr(widget, "children", ()))

        def selected(_change=None) -> None:
            index = tabs.selected_index
            if index is not None and holds(tabs.children[index]):
                self.previews.wake()

        tabs.observe(selected, names="selected_index")
        selected()

    def show_previews(self) -> None:
        """Redraw the loss and schedule previews from the draft (kept ones at once, others when computed)."""
        try:
            self.previews.show(self._project, self._draft, self.language)
        except Exception as exc:
            self.report(exc, "previews")

    def set_project(self, project) -> None:
        before = self._project.training
        super().set_project(project)
        if project.training == before:  # else redrawn whole; the data may have changed all the same
            self.show_previews()

    def _show_values(self) -> None:
        draft = self._draft
        self.recipe.set_value(draft.get("recipe", DEFAULTS["recipe"]))
        for owner, fields in (("optimizer", self.optimizer_params), ("schedule", self.schedule_fields)):
            entry = _entry(draft, owner)
            (self.optimizer if owner == "optimizer" else self.schedule).set_value(entry.get("name"))
            for key, field in fields.items():
                field.set_value(entry.get(key, _TABLES[owner][entry["name"]]["params"][key].default))
        raw_loss = draft.get("loss", DEFAULTS["loss"])
        self.loss.set_value(loss_name(raw_loss) or raw_loss)
        self.metrics.set_value(draft.get("metrics", DEFAULTS["metrics"]))
        for key, field in self.run_fields.items():
            field.set_value(draft.get(key, FIELDS[key].default))
        enabled = {c.get("name"): c for c in _callbacks(draft)}
        for name, toggle in self.callback_fields.items():
            toggle.set_value(name in enabled)
            for key, field in self.callback_params[name].items():
                field.set_value(enabled.get(name, {}).get(key, CALLBACKS[name]["params"][key].default))
        self._show_callback_params()

    def _monitors(self, current) -> list:
        choices = monitor_choices(self._draft)
        return choices if current in choices else [*choices, current]

    def _show_callback_params(self) -> None:
        enabled = {c.get("name"): c for c in _callbacks(self._draft)}
        for name, box in self._callback_boxes.items():
            box.layout.display = "" if name in enabled and box.children else "none"
            for key, field in self.callback_params[name].items():
                if key == "monitor":
                    value = enabled.get(name, {}).get(key, CALLBACKS[name]["params"][key].default)
                    field.set_choices(self._monitors(value))

    # ------------------------------------------------------------ edits
    def after_edit(self, before: dict) -> None:
        """Redraw what depends on the edited value: parameter fields of a new optimizer or schedule, the
        callbacks' parameters and the values they can watch."""
        for owner in ("optimizer", "schedule"):
            if _entry(before, owner).get("name") != _entry(self._draft, owner).get("name"):
                self.rebuild()
                return
        self._show_callback_params()
        self.show_previews()

    def _set_optimizer(self, draft, value) -> None:
        if _entry(draft, "optimizer").get("name") != value:
            draft["optimizer"] = {
                "name": value,
                "learning_rate": OPTIMIZERS[value]["params"]["learning_rate"].default,
            }

    def _set_schedule(self, draft, value) -> None:
        if _entry(draft, "schedule").get("name") == value:
            return
        if value == "constant":
            draft.pop("schedule", None)
        else:
            draft["schedule"] = {"name": value}

    def _set_loss(self, draft, value) -> None:
        if loss_name(draft.get("loss", DEFAULTS["loss"])) != value:
            draft["loss"] = value
