"""Form pieces shared by the app's settings tabs: labelled fields with help and an inline error, and the
draft-check-apply cycle that turns edits of one project section into a new project.

A field turns what the user typed into the value a project document holds (numbers from text, empty text
as null, "150, 150" as [150, 150]); judging that value is left to the document's own checks, so the
messages the user reads are the ones a project file would get.
"""

from __future__ import annotations

import contextlib
import copy
import math
import re
from dataclasses import dataclass
from html import escape

import ipywidgets

from nnbuilder.document.project import Project
from nnbuilder.errors import ProjectError
from nnbuilder.locale.app_text import LANGUAGES

KINDS = ("bool", "int", "float", "text", "size", "choice", "multi")
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


def path_belongs(path: str, owner: str) -> bool:
    """Whether document path `path` is `owner` or lies inside it ("a.b[0].c" is inside "a.b")."""
    return path == owner or path.startswith(owner + ".") or path.startswith(owner + "[")


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


class SectionForm:
    """A form over one section of a project ("data" or "training"). Edits go into a draft; a value the
    document's checks refuse is shown beside its field and left out; once the whole draft checks clean
    a new project is made with `Project.with_section` (keeping its trust and folder) and handed to `on_change`."""

    section = ""
    LABELS: dict = {}

    def __init__(self, project, *, language="en", on_change=None, on_error=None):
        for name, callback in (("on_change", on_change), ("on_error", on_error)):
            if callback is not None and not callable(callback):
                raise TypeError(f"{name}: expected a function or None, got {type(callback).__name__}")
        self._project = self._checked_project(project)
        self._language = self._checked_language(language)
        self._on_change, self._on_error = on_change, on_error
        self._draft = copy.deepcopy(getattr(self._project, self.section))
        self.fields: list = []
        self.status = ipywidgets.HTML()
        self._retrying = False

    @staticmethod
    def _checked_project(project) -> Project:
        if not isinstance(project, Project):
            raise TypeError(f"project: expected an nnbuilder Project, got {type(project).__name__}")
        return project

    @staticmethod
    def _checked_language(language) -> str:
        if language not in LANGUAGES:
            raise ValueError(f"language: expected one of {', '.join(map(repr, LANGUAGES))}, got {language!r}")
        return language

    @property
    def project(self) -> Project:
        """The project as this form last saw or made it."""
        return self._project

    @property
    def language(self) -> str:
        return self._language

    def text(self, key: str, **values) -> str:
        """The label `key` in the current language (English where a translation is missing)."""
        table = self.LABELS.get(self._language, {})
        text = table.get(key, self.LABELS["en"].get(key, key))
        return text.format(**values) if values else text

    def set_project(self, project) -> None:
        """Show `project` (changed elsewhere) without calling `on_change`. When its section changed, the
        form is redrawn from it and edits not yet applied are dropped."""
        project = self._checked_project(project)
        changed = getattr(project, self.section) != getattr(self._project, self.section)
        self._project = project
        if changed:
            self._draft = copy.deepcopy(getattr(project, self.section))
            self.rebuild()

    def set_language(self, language: str) -> None:
        """Relabel everything in `language` ("en" or "zh")."""
        self._language = self._checked_language(language)
        self.relabel()
        self.show_problems(self.problems(self._draft))

    def rebuild(self) -> None:
        """Redraw the whole form from the draft."""
        raise NotImplementedError

    def relabel(self) -> None:
        """Put every word of the form in the current language."""
        for field in self.fields:
            field.relabel(self._language)

    # ------------------------------------------------------------ edits
    def problems(self, draft) -> list:
        """(path, message) for everything wrong with a draft of the section."""
        raise NotImplementedError

    def field_path(self, field, draft) -> str | None:
        return field.path(draft) if callable(field.path) else field.path

    def _owner(self, path: str, draft):
        """The field with the longest path that `path` lies in, or None."""
        best, best_len = None, -1
        for field in self.fields:
            where = self.field_path(field, draft)
            if where is not None and path_belongs(path, where) and len(where) > best_len:
                best, best_len = field, len(where)
        return best

    def editor(self, what: str, change):
        """An `on_edit` handler: `change(draft, value)` on a copy of the draft, then `propose` it; after an
        accepted edit, `after_edit(before)` runs and values refused earlier are tried again."""

        def edited(field):
            draft = copy.deepcopy(self._draft)
            change(draft, field.value())
            if draft == self._draft:
                field.refused = None
                self.show_problems(self.problems(draft))
                return
            before = self._draft
            if self.propose(field, draft):
                self.after_edit(before)
                self._retry_refused(field)

        return self.guarded(f"setting {what}", edited)

    def after_edit(self, before) -> None:
        """Runs after the draft took an edit (`before` is the draft it replaced)."""

    def _retry_refused(self, edited) -> None:
        """A value refused earlier may be fine now that another one changed: offer each again, once."""
        if self._retrying:
            return
        self._retrying = True
        try:
            for field in [f for f in self.fields if f is not edited and f.refused is not None]:
                if field in self.fields and field.refused is not None and field.on_edit is not None:
                    field.on_edit(field)
        finally:
            self._retrying = False

    def propose(self, field, draft) -> bool:
        """Take `draft` unless it is wrong at `field` (then say why beside it); apply it when it is clean."""
        found = self.problems(draft)
        where = self.field_path(field, draft)
        for path, message in found:
            mine = self._owner(path, draft) is field or (where is not None and path_belongs(where, path))
            if mine:
                field.refused = message
                field.show_error(message)
                return False
        field.refused = None
        self._draft = draft
        self.show_problems(found)
        if not found:
            self._apply()
        return True

    def show_problems(self, found: list) -> None:
        """Each problem beside its field; those no field shows go to the status line."""
        shown, loose = {}, []
        for path, message in found:
            owner = self._owner(path, self._draft)
            if owner is None:
                loose.append(f"{path}: {message}")
            else:
                shown.setdefault(id(owner), message)
        for field in self.fields:
            field.show_error(field.refused or shown.get(id(field)))
        lines = ([self.text("not_applied")] if found else []) + loose
        style = "color: var(--jp-error-color1, #d32f2f)"
        self.status.value = "".join(f'<div style="{style}">{escape(line)}</div>' for line in lines)

    def _apply(self) -> None:
        try:
            project = self._project.with_section(self.section, self._draft)
        except ProjectError as exc:
            self.show_problems([(exc.path or self.section, exc.detail)])
            return
        self._project = project
        self.section_applied()
        if self._on_change is not None:
            self._on_change(project)

    def section_applied(self) -> None:
        """Runs after a new project was made from the draft, before `on_change`."""

    def guarded(self, what: str, function):
        """`function` wrapped so that an unexpected exception goes to `on_error(exc, what)`."""

        def run(*args):
            try:
                return function(*args)
            except Exception as exc:
                self.report(exc, what)
            return None

        return run

    def report(self, exc: BaseException, what: str) -> None:
        if self._on_error is None:
            raise exc
        self._on_error(exc, what)
