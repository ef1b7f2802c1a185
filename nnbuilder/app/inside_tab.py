"""The Builder's Inside tab: views inside the network (what a node outputs, its weights and gradients, one
training step in numbers, the course's curves), one at a time, each with its teaching paragraph.

A view is an object with `key` (its word in `nnbuilder.locale.view_text`), `widget`, `refresh(context, reason)`
and `set_language(language)`. The tab refreshes the view shown, and only that one: when it is picked or the tab
is opened ("shown"), when the canvas selection changes ("selection"), after an edit ("project"), when a
changed setting gives a fresh trainer ("trainer"), and as training goes on ("epoch": at most once a second,
on the training thread between two epochs; "end" once the run is over). A view whose `follows` is true (it
draws on the canvas and in the inspector too) is refreshed for every reason even when it is not the one shown,
or the tab is closed, so what it draws there follows the network, its training and the selection. A view that
fails says so in the app's message line; the others go on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets

from nnbuilder.app._messages import reported
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.app_text import text
from nnbuilder.locale.view_text import view_text

EPOCH_REFRESH_S = 1.0  # the least time between two refreshes while training
INSIGHT_PARTS = ("activations", "weights")  # what views show of the selected node in the inspector, in this order


class InsideContext:
    """What a view may read of the app: the project, the active model, the selected node, the trainer."""

    def __init__(self, builder) -> None:
        self._builder = builder
        self._insights: dict[str, tuple[str, str]] = {}  # by part: the node and what the inspector shows of it
        self._insights_lock = threading.Lock()

    @property
    def project(self):
        return self._builder.editor.project

    @property
    def model_name(self) -> str:
        return self._builder.editor.active_model

    @property
    def selected(self) -> str | None:
        """The node selected on the canvas (the first, when several are), or None."""
        selection = list(self._builder.editor.selection)
        return selection[0] if selection else None

    @property
    def trainer(self):
        return self._builder.trainer_link.trainer

    @property
    def language(self) -> str:
        return self._builder.language

    def download(self, data: bytes, name: str, mime: str) -> None:
        self._builder.downloader.download(data, name, mime)

    def show_thumbnails(self, thumbnails: dict[str, str]) -> None:
        """Draw these pictures (PNG data URLs by node id) on the nodes of the model on the canvas; {} for none."""
        self._builder.editor.thumbnails = dict(thumbnails)

    def show_insight(self, node: str | None, html: str = "", part: str = "activations") -> None:
        """Show `html` (made of escaped text and pictures) in the inspector while `node` is the one it shows, as
        the view's `part` (the parts of one node are shown in the order of INSIGHT_PARTS); None takes it away."""
        with self._insights_lock:  # the training thread's refresh and a click on the kernel's thread
            if node is None:
                self._insights.pop(part, None)
            else:
                self._insights[part] = (node, html)
            selected = self.selected
            kept = [self._insights[p] for p in INSIGHT_PARTS if p in self._insights]
            shown = "".join(part_html for owner, part_html in kept if owner == selected)
            self._builder.editor.insight = {"node": selected, "html": shown} if selected is not None and shown else {}


class InsideTab:
    """`widget` goes into the Builder's tabs; `views` are the view objects (see the module's docstring)."""

    def __init__(self, builder, views: Sequence[Any], language: str = "en") -> None:
        self.builder = builder
        self.context = InsideContext(builder)
        self.views = list(views)
        self.language = language
        self._lock = threading.RLock()
        self._last_epoch_refresh = 0.0
        self._unsubscribe: Callable[[], None] | None = None
        self._tabs = None
        self.picker = ipywidgets.ToggleButtons(options=self._options(), value=0 if self.views else None)
        self.picker.add_class("nnb-inside-picker")
        self.explanation = ipywidgets.HTML()
        self.explanation.add_class("nnb-inside-explanation")
        self.stack = ipywidgets.Stack([view.widget for view in self.views], selected_index=0 if self.views else None)
        self.stack.add_class("nnb-inside-views")
        self.widget = ipywidgets.VBox([self.picker, self.explanation, self.stack])
        self.widget.add_class("nnb-inside-tab")
        self.picker.observe(self._picked, names="value")
        builder.editor.observe(lambda _change: self.refresh("selection"), names="selection")
        builder.editor.observe(lambda _change: self._follow("project"), names="active_model")
        self._explain()

    # ------------------------------------------------------------ what the Builder calls
    def watch(self, tabs) -> None:
        """Refresh the view shown each time the Inside tab is opened in `tabs`."""
        self._tabs = tabs
        tabs.observe(lambda change: self.shown and self.refresh("shown"), names="selected_index")

    def project_changed(self) -> None:
        self.refresh("project")

    def trainer_replaced(self) -> None:
        """Listen to the trainer the app now has (a changed setting gave a fresh one)."""
        with self._lock:
            if self._unsubscribe is not None:
                self._unsubscribe()
                self._unsubscribe = None
            trainer = self.context.trainer
            if trainer is not None:
                self._unsubscribe = trainer.subscribe(self._event)
        self.refresh("trainer")

    def set_language(self, language: str) -> None:
        self.language = language
        with self._lock:
            value = self.picker.value
            self.picker.options = self._options()
            self.picker.value = value
        for view in self.views:
            reported(lambda view=view: view.set_language(language), self._report, text(language, "what_inside"))
        self._explain()

    # ------------------------------------------------------------ refreshing
    @property
    def shown(self) -> bool:
        """Whether the Inside tab is the one open (always, outside a Builder's tabs)."""
        tabs = self._tabs
        if tabs is None or tabs.selected_index is None:
            return tabs is None
        return tabs.children[tabs.selected_index] is self.widget

    @property
    def view(self):
        index = self.picker.value
        return self.views[index] if index is not None and 0 <= index < len(self.views) else None

    def refresh(self, reason: str) -> None:
        """Refresh the view shown, if the tab is open, and the views that follow; a failure goes to the app's
        message line."""
        view = self.view if self.shown else None
        self._refresh([view] if view is not None else [], reason)

    def _follow(self, reason: str) -> None:
        """Refresh only the views that follow (the model shown on the canvas changed)."""
        self._refresh([], reason)

    def _refresh(self, shown: list, reason: str) -> None:
        followers = [v for v in self.views if v not in shown and _follows(v)]
        if not shown and not followers:
            return
        what = text(self.language, "what_inside")
        with self._lock:  # one refresh at a time: the training thread's between two epochs, the kernel's on a click
            for view in shown:
                reported(lambda view=view: view.refresh(self.context, reason), self._report, what)
            for view in followers:  # a network half edited is no news: the view says why once it is opened
                reported(lambda view=view: view.refresh(self.context, reason), self._report_unexpected, what)

    def _event(self, event: dict) -> None:
        kind = event.get("kind")
        if kind == "end":
            self.refresh("end")
        elif kind == "epoch":
            now = time.monotonic()
            if now - self._last_epoch_refresh >= EPOCH_REFRESH_S:
                self._last_epoch_refresh = now
                self.refresh("epoch")

    def _picked(self, _change) -> None:
        index = self.picker.value
        if index is not None:
            self.stack.selected_index = index
        self._explain()
        self.refresh("shown")

    def _options(self) -> list[tuple[str, int]]:
        return [(view_label(view, self.language), index) for index, view in enumerate(self.views)]

    def _explain(self) -> None:
        view = self.view
        self.explanation.value = "" if view is None else f"<p>{_escape(view_text(view.key, self.language))}</p>"

    def _report(self, exc: Exception, what: str) -> None:
        self.builder._report(exc, what)

    def _report_unexpected(self, exc: Exception, what: str) -> None:
        if not isinstance(exc, NNBuilderError):
            self._report(exc, what)


def _follows(view: Any) -> bool:
    return bool(getattr(view, "follows", False))


def view_label(view: Any, language: str) -> str:
    """The picker's word for a view: its own `label(language)`."""
    return str(view.label(language))


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
