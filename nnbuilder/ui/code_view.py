"""Python source shown with syntax colours and line numbers, with Copy and Download buttons.

Python colours the code (Pygments, through `_code_html`) and sends it as escaped
HTML spans in `code_html`, in the same message as the new `code`; the browser puts
those spans in the page and numbers the lines. Copy and Download take `code` itself;
Download saves it as `filename`.
"""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

from nnbuilder.ui._code_html import python_html
from nnbuilder.ui._static import bundle_text
from nnbuilder.ui.downloader import plain_file_name


class _Source(traitlets.Unicode):
    """Text that must already be a str (a Unicode trait would decode bytes silently)."""

    def validate(self, obj, value):
        if not isinstance(value, str):
            raise TypeError(f"{self.name}: expected the Python source as a str, got {type(value).__name__}")
        return value


class CodeView(anywidget.AnyWidget):
    """Show Python code: `CodeView(code, filename="model.py", language="en")`.

    Assign `view.code` to show another script (the reader's scroll position is
    kept); `filename` is what Download saves it as; `language` is "en" or "zh".
    """

    _widget = traitlets.Unicode("code_view", read_only=True, help="Which app widget the browser draws.").tag(sync=True)
    code = _Source("", help="The Python source shown.").tag(sync=True)
    code_html = traitlets.Unicode(
        "", read_only=True, help="`code` as escaped HTML with a span per coloured token; follows `code`."
    ).tag(sync=True)
    filename = traitlets.Unicode("model.py", help="The file name Download saves the code as.").tag(sync=True)
    language = traitlets.Enum(["en", "zh"], "en", help="Language of the buttons and labels.").tag(sync=True)

    def __init__(self, code: str = "", filename: str = "model.py", language: str = "en", *, layout=None):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        layout = layout if layout is not None else ipywidgets.Layout(width="100%")
        super().__init__(code=code, filename=filename, language=language, layout=layout)

    @traitlets.observe("code")
    def _colour_code(self, change):
        self.set_trait("code_html", python_html(change["new"]))

    def notify_change(self, change):
        if change["name"] != "code":
            return super().notify_change(change)
        with self.hold_sync():  # the new code and its colours reach the browser in one message
            return super().notify_change(change)

    @traitlets.validate("filename")
    def _validate_filename(self, proposal):
        return plain_file_name(proposal["value"])
