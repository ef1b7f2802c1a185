"""The editor's `thumbnails` trait (small pictures on the active model's nodes) and `insight` trait (what the inspector
shows inside the selected node), synced apart from the document."""

from __future__ import annotations

import json

import pytest
import traitlets

from nnbuilder import load_template
from nnbuilder.ui import Editor
from tests.helpers import MLP, chain

PNG = "data:image/png;base64,iVBORw0KGgo="


def test_pictures_are_synced_apart_from_the_document():
    editor = Editor(chain(*MLP))
    assert editor.thumbnails == {}
    editor.thumbnails = {"x": PNG, "h": PNG}
    assert editor.get_state()["thumbnails"] == {"x": PNG, "h": PNG}
    assert "data:image" not in json.dumps(editor.graph)
    assert "data:image" not in json.dumps(editor.project.to_dict())
    editor.set_param("h", "units", 6)  # an edit keeps the pictures of the nodes that are still there
    assert editor.thumbnails == {"x": PNG, "h": PNG}
    assert "data:image" not in json.dumps(editor.graph)


def test_only_png_data_urls_are_taken():
    editor = Editor(chain(*MLP))
    with pytest.raises(traitlets.TraitError, match="data:image/png"):
        editor.thumbnails = {"x": "https://example.org/picture.png"}
    with pytest.raises(traitlets.TraitError):
        editor.thumbnails = {"x": 3}
    assert editor.thumbnails == {}


def test_a_removed_node_loses_its_picture():
    editor = Editor(chain(*MLP))
    editor.thumbnails = {"x": PNG, "h": PNG, "y": PNG}
    editor.remove_node("h")
    assert editor.thumbnails == {"x": PNG, "y": PNG}
    editor.set_state({"graph": chain(("x", "Input", {"shape": [8]})).to_dict()})  # what the browser sends
    assert editor.thumbnails == {"x": PNG}


def test_showing_another_model_takes_the_pictures_away():
    editor = Editor(load_template("gan"))
    first, second = list(editor.project.models)[:2]
    node = editor.project.models[first].nodes[0].id
    editor.thumbnails = {node: PNG}
    editor.active_model = second
    assert editor.thumbnails == {}


def test_what_the_inspector_shows_inside_a_node_is_synced_apart_and_leaves_with_the_node_or_the_model():
    editor = Editor(chain(*MLP))
    assert editor.insight == {}
    editor.insight = {"node": "h", "html": "<b>output of h</b>"}
    assert editor.get_state()["insight"] == {"node": "h", "html": "<b>output of h</b>"}
    editor.set_param("h", "units", 6)
    assert editor.insight["node"] == "h" and "output of h" not in json.dumps(editor.project.to_dict())
    editor.remove_node("h")
    assert editor.insight == {}
    gan = Editor(load_template("gan"))
    first, second = list(gan.project.models)[:2]
    gan.insight = {"node": gan.project.models[first].nodes[0].id, "html": "<b>z</b>"}
    gan.active_model = second
    assert gan.insight == {}


@pytest.mark.parametrize("value", [{"node": "h"}, {"node": "h", "html": 3}, {"node": "h", "html": "", "more": ""}])
def test_the_inspector_takes_a_node_and_its_html_or_nothing(value):
    editor = Editor(chain(*MLP))
    with pytest.raises(traitlets.TraitError, match="insight: expected"):
        editor.insight = value
    assert editor.insight == {}
