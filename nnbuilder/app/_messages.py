"""The app's message line: a readable sentence, with the traceback behind a Details button."""

from __future__ import annotations

import sys
import traceback
from html import escape

import ipywidgets

from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.locale.app_text import text
from nnbuilder.locale.error_words import said_error


class MessageArea:
    """Shows one message at a time: info, warning or error (errors keep their details).

    A message about an edit (a template loaded, a file opened) names the document from before it
    (`undone_at`): when Undo brings that document back (`follow`), the message goes with the edit.

    Above it, held lines: states that last (an autosave that keeps failing, work saved beside a
    file someone else changed). Later messages never replace them; only `release` (or, when held
    as dismissable, the user) takes one away.
    """

    def __init__(self, language: str = "en"):
        self.language = language
        self.kind: str | None = None
        self.message = ""
        self.details = ""
        self._undone_at: dict | None = None  # the document that takes the message's edit back
        self.held: dict[str, str] = {}  # key: the held line's text, in the current language
        self._holds: dict[str, tuple[str, str, bool, dict]] = {}  # key: (kind, text key, dismissable, values)
        self._held_box = ipywidgets.VBox()
        self._held_box.add_class("nnb-app-held")
        self._line = ipywidgets.HTML()
        self._toggle = ipywidgets.Button(layout=ipywidgets.Layout(width="auto"))
        self._dismiss = ipywidgets.Button(layout=ipywidgets.Layout(width="auto"))
        self._pre = ipywidgets.HTML(layout=ipywidgets.Layout(display="none"))
        self._toggle.on_click(lambda _b: self._flip())
        self._dismiss.on_click(lambda _b: self.clear())
        row = ipywidgets.HBox([self._line, self._toggle, self._dismiss], layout=ipywidgets.Layout(align_items="center"))
        self._box = ipywidgets.VBox([row, self._pre], layout=ipywidgets.Layout(display="none"))
        self.widget = ipywidgets.VBox([self._held_box, self._box])
        self._box.add_class("nnb-app-message")
        self._relabel()

    def info(self, message: str, undone_at: dict | None = None) -> None:
        """Show `message`; with `undone_at` (the project document before the edit it tells of) it goes
        once the project is that document again."""
        self._show("info", message, "")
        self._undone_at = undone_at

    def follow(self, document: dict) -> None:
        """The project is now `document`: a message whose edit that takes back goes away."""
        if self._undone_at is not None and document == self._undone_at:
            self.clear()

    def warn(self, message: str) -> None:
        self._show("warn", message, "")

    def error(self, exc: BaseException | str, what: str | None = None) -> None:
        """A readable line (`what failed: first line`); the traceback only under Details."""
        if isinstance(exc, BaseException):
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            if not isinstance(exc, NNBuilderError):  # unexpected: keep it in the log as well
                print(details, file=sys.stderr, end="")
            line = first_line(exc) or type(exc).__name__
        else:
            details, line = "", str(exc)
        said_in = getattr(exc, "said_in", None) or {}
        line = said_in.get(self.language) or said_error(line, self.language)
        message = text(self.language, "error_in", what=what, message=line) if what else line
        self._show("error", message, details)

    def clear(self) -> None:
        self.kind, self.message, self.details, self._undone_at = None, "", "", None
        self._box.layout.display = "none"

    def hold(self, key: str, text_key: str, kind: str = "warn", dismissable: bool = False, **values) -> None:
        """Show the line `text_key` (filled with `values`) until `release(key)`; one line per key."""
        self._holds[key] = (kind, text_key, dismissable, values)
        self._draw_held()

    def release(self, key: str) -> None:
        if self._holds.pop(key, None) is not None:
            self._draw_held()

    def set_language(self, language: str) -> None:
        self.language = language
        self._relabel()
        self._draw_held()

    # ------------------------------------------------------------ internals
    def _show(self, kind: str, message: str, details: str) -> None:
        self.kind, self.message, self.details, self._undone_at = kind, message, details, None
        self._line.value = _line_html(kind, message)
        self._pre.value = f'<pre class="nnb-msg-details">{escape(details)}</pre>'
        self._pre.layout.display = "none"
        self._toggle.layout.display = "" if details else "none"
        self._relabel()
        self._box.layout.display = ""

    def _draw_held(self) -> None:
        rows, self.held = [], {}
        for key, (kind, text_key, dismissable, values) in self._holds.items():
            message = text(self.language, text_key, **values)
            self.held[key] = message
            line = ipywidgets.HTML(_line_html(kind, message))
            row = ipywidgets.HBox([line], layout=ipywidgets.Layout(align_items="center"))
            row.add_class(f"nnb-held-{key}")
            if dismissable:
                button = ipywidgets.Button(description=text(self.language, "dismiss"))
                button.layout.width = "auto"
                button.on_click(lambda _b, key=key: self.release(key))
                row.children = (line, button)
            rows.append(row)
        self._held_box.children = rows

    def _flip(self) -> None:
        self._pre.layout.display = "" if self._pre.layout.display == "none" else "none"
        self._relabel()

    def _relabel(self) -> None:
        shown = self._pre.layout.display != "none"
        self._toggle.description = text(self.language, "hide_details" if shown else "details")
        self._dismiss.description = text(self.language, "dismiss")


def _line_html(kind: str, message: str) -> str:
    icon = {"info": "ℹ", "warn": "⚠", "error": "✖"}[kind]
    return f'<span class="nnb-msg nnb-msg-{kind}" data-kind="{kind}">{icon} {escape(message)}</span>'


MESSAGE_CSS = """
<style>
.nnb-msg { padding: 2px 6px; border-radius: 3px; }
.nnb-msg-info { color: var(--jp-ui-font-color1, #222); }
.nnb-msg-warn { color: var(--jp-warn-color0, #8a5a00); background: var(--jp-warn-color3, #fff3d6); }
.nnb-msg-error { color: var(--jp-error-color0, #b71c1c); background: var(--jp-error-color3, #fde7e7); }
.nnb-msg-details { max-height: 240px; overflow: auto; font-size: 11px; }
</style>
"""


def reported(action, on_error, what: str):
    """`action()`, or None after handing an exception to `on_error(exc, what)` (the app's message line)."""
    try:
        return action()
    except Exception as exc:
        on_error(exc, what)
        return None
