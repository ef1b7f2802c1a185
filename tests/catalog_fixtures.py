"""What the editor's catalog and pictures repeat from Python: shapes as text, the colour of each layer
category and the palette's operations. Written to widgets/test/python-fixtures/shape-text.json,
category-colors.json and operations.json by `python -m tests.shared_fixtures`."""

from __future__ import annotations


def shape_text() -> list:
    """Shapes as every text of nnbuilder writes them (Keras' form), from `catalog._shapes.fmt`."""
    from nnbuilder.catalog._shapes import fmt

    shapes = [[None, 28, 28, 1], [None, 5], [5], [None], [], [None, None, 3], [2, 3]]
    return [{"shape": shape, "text": fmt(shape)} for shape in shapes]


def category_colors() -> dict:
    """The colour of each catalog category, as the template pictures draw them."""
    from nnbuilder.template_library.picture import CATEGORY_COLORS

    return dict(CATEGORY_COLORS)


def operations() -> dict:
    """The palette's operations as the catalog payload sends them (names in order, each op's arguments and help)."""
    from nnbuilder.ui._catalog import operations_payload

    payload = operations_payload()
    return {**payload, "specs": {name: payload["specs"][name] for name in payload["palette"]}}
