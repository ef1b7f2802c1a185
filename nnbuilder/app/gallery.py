"""The template gallery: a card per template with its picture, title and two-line summary."""

from __future__ import annotations

import base64
from html import escape

import ipywidgets

from nnbuilder.locale.app_text import text


def _picture(svg: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="nnb-templates-pic" alt="" src="data:image/svg+xml;base64,{data}">'


class Gallery:
    """Cards built once from `template_gallery()`; `on_open(name)` runs when a card's Open is pressed."""

    def __init__(self, entries: list[dict], on_open, language: str = "en"):
        self.entries = entries
        self._on_open = on_open
        self.language = language
        self._title = ipywidgets.HTML()
        self._close = ipywidgets.Button(layout=ipywidgets.Layout(width="auto"))
        self._close.on_click(lambda _b: self.hide())
        self._cards: list[tuple[dict, ipywidgets.HTML, ipywidgets.Button]] = []
        cards = []
        for entry in entries:
            body = ipywidgets.HTML()
            button = ipywidgets.Button(button_style="primary", layout=ipywidgets.Layout(width="auto"))
            button.on_click(lambda _b, name=entry["name"]: self._on_open(name))
            button.add_class(f"nnb-open-{entry['name']}")
            card = ipywidgets.VBox([body, button], layout=ipywidgets.Layout(width="200px", margin="4px"))
            card.add_class("nnb-templates-card")
            cards.append(card)
            self._cards.append((entry, body, button))
        grid = ipywidgets.HBox(cards, layout=ipywidgets.Layout(flex_flow="row wrap"))
        header = ipywidgets.HBox([self._title, self._close], layout=ipywidgets.Layout(align_items="center"))
        self.widget = ipywidgets.VBox([header, grid], layout=ipywidgets.Layout(display="none"))
        self.widget.add_class("nnb-templates")
        self.set_language(language)

    @property
    def visible(self) -> bool:
        return self.widget.layout.display != "none"

    def show(self) -> None:
        self.widget.layout.display = ""

    def hide(self) -> None:
        self.widget.layout.display = "none"

    def toggle(self) -> None:
        self.hide() if self.visible else self.show()

    def set_language(self, language: str) -> None:
        self.language = language
        self._title.value = f"<b>{escape(text(language, 'gallery_title'))}</b>"
        self._close.description = text(language, "close")
        for entry, body, button in self._cards:
            title = _pick(entry["title"], language)
            summary = _pick(entry["summary"], language)
            body.value = (
                f'<div class="nnb-templates-body" data-template="{escape(entry["name"])}">'
                f"{_picture(entry['picture'])}"
                f'<div class="nnb-templates-title">{escape(title)}</div>'
                f'<div class="nnb-templates-summary">{escape(summary)}</div></div>'
            )
            button.description = text(language, "open_template")
            button.tooltip = title


def _pick(value: dict, language: str) -> str:
    """The text in `language` of a {"en": ..., "zh": ...} entry of template_info()."""
    return value.get(language) or value["en"]


GALLERY_CSS = """
<style>
.nnb-templates { border: 1px solid var(--jp-border-color2, #ddd); padding: 6px; margin: 4px 0;
  background: var(--jp-layout-color1, #fff); }
.nnb-templates-card { border: 1px solid var(--jp-border-color2, #ddd); border-radius: 4px; padding: 6px; }
.nnb-templates-pic { width: 160px; height: 120px; display: block; margin: 0 auto 4px; }
.nnb-templates-title { font-weight: 600; color: var(--jp-ui-font-color1, #222); }
.nnb-templates-summary { font-size: 12px; color: var(--jp-ui-font-color2, #555); min-height: 3.2em;
  white-space: normal; line-height: 1.3; }
</style>
"""
