"""The draft-check-apply cycle of the app's settings tabs: edits of one project section go into a draft,
a value the document's checks refuse is shown beside its field, and a clean draft becomes a new project."""

from __future__ import annotations

import copy
from html import escape

import ipywidgets

from nnbuilder.document.project import Project
from nnbuilder.errors import ProjectError
from nnbuilder.locale.app_text import LANGUAGES


def path_belongs(path: str, owner: str) -> bool:
    """Whether document path `path` is `owner` or lies inside it ("a.b[0].c" is inside "a.b")."""
    return path == owner or path.startswith(owner + ".") or path.startswith(owner + "[")


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
        self._retry_refused(None)  # a value refused beside its field is judged again, to say why in these words

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
