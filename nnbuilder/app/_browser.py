"""Two small browser-side helpers of the app: the Open… file picker, which refuses a file too
large to be a project in the browser before sending it, and the ids of a visitor and a tab."""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

from nnbuilder.locale.app_text import LANGUAGES, Said, text
from nnbuilder.ui._static import bundle_text

MAX_OPEN_BYTES = 5 * 2**20  # project files are kilobytes; anything this large is some other file


def readable_size(size: int, language: str | None = None) -> str:
    """Bytes as people read them (the browser side writes them the same way): in `language`, or,
    without one, in English that is said in the language of the sentence it fills (see `text`)."""
    if language is not None:
        return _say_size(size, language)
    return Size(size)


class Size(Said):
    """A number of bytes: `3.2 KB` in English, said in the language of the sentence it fills."""

    def __new__(cls, size: int):
        said = super().__new__(cls, _say_size(size, "en"))
        said.size = size
        return said

    def say(self, language: str) -> str:
        return _say_size(self.size, language)


def _say_size(size: int, language: str) -> str:
    if size < 1024:
        return text(language, "size_bytes", n=size)
    if size < 1024 * 1024:
        return text(language, "size_kb", n=f"{size / 1024:.1f}")
    return text(language, "size_mb", n=f"{size / (1024 * 1024):.1f}")


class ReadFailure(Said):
    """Why the browser could not read a file (its error's name and message), said in the sentence's language."""

    def __new__(cls, error: str = "", message: str = ""):
        said = super().__new__(cls, _say_failure(error, message, "en"))
        said.error, said.message = error, message
        return said

    def say(self, language: str) -> str:
        return _say_failure(self.error, self.message, language)


def _say_failure(error: str, message: str, language: str) -> str:
    if error and f"read_{error}" in _KNOWN_FAILURES:
        return text(language, f"read_{error}")
    return text(language, "read_other", message=message) if message else text(language, "read_unknown")


_KNOWN_FAILURES = ("read_NotFoundError", "read_NotReadableError", "read_SecurityError", "read_AbortError")


def size_units(language: str) -> list[str]:
    """The browser's size templates ({n} bytes, {n} KB, {n} MB) in `language`."""
    return [text(language, key, n="{n}") for key in ("size_bytes", "size_kb", "size_mb")]


class FilePicker(anywidget.AnyWidget):
    """A button that opens one file from the user's computer and hands its bytes to Python.

    `on_file(callback(name, data))` hears files within `max_bytes`; `on_refused(callback(name, size))`
    hears files the browser refused as too large (they are never sent)."""

    _widget = traitlets.Unicode("file_picker", read_only=True, help="Which app widget the browser draws.").tag(
        sync=True
    )
    label = traitlets.Unicode("", help="The button's label.").tag(sync=True)
    hint = traitlets.Unicode("", help="The button's tooltip.").tag(sync=True)
    accept = traitlets.Unicode(".json", help="File types offered by the browser's file chooser.").tag(sync=True)
    max_bytes = traitlets.Int(MAX_OPEN_BYTES, help="Larger files are refused in the browser, unsent.").tag(sync=True)
    too_large = traitlets.Unicode(
        "{name} is {size}, too large to open here (at most {limit}).",
        help="The refusal, with {name}, {size} and {limit} filled in by the browser.",
    ).tag(sync=True)
    units = traitlets.List(
        traitlets.Unicode(), size_units("en"), help="How the browser writes sizes: {n} bytes, {n} KB, {n} MB."
    ).tag(sync=True)
    language = traitlets.Enum(LANGUAGES, "en", help="The language of the sizes the browser writes.")

    def __init__(self, *, layout=None, **kwargs):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        self._on_file = []
        self._on_refused = []
        self._on_unreadable = []
        super().__init__(layout=layout if layout is not None else ipywidgets.Layout(width="auto"), **kwargs)
        self.on_msg(self._message)

    @traitlets.observe("language")
    def _language_changed(self, change) -> None:
        self.units = size_units(change["new"])

    def on_file(self, callback) -> None:
        self._on_file.append(callback)

    def on_refused(self, callback) -> None:
        self._on_refused.append(callback)

    def on_unreadable(self, callback) -> None:
        self._on_unreadable.append(callback)

    def _message(self, _widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        name = str(content.get("name") or "file")
        kind = content.get("type")
        if kind == "file":
            data = b"".join(bytes(b) for b in buffers or [])
            if len(data) > self.max_bytes:  # a page older than the limit: refused all the same
                self._call(self._on_refused, name, len(data))
            else:
                self._call(self._on_file, name, data)
        elif kind == "too_large":
            size = content.get("size")
            self._call(self._on_refused, name, size if isinstance(size, int) else self.max_bytes + 1)
        elif kind == "unreadable":
            failure = ReadFailure(str(content.get("error") or ""), str(content.get("reason") or ""))
            self._call(self._on_unreadable, name, failure)

    @staticmethod
    def _call(callbacks, *args) -> None:
        for callback in list(callbacks):
            callback(*args)


class VisitorIds(anywidget.AnyWidget):
    """Invisible; its browser side fills `tab` (one per browser tab, kept across reloads) and
    `visitor` (one per browser profile), so a served app keeps each tab's work apart."""

    _widget = traitlets.Unicode("visitor_ids", read_only=True, help="Which app widget the browser draws.").tag(
        sync=True
    )
    tab = traitlets.Unicode("", help="This browser tab's id (sessionStorage).").tag(sync=True)
    visitor = traitlets.Unicode("", help="This visitor's id (localStorage).").tag(sync=True)

    def __init__(self, *, layout=None):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        super().__init__(layout=layout if layout is not None else ipywidgets.Layout(display="none"))

    def when_known(self, callback) -> None:
        """Call `callback(visitor, tab)` once, as soon as the browser has said both."""
        done = []

        def check(_change=None):
            if not done and self.tab and self.visitor:
                done.append(True)
                callback(self.visitor, self.tab)

        self.observe(check, names=["tab", "visitor"])
        check()
