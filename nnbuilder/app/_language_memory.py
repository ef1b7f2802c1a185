"""The browser's memory of the app's language: the visitor's last choice, kept per site."""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

from nnbuilder.locale.app_text import LANGUAGES
from nnbuilder.ui._static import bundle_text


class LanguageMemory(anywidget.AnyWidget):
    """Invisible. Its browser side keeps `language` in localStorage whenever it changes, and on drawing
    sets `language` to the remembered one, unless `explicit` (a language given in code wins)."""

    _widget = traitlets.Unicode("language_memory", read_only=True, help="Which app widget the browser draws.").tag(
        sync=True
    )
    language = traitlets.Enum(LANGUAGES, "en", help="The app's language; the browser remembers each change.").tag(
        sync=True
    )
    explicit = traitlets.Bool(False, help="The language was given in code: the remembered one is not applied.").tag(
        sync=True
    )

    def __init__(self, language: str = "en", explicit: bool = False):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        super().__init__(language=language, explicit=explicit, layout=ipywidgets.Layout(display="none"))
