"""The activations view's pictures on the canvas: every node's output on the sample as a small PNG on its node,
kept with what they show so that a redraw that changes none of it encodes nothing again."""

from __future__ import annotations

from typing import Any

from nnbuilder.app.inside._keys import network_key
from nnbuilder.ui._png import png_data_url
from nnbuilder.views.activation_thumbnails import activation_thumbnail

MAX_THUMBNAILS = 500  # nodes given a picture, in the model's order: the rest go without


class CanvasThumbnails:
    """`show` puts the pictures of `values` on the canvas through the Inside tab's context, `clear` takes them off."""

    def __init__(self) -> None:
        self.shown: tuple[tuple, dict[str, str]] | None = None  # (what they show, the pictures by node id)

    def show(self, context: Any, values: dict[str, Any], source: Any, network: str, key: tuple) -> None:
        """The pictures of `values` (by node id, with the batch axis) on the nodes of the model shown; none while
        the trainer's network is the one from before an edit (a run goes on with it)."""
        if source is context.trainer and network_key(context.trainer.project, context.model_name) != network:
            self.clear(context)
            return
        if self.shown is None or self.shown[0] != key:
            nodes = [n.id for n in context.project.models[context.model_name].nodes if n.id in values]
            urls = {node: thumbnail_url(values[node][0]) for node in nodes[:MAX_THUMBNAILS]}
            self.shown = (key, {node: url for node, url in urls.items() if url})
        context.show_thumbnails(self.shown[1])

    def again(self, context: Any) -> None:
        """Put back the pictures last shown (the editor drops them when the model shown changes)."""
        if self.shown is not None:
            context.show_thumbnails(self.shown[1])

    def clear(self, context: Any) -> None:
        self.shown = None
        if context is not None:
            context.show_thumbnails({})


def thumbnail_url(array: Any) -> str:
    """The picture of one node's output as a PNG data URL; "" for values that are not numbers (text)."""
    try:
        return png_data_url(activation_thumbnail(array))
    except (TypeError, ValueError):
        return ""
