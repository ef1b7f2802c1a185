"""Two small browser-side helpers of the app: the Open… file picker, which refuses a file too
large to be a project in the browser before sending it, and the ids of a visitor and a tab."""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

from nnbuilder.ui._static import bundle_text

MAX_OPEN_BYTES = 5 * 2**20  # project files are kilobytes; anything this large is some other file


def readable_size(size: int) -> str:
    """Bytes as people read them (the browser side writes them the same way)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


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

    def __init__(self, *, layout=None, **kwargs):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        self._on_file = []
        self._on_refused = []
        self._on_unreadable = []
        super().__init__(layout=layout if layout is not None else ipywidgets.Layout(width="auto"), **kwargs)
        self.on_msg(self._message)

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
            self._call(self._on_unreadable, name, str(content.get("reason") or "unknown error"))

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
