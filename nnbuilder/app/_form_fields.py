"""The fields of the app's settings tabs: a label with help, one control and an inline error
(`nnbuilder.app._section_form` runs the draft-check-apply cycle over them).

A field turns what the user typed into the value a project document holds (numbers from text, empty text
as null, "150, 150" as [150, 150]); judging that value is left to the document's own checks, so the
messages the user reads are the ones a project file would get.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from html import escape

import ipywidgets

from nnbuilder.document.params import Param

KINDS = ("bool", "int", "float", "text", "size", "choice", "multi")
PARAM_FIELD_KINDS = {  # the control that edits each kind of setting (nnbuilder.document.params)
    "bool": "bool",
    "int": "int",
    "float": "float",
    "str": "text",
    "text": "text",
    "path": "text",
    "choice": "choice",
    "size": "size",
}
LABEL_WIDTH = "180px"


@dataclass
class FieldText:
    """What a field says in one language: its label, help, and the labels and help of its choices
    (each a list in the order of the choices, or a function of the choice)."""

    label: str
    help: str = ""
    choices: list | None = None
    choice_help: list | None = None

    def choice_label(self, index: int, choice) -> str:
        return self._pick(self.choices, index, choice) or str(choice)

    def help_of(self, index: int, choice) -> str:
        return self._pick(self.choice_help, index, choice) or self.help

    @staticmethod
    def _pick(table, index: int, choice) -> str | None:
        if callable(table):
            return table(choice)
        return table[index] if table and index < len(table) else None


def format_value(kind: str, value) -> str:
    """A document value as it is typed into a text control."""
    if value is None:
        return ""
    if kind == "size" and isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return repr(value) if isinstance(value, float) else str(value)


def parse_text(kind: str, text: str):
    """The document value for text typed into an int, float, text or size field: empty text is null, and
    text that is not a number stays text, so the document's check names what was expected."""
    stripped = text.strip()
    if not stripped:
        return None
    if kind == "text":
        return stripped
    if kind == "size":
        parts = [p for p in re.split(r"[\s,x×\[\]()]+", stripped) if p]
        return [int(p) for p in parts] if parts and all(p.isdigit() for p in parts) else stripped
    try:
        number = int(stripped)
    except ValueError:
        try:
            number = float(stripped)
        except ValueError:
            return stripped
    if kind == "int" and isinstance(number, float) and math.isfinite(number) and number.is_integer():
        return int(number)
    return float(number) if kind == "float" and isinstance(number, int) else number


class FormField:
    """A label, one control and an inline error line. `on_edit(field)` runs when the user changes the
    control; `set_value` and `relabel` never call it. `path` is the document path the field edits, or a
    function of the section draft giving it (None while the field edits nothing)."""

    def __init__(self, path, kind: str, texts, *, choices=(), on_edit=None):
        if kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        self.path, self.kind, self.texts, self.on_edit = path, kind, texts, on_edit
        self.choices = list(choices)
        self.refused = None  # why the last value typed here was not taken
        self._quiet = False
        self._text = FieldText("")
        self.label = ipywidgets.HTML(layout=ipywidgets.Layout(width=LABEL_WIDTH, min_width=LABEL_WIDTH))
        self.control = self._make_control()
        self.error = ipywidgets.HTML(layout=ipywidgets.Layout(margin="0 0 0 8px"))
        self.error.add_class("nnb-field-error")
        self.widget = ipywidgets.HBox(
            [self.label, self.control, self.error], layout=ipywidgets.Layout(flex_flow="row wrap", align_items="center")
        )
        self.widget.add_class("nnb-field")

    @classmethod
    def for_param(cls, path, param: Param, texts, *, on_edit=None, kind: str | None = None) -> FormField:
        """The field that edits setting `param`; `kind` overrides the control (a text setting offered as
        a choice)."""
        if kind is None and param.kind not in PARAM_FIELD_KINDS:
            raise ValueError(f"{param.name}: no form control edits a setting of kind {param.kind!r}")
        return cls(path, kind or PARAM_FIELD_KINDS[param.kind], texts, choices=param.choices, on_edit=on_edit)

    def _make_control(self):
        if self.kind == "bool":
            control = ipywidgets.Checkbox(value=False, indent=False, layout=ipywidgets.Layout(width="auto"))
        elif self.kind == "choice":
            control = ipywidgets.Dropdown(options=[(str(c), i) for i, c in enumerate(self.choices)])
        elif self.kind == "multi":
            boxes = [
                ipywidgets.Checkbox(value=False, indent=False, layout=ipywidgets.Layout(width="auto"))
                for _ in self.choices
            ]
            for box in boxes:
                box.observe(self._changed, "value")
            return ipywidgets.HBox(boxes, layout=ipywidgets.Layout(flex_flow="row wrap"))
        else:
            control = ipywidgets.Text(continuous_update=False)
        control.observe(self._changed, "value")
        return control

    @contextlib.contextmanager
    def quiet(self):
        """Change the control without `on_edit` running."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def _changed(self, change) -> None:
        if self.kind == "choice":
            self._tooltip()
        if not self._quiet and self.on_edit is not None:
            self.on_edit(self)

    # ------------------------------------------------------------ value
    def value(self):
        """The document value the control shows now."""
        if self.kind == "bool":
            return bool(self.control.value)
        if self.kind == "choice":
            index = self.control.value
            return None if index is None else self.choices[index]
        if self.kind == "multi":
            return [c for c, box in zip(self.choices, self.control.children) if box.value]
        return parse_text(self.kind, self.control.value)

    def set_value(self, value) -> None:
        """Show `value` (a choice not offered yet is added) and forget any refused input."""
        with self.quiet():
            if self.kind == "bool":
                self.control.value = bool(value)
            elif self.kind == "choice":
                if value not in self.choices:
                    self.set_choices([*self.choices, value])
                self.control.value = self.choices.index(value)
            elif self.kind == "multi":
                for choice, box in zip(self.choices, self.control.children):
                    box.value = choice in (value or [])
            else:
                self.control.value = format_value(self.kind, value)
        self.refused = None
        self.show_error(None)

    def set_choices(self, choices) -> None:
        """Offer other choices (a choice field), keeping the value when it is still offered."""
        current = self.value()
        self.choices = list(choices)
        with self.quiet():
            self._set_options()
            if current in self.choices:
                self.control.value = self.choices.index(current)

    def _set_options(self) -> None:
        self.control.options = [(self._text.choice_label(i, c), i) for i, c in enumerate(self.choices)]
        self._tooltip()

    # ------------------------------------------------------------ words
    def relabel(self, language: str) -> None:
        """Show the label, help and choice labels in `language`."""
        self._text = self.texts(language)
        title = f' title="{escape(self._text.help)}"' if self._text.help else ""
        self.label.value = f"<span{title}>{escape(self._text.label)}</span>"
        if self.kind != "multi":  # a box of checkboxes: each has its own help (Voila cannot draw a box's tooltip)
            self.control.tooltip = self._text.help or None
        if self.kind == "choice":
            with self.quiet():
                index = self.control.value
                self._set_options()
                self.control.value = index
        elif self.kind == "multi":
            for i, (choice, box) in enumerate(zip(self.choices, self.control.children)):
                box.description = self._text.choice_label(i, choice)
                box.tooltip = self._text.help_of(i, choice) or None

    def _tooltip(self) -> None:
        index = self.control.value
        help_text = self._text.help if index is None else self._text.help_of(index, self.choices[index])
        self.control.tooltip = help_text or None

    def show_error(self, message: str | None) -> None:
        """Show `message` beside the control, after the field's label (None clears it)."""
        style = "color: var(--jp-error-color1, #d32f2f)"
        text = f"{self._text.label}: {message}" if self._text.label else message
        self.error.value = f'<span style="{style}">{escape(text)}</span>' if message else ""
