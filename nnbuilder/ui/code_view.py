"""Python source shown with syntax colours and line numbers, with Copy and Download buttons.

The browser side highlights the code itself (no highlighting library), so a new
`code` shows at once; Download saves it as `filename`.
"""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

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
    filename = traitlets.Unicode("model.py", help="The file name Download saves the code as.").tag(sync=True)
    language = traitlets.Enum(["en", "zh"], "en", help="Language of the buttons and labels.").tag(sync=True)

    def __init__(self, code: str = "", filename: str = "model.py", language: str = "en", *, layout=None):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        layout = layout if layout is not None else ipywidgets.Layout(width="100%")
        super().__init__(code=code, filename=filename, language=language, layout=layout)

    @traitlets.validate("filename")
    def _validate_filename(self, proposal):
        return plain_file_name(proposal["value"])
