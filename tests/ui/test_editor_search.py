"""The project's search section in the editor widget: sent to the browser with the section's defaults, kept when
the browser writes the document back, judged by the check (its problems in the problems list under the node's model),
and its ranges on a node dropped with the node."""

from __future__ import annotations

import copy

from nnbuilder import load_template
from nnbuilder.document.search_section import DEFAULTS, read_search
from nnbuilder.locale.search_words import WORDS
from nnbuilder.ui import Editor
from nnbuilder.ui._catalog import SEARCH_REFUSALS, catalog_payload
from nnbuilder.ui._edits import without_node_ranges

UNITS = {"target": {"model": "model", "node": "hidden", "param": "units"}, "values": [32, 64, 128]}
RATE = {"target": {"training": "optimizer.learning_rate"}, "low": 0.0001, "high": 0.01, "log": True}


class Browser:
    """An editor driven the way the browser's comm drives it, its messages to the browser recorded."""

    def __init__(self, project):
        self.editor = Editor(project)
        self.sent = []
        self.editor.send = lambda content, buffers=None: self.sent.append(content)

    def writes(self, graph):
        self.editor.set_state({"graph": graph})


def with_search(graph, *ranges, **settings):
    graph = copy.deepcopy(graph)
    graph["search"] = {**DEFAULTS, **settings, "ranges": list(ranges)}
    return graph


def test_the_catalog_sends_the_section_defaults_and_refusal_words():
    search = catalog_payload()["search"]
    assert search["defaults"] == DEFAULTS
    assert read_search({**search["defaults"], "ranges": [UNITS]}) is not None  # a section the browser makes is valid
    assert sorted(search["words"]) == sorted(SEARCH_REFUSALS)
    for key, words in search["words"].items():
        assert (words["en"], words["zh"]) == WORDS[key]
        assert "!r}" not in words["en"] + words["zh"]  # the browser fills {name} only


def test_a_range_added_in_the_browser_reaches_python_and_an_undo_takes_it_back():
    browser = Browser(load_template("mnist_mlp"))
    before = browser.editor.graph
    browser.writes(with_search(before, UNITS))
    assert browser.editor.project.search["ranges"] == [UNITS]
    assert browser.editor.graph["search"]["ranges"] == [UNITS]
    assert not [m for m in browser.sent if m.get("type") == "refused"]
    # the browser edits a node: the section travels with the document, untouched
    edited = copy.deepcopy(browser.editor.graph)
    edited["models"]["model"]["nodes"][1]["pos"] = [5, 5]
    browser.writes(edited)
    assert browser.editor.project.search == {**DEFAULTS, "ranges": [UNITS]}
    browser.writes(before)  # undo
    assert browser.editor.project.search is None


def test_a_malformed_range_is_refused_naming_its_field():
    browser = Browser(load_template("mnist_mlp"))
    bad = {"target": UNITS["target"], "low": 64, "high": 32}
    browser.writes(with_search(browser.editor.graph, bad))
    assert browser.editor.project.search is None
    refused = [m["reason"] for m in browser.sent if m.get("type") == "refused"]
    assert refused and "search.ranges[0].high" in refused[-1] and "low below high" in refused[-1]


def test_a_value_the_setting_refuses_is_a_problem_of_the_node_in_its_model():
    browser = Browser(load_template("mnist_mlp"))
    browser.writes(with_search(browser.editor.graph, {**UNITS, "values": [32, 0]}))
    found = [p for p in browser.editor.node_info["problems"] if p["code"] == "search_range"]
    assert len(found) == 1
    problem = found[0]
    assert (problem["model"], problem["node"], problem["param"]) == ("model", "hidden", "units")
    assert "hidden" in problem["messages"]["en"] and "0" in problem["messages"]["en"]
    assert problem["messages"]["zh"] != problem["messages"]["en"]


def test_removing_a_node_drops_its_ranges():
    project = load_template("mnist_mlp")
    project.search = {**DEFAULTS, "ranges": [UNITS, RATE]}
    editor = Editor(project)
    editor.remove_node("hidden")
    assert editor.project.search["ranges"] == [RATE]
    project.search = {**DEFAULTS, "ranges": [UNITS]}
    editor.project = project
    editor.remove_node("hidden")
    assert editor.project.search is None  # a section needs a range


def test_without_node_ranges_leaves_other_models_and_nodes_alone():
    other = {"target": {"model": "gen", "node": "hidden", "param": "units"}, "values": [4]}
    section = {**DEFAULTS, "ranges": [UNITS, other, RATE]}
    assert without_node_ranges(section, "model", "hidden")["ranges"] == [other, RATE]
    assert without_node_ranges(section, "model", "output") is section
    assert without_node_ranges(None, "model", "hidden") is None


def test_a_fix_that_deletes_a_node_takes_its_ranges():
    project = load_template("mnist_mlp")
    graph = project.models["model"]
    spare = copy.deepcopy(graph.node("hidden"))
    spare.id = "spare"
    graph.nodes.append(spare)
    graph.edges.append(type(graph.edges[0])("image", "spare", 0))
    graph.outputs = ["digit"]  # so spare is a dead end, and one fix of that deletes it
    spare_units = {"target": {"model": "model", "node": "spare", "param": "units"}, "values": [8, 16]}
    project.search = {**DEFAULTS, "ranges": [UNITS, spare_units]}
    editor = Editor(project)
    dead = next(d for d in editor.result.problems if d.code == "dead_end" and d.node == "spare")
    editor.fix(dead, next(f for f in dead.fixes if f["action"] == "remove"))
    assert editor.project.models["model"].node("spare") is None
    assert editor.project.search["ranges"] == [UNITS]
