"""The activations view's "Show on the canvas and in the inspector": every node of the model shown gets its output
on the sample as a small PNG on the canvas, and the selected node its full picture in the inspector, redrawn as the
network trains even while another view or tab is open, redrawn or taken away when the network changes, taken away
when unticked, and never part of the project document."""

from __future__ import annotations

import base64
import json
import struct

import pytest

from nnbuilder.app.inside._canvas_thumbnails import thumbnail_url
from nnbuilder.app.inside.activations_view import ActivationsView
from nnbuilder.app.inside.weights_view import WeightsView
from nnbuilder.views.activation_thumbnails import THUMB_SIZE
from nnbuilder.views.activations import activations
from tests.app.builder_support import make, tiny_classifier

NODES = {"x", "h", "y"}
PREFIX = "data:image/png;base64,"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A Builder on a small iris classifier, its autosave in a folder of its own, the Inside tab open."""
    folder = tmp_path_factory.mktemp("thumbnails")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # a run is recorded beside the working folder
        app = make(tiny_classifier(), autosave=folder / "autosave.nnb.json")
        app.tabs.selected_index = list(app.tabs.children).index(app.inside_tab.widget)
        yield app


def view_of(app) -> ActivationsView:
    view = app.inside_tab.views[0]
    assert isinstance(view, ActivationsView)
    return view


def png_size(url: str) -> tuple[int, int]:
    assert url.startswith(PREFIX)
    data = base64.b64decode(url[len(PREFIX) :], validate=True)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def sample(app):
    dataset = view_of(app)._dataset(app.inside_tab.context)
    return dataset.x_test[view_of(app).index_box.value]


def test_the_box_is_worded_in_both_languages(app):
    view = view_of(app)
    assert view.on_canvas.description == "Show on the canvas and in the inspector"
    view.set_language("zh")
    try:
        assert view.on_canvas.description == "在画布和属性面板中显示"
    finally:
        view.set_language("en")


def test_ticking_it_puts_every_nodes_output_on_the_canvas(app):
    view = view_of(app)
    app.editor.selection = []  # no node selected: every node still gets its picture
    assert app.editor.thumbnails == {}
    view.on_canvas.value = True
    thumbnails = app.editor.thumbnails
    assert set(thumbnails) == NODES
    for url in thumbnails.values():
        assert png_size(url) == (THUMB_SIZE, THUMB_SIZE) and len(url) < 8000
    expected = activations(view._built[1], sample(app), project=app.editor.project)
    assert thumbnails == {node: thumbnail_url(expected[node][0]) for node in NODES}
    assert "Select a node" in view.output.value


def test_the_selected_nodes_output_goes_into_the_inspector_and_a_click_computes_nothing_again(app):
    view = view_of(app)
    assert app.editor.insight == {}  # no node selected
    values = view.values
    app.editor.selection = ["h"]
    assert app.editor.insight == {"node": "h", "html": view.output.value}
    assert 'data-node="h"' in app.editor.insight["html"] and "output of h" in app.editor.insight["html"]
    assert view.values is values  # the same forward pass: only the picture of another node is drawn
    app.editor.selection = ["nowhere"]  # not a node of the model: nothing in the inspector
    assert app.editor.insight == {}
    app.editor.selection = ["y"]
    assert app.editor.insight["node"] == "y"


def test_the_pictures_follow_training_while_another_view_and_tab_are_open(app):
    before = dict(app.editor.thumbnails)
    assert set(before) == NODES
    app.inside_tab.picker.value = 1  # another view
    app.tabs.selected_index = 0  # another tab
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 1, app.panel.state
    after = app.editor.thumbnails
    assert set(after) == NODES and after != before
    assert app.editor.insight == {"node": "y", "html": view_of(app).output.value}  # redrawn for the new weights
    assert "1 epoch" in app.editor.insight["html"]
    weights = next(v for v in app.inside_tab.views if isinstance(v, WeightsView))
    weights.in_inspector.value = True  # its histograms join the output, in the inspector's order
    html = app.editor.insight["html"]
    assert html.index('class="nnb-inside-node" data-node="y"') < html.index('class="nnb-inside-weights" data-node="y"')
    weights.in_inspector.value = False
    assert app.editor.insight == {"node": "y", "html": view_of(app).output.value}
    trained = activations(app.trainer, sample(app))
    assert after == {node: thumbnail_url(trained[node][0]) for node in NODES}


def test_the_document_and_its_saves_never_hold_them(app, tmp_path):
    assert app.editor.thumbnails
    app.editor.set_param("h", "activation", "tanh")  # an edit: saved by the autosave
    assert set(app.editor.thumbnails) == NODES
    saved = app.project.save(tmp_path / "saved.nnb.json")
    for text in (json.dumps(app.editor.graph), json.dumps(app.project.to_dict()), saved.read_text(),
                 app.autosave.path.read_text()):  # fmt: skip
        assert "data:image" not in text and "thumbnail" not in text


def test_an_edit_redraws_them_and_a_network_that_fails_takes_them_away(app):
    before = dict(app.editor.thumbnails)
    project = app.editor.project
    app.editor.set_param("h", "units", 5)  # the Inside tab is closed: the pictures follow all the same
    after = app.editor.thumbnails
    assert set(after) == NODES and after["h"] != before["h"]
    assert view_of(app).values["h"].shape == (1, 5)
    app.messages.message = ""
    app.editor.remove_node("h")  # y has no input now: nothing can be computed
    assert app.editor.thumbnails == {}
    assert app.messages.message == ""  # a network half edited is no news while the Inside tab is closed
    app.editor.project = project
    assert set(app.editor.thumbnails) == NODES


def test_unticking_takes_them_away(app):
    view = view_of(app)
    assert app.editor.thumbnails
    view.on_canvas.value = False
    assert app.editor.thumbnails == {} and app.editor.insight == {}
    app.editor.set_param("h", "units", 7)
    assert app.editor.thumbnails == {} and app.editor.insight == {}
