"""The editor widget's Python side, driven the way the browser drives it (no browser)."""

from __future__ import annotations

import copy

import pytest

import nnbuilder
from nnbuilder import ProjectError, check, load_template
from nnbuilder.ui import Editor
from nnbuilder.ui._catalog import accepted_ranks, catalog_payload
from tests.helpers import MLP, chain


class Recorder:
    """An editor whose outgoing messages and change callbacks are recorded."""

    def __init__(self, project=None):
        self.editor = Editor(project)
        self.sent = []
        self.changes = []
        self.editor.send = lambda content, buffers=None: self.sent.append(content)
        self.editor.on_change(lambda e: self.changes.append(e.project.to_dict()))

    def browser_writes(self, graph):
        """What the comm does when the browser syncs a new `graph`."""
        self.editor.set_state({"graph": graph})

    def browser_sends(self, content):
        self.editor._handle_custom_msg(content, [])


def with_units(graph, node_id, units):
    graph = copy.deepcopy(graph)
    for node in graph["models"]["model"]["nodes"]:
        if node["id"] == node_id:
            node["config"]["units"] = units
    return graph


def test_new_editor_shows_an_empty_project():
    editor = Editor()
    assert editor.project.to_dict() == nnbuilder.Project().to_dict()
    assert editor.active_model == "model"
    assert [p["code"] for p in editor.node_info["problems"]] == ["empty_model"]


def test_editor_syncs_the_document_and_its_check_results():
    project = load_template("mnist_cnn")
    editor = Editor(project)
    assert editor.graph == project.to_dict()
    assert editor.node_info == check(project).to_dict()
    assert editor.project.to_dict() == project.to_dict()
    editor.project.models["model"].nodes.clear()  # a copy: the canvas is untouched
    assert editor.project.to_dict() == project.to_dict()


def test_catalog_payload_lists_layers_with_ranks_and_choices():
    payload = catalog_payload()
    layers = {entry["name"]: entry for category in payload["categories"] for entry in category["layers"]}
    assert layers["Conv2D"]["ranks"] == [4]
    assert layers["LSTM"]["ranks"] == [3]
    assert layers["Dense"]["ranks"] is None
    assert layers["Dense"]["help"]["zh"]
    assert "relu" in payload["choices"]["activation"]
    assert "he_normal" in payload["choices"]["initializer"]
    assert "l2" in payload["choices"]["regularizer"]
    assert accepted_ranks("Input") is None and accepted_ranks("Permute") is None


def test_browser_edit_updates_project_checks_and_callbacks():
    rec = Recorder(chain(*MLP))
    rec.browser_writes(with_units(rec.editor.graph, "h", 16))
    assert rec.editor.project.models["model"].node("h").config["units"] == 16
    info = rec.editor.node_info["models"]["model"]
    assert info["h"]["output_shape"] == [None, 16]
    assert info["h"]["trainable"] == 8 * 16 + 16
    assert rec.changes == [rec.editor.project.to_dict()]
    assert rec.editor.result.recomputed == 2  # the edited node and the one after it
    assert rec.sent == []


def test_invalid_browser_edit_is_refused_with_the_reason_and_not_kept():
    rec = Recorder(chain(*MLP))
    before = rec.editor.graph
    rec.browser_writes(with_units(before, "h", -3))
    assert rec.editor.graph == before
    assert rec.editor.project.to_dict() == before
    assert rec.changes == []
    assert rec.sent[0]["type"] == "refused"
    assert "units" in rec.sent[0]["reason"] and "-3" in rec.sent[0]["reason"]


def test_fix_message_inserts_flatten_and_clears_the_warning():
    project = chain(
        ("x", "Input", {"shape": [28, 28, 1]}),
        ("c", "Conv2D", {"filters": 4, "kernel_size": [3, 3]}),
        ("d", "Dense", {"units": 10}),
    )
    rec = Recorder(project)
    problems = rec.editor.node_info["problems"]
    (i, problem), *_ = [(i, p) for i, p in enumerate(problems) if p["code"] == "rank"]
    assert problem["node"] == "d" and problem["fixes"]
    rec.browser_sends({"type": "fix", "problem": i, "fix": 0})
    graph = rec.editor.project.models["model"]
    assert [n.layer for n in graph.nodes].count("Flatten") == 1
    assert rec.editor.node_info["problems"] == []
    assert rec.editor.node_info["models"]["model"]["d"]["output_shape"] == [None, 10]
    assert len(rec.changes) == 1


def test_stale_fix_message_is_refused():
    rec = Recorder(chain(*MLP))
    rec.browser_sends({"type": "fix", "problem": 5, "fix": 0})
    assert rec.sent == [{"type": "refused", "reason": "that problem has changed since it was shown; try again"}]
    rec.browser_sends({"type": "unknown"})
    assert len(rec.sent) == 1


def test_python_edits_redraw_the_canvas():
    rec = Recorder(chain(*MLP))
    editor = rec.editor
    node = editor.add_node("Dropout", {"rate": 0.25}, after="y")
    assert node == "dropout"
    assert editor.graph["models"]["model"]["edges"][-1] == {"source": "y", "target": "dropout", "port": 0}
    editor.set_param("h", "units", 32)
    assert editor.node_info["models"]["model"]["h"]["output_shape"] == [None, 32]
    editor.set_param("h", "activation", None)  # back to Keras' default: dropped from the document
    assert "activation" not in editor.project.models["model"].node("h").config
    editor.remove_node("dropout")
    assert editor.project.models["model"].node("dropout") is None
    other = editor.add_node("Dense", {"units": 3}, id="side", pos=[300, 0])
    editor.connect("x", other)
    assert editor.project.models["model"].input_edges("side")[0].source == "x"
    assert len(rec.changes) == 6


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda e: e.set_param("h", "units", 0), "h.units"),
        (lambda e: e.set_param("h", "colour", 1), "has no argument 'colour'"),
        (lambda e: e.set_param("nope", "units", 1), "no node 'nope'"),
        (lambda e: e.add_node("Dense", {"units": "many"}), "Dense.units"),
        (lambda e: e.add_node("NoSuchLayer"), "unknown layer"),
        (lambda e: e.add_node("Dense", {"units": 2}, id="h"), "already has a node 'h'"),
        (lambda e: e.connect("x", "h", port=0), "input 0 of 'h' is already connected"),
        (lambda e: e.connect("y", "h"), "takes at most 1 input"),
        (lambda e: e.connect("y", "x"), "takes no inputs"),
        (lambda e: e.add_node("Dense", {"units": 2}, model="gan"), "no model named 'gan'"),
    ],
)
def test_bad_python_edits_raise_and_change_nothing(call, message):
    rec = Recorder(chain(*MLP))
    before = rec.editor.graph
    with pytest.raises(ProjectError, match=message):
        call(rec.editor)
    assert rec.editor.graph == before and rec.changes == []


def test_failing_callback_is_reported_and_others_still_run():
    rec = Recorder(chain(*MLP))

    def broken(_editor):
        raise ValueError("disk full")

    rec.editor.on_change(broken)
    rec.editor.set_param("h", "units", 5)
    assert rec.sent == [{"type": "error", "message": "on_change callback failed: disk full"}]
    assert len(rec.changes) == 1
    rec.editor.on_change(broken, remove=True)
    rec.editor.set_param("h", "units", 6)
    assert len(rec.sent) == 1


def test_multi_model_projects_switch_models():
    gan = load_template("gan")
    editor = Editor(gan)
    assert editor.active_model in gan.models
    editor.active_model = "discriminator"
    assert set(editor.node_info["models"]) == {"generator", "discriminator"}
    with pytest.raises(Exception, match="no model named 'critic'"):
        editor.active_model = "critic"
    editor.project = load_template("mnist_mlp")
    assert editor.active_model == "model"


def test_selection_drops_removed_nodes():
    editor = Editor(chain(*MLP))
    editor.selection = ["h", "y"]
    editor.remove_node("y")
    assert editor.selection == ["h"]


def test_editor_refuses_what_is_not_a_project():
    with pytest.raises(TypeError, match="expected a nnbuilder.Project"):
        Editor({"models": {}})
    with pytest.raises(TypeError):
        Editor(colour="red")
    editor = Editor()
    with pytest.raises(TypeError, match="expected a nnbuilder.Project"):
        editor.project = "mnist_mlp"
    with pytest.raises(TypeError, match="callable"):
        editor.on_change(42)


def test_nnbuilder_ui_is_reachable_as_an_attribute():
    assert nnbuilder.ui.Editor is Editor


def test_undo_and_redo_from_python_ask_the_browser_to_step():
    r = Recorder(chain(*MLP))
    before = r.editor.graph
    r.editor.set_param("h", "units", 7)
    r.sent.clear()
    r.editor.undo()
    r.editor.redo()
    r.editor.undo()
    assert [m["type"] for m in r.sent] == ["undo", "redo", "undo"]
    ids = [m["id"] for m in r.sent]
    assert len(set(ids)) == 3 and all(isinstance(i, str) and i for i in ids)
    other = Recorder()
    other.editor.undo()
    assert other.sent[0]["id"] not in ids  # unique across editors: each view on a page steps once per call
    # the history lives in the browser, which answers by writing the earlier document
    r.browser_writes(before)
    assert r.editor.project.to_dict() == before and len(r.changes) == 2


def test_editor_language_is_synced_and_checked():
    editor = Editor(language="zh")
    assert editor.get_state()["language"] == "zh"
    editor.language = "en"
    assert editor.get_state(["language"]) == {"language": "en"}
    with pytest.raises(Exception, match="'language' trait.*'en', 'zh'"):
        Editor(language="fr")
