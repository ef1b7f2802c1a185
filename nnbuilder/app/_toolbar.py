"""The Builder's toolbar: project name, new, templates, open, save, download, undo/redo, export, language."""

from __future__ import annotations

import ipywidgets

from nnbuilder.app._browser import FilePicker, readable_size
from nnbuilder.app._export import APP_FORMATS
from nnbuilder.locale.app_text import text

_BUTTONS = {  # key: (label key, tooltip key or None, icon)
    "new": ("new", "new_tip", "file"),
    "templates": ("templates", "templates_tip", "th-large"),
    "save": ("save", "save_tip", "save"),
    "download": ("download", "download_tip", "download"),
    "undo": ("undo", None, "undo"),
    "redo": ("redo", None, "repeat"),
    "export": ("export", "export_tip", "share-square"),
}


class Toolbar:
    """Buttons in one row; `on(name, callback)` wires a button, `upload` is the Open… file picker."""

    def __init__(self, language: str = "en"):
        self.buttons = {}
        self._shown_name = ""
        for key, (_label, _tip, icon) in _BUTTONS.items():
            button = ipywidgets.Button(icon=icon, layout=ipywidgets.Layout(width="auto"))
            button.add_class(f"nnb-tool-{key}")
            self.buttons[key] = button
        self.name = ipywidgets.Text(continuous_update=False, layout=ipywidgets.Layout(width="200px"))
        self.name.add_class("nnb-tool-name")  # the project's name: files it is saved or exported to take it
        self.upload = FilePicker(accept=".json")
        self.upload.add_class("nnb-tool-open")
        self.export_format = ipywidgets.Dropdown(layout=ipywidgets.Layout(width="190px"))
        self.export_format.add_class("nnb-tool-format")
        self.language = ipywidgets.ToggleButtons(
            options=[("English", "en"), ("中文", "zh")], value=language, style={"button_width": "84px"}
        )
        self.language.add_class("nnb-tool-language")
        b = self.buttons
        self.widget = ipywidgets.HBox(
            [
                self.name, b["new"], b["templates"], self.upload, b["save"], b["download"], _gap(),
                b["undo"], b["redo"], _gap(), self.export_format, b["export"], _gap(), self.language,
            ],
            layout=ipywidgets.Layout(flex_flow="row wrap", align_items="center"),
        )  # fmt: skip
        self.widget.add_class("nnb-app-toolbar")
        self.set_language(language)

    def on(self, name: str, callback) -> None:
        self.buttons[name].on_click(lambda _button: callback())

    def on_rename(self, callback) -> None:
        """`callback(name)` when the user commits a new project name (Enter, or leaving the field)."""
        self.name.observe(lambda change: callback(change["new"]) if change["new"] != self._shown_name else None,
                          names="value")  # fmt: skip

    def show_name(self, name: str) -> None:
        """Show the project's name (after a load, an undo, a refused rename)."""
        self._shown_name = name
        if self.name.value != name:
            self.name.value = name

    def set_language(self, language: str) -> None:
        for key, (label, tip, _icon) in _BUTTONS.items():
            self.buttons[key].description = text(language, label)
            self.buttons[key].tooltip = text(language, tip) if tip else text(language, label)
        self.upload.label = text(language, "open")
        self.upload.language = language
        self.upload.hint = text(language, "open_tip")
        limit = readable_size(self.upload.max_bytes)
        self.upload.too_large = text(language, "too_large", name="{name}", size="{size}", limit=limit)
        chosen = self.export_format.value or "py"
        self.export_format.options = [(text(language, f"format_{fmt}"), fmt) for fmt in APP_FORMATS]
        self.export_format.value = chosen
        self.language.tooltip = text(language, "language_tip")
        self.name.tooltip = text(language, "name_tip")
        self.name.placeholder = text(language, "name_placeholder")


def _gap() -> ipywidgets.HTML:
    return ipywidgets.HTML(layout=ipywidgets.Layout(width="12px"))
