"""The palette's operations as the catalog payload sends them, and what a node dropped from it checks as."""

from __future__ import annotations

import json

import pytest

from nnbuilder import Project, check
from nnbuilder.catalog.operations import get_op_spec, op_specs
from nnbuilder.ui import Editor
from nnbuilder.ui._catalog import OPERATIONS_LABEL, PALETTE_OPS, catalog_payload, operations_payload

COMMON = ("add", "subtract", "multiply", "divide", "maximum", "minimum", "mean", "sum", "concatenate")
COMMON += ("reshape", "transpose", "matmul", "get_item", "where")


def test_the_payload_lists_the_common_operations_in_one_category_in_both_languages():
    ops = catalog_payload()["operations"]
    assert ops["category"] == "operations"
    assert ops["label"] == OPERATIONS_LABEL == {"en": "Operations", "zh": "运算"}
    assert ops["palette"] == list(PALETTE_OPS)
    assert set(COMMON) <= set(ops["palette"])
    assert len(set(ops["palette"])) == len(ops["palette"])
    json.dumps(ops)  # plain JSON, as a trait carries it


def test_every_op_of_the_table_is_sent_as_the_table_says_it():
    specs = operations_payload()["specs"]
    assert sorted(specs) == sorted(op_specs())
    for name, sent in specs.items():
        assert sent == get_op_spec(name).to_dict()
    assert [t["name"] for t in specs["add"]["tensors"]] == ["x1", "x2"]
    assert [t["constant"] for t in specs["add"]["tensors"]] == [True, True]
    assert specs["concatenate"]["tensors"] == [{"name": "xs", "many": True, "constant": False}]
    assert [p["name"] for p in specs["mean"]["params"]] == ["axis", "keepdims"]


@pytest.mark.parametrize("name", PALETTE_OPS)
def test_each_palette_operation_has_help_and_settings_help_in_english_and_chinese(name):
    sent = operations_payload()["specs"][name]
    assert sent["help"]["en"] and sent["help"]["zh"] and sent["help"]["zh"] != sent["help"]["en"]
    for param in sent["params"]:
        if param.get("help"):
            assert param["help_zh"] != param["help"], f"{name}.{param['name']} has no Chinese help"


def test_a_palette_that_names_an_op_the_table_lacks_is_refused(monkeypatch):
    import nnbuilder.ui._catalog as ui_catalog

    monkeypatch.setattr(ui_catalog, "PALETTE_OPS", ("add", "no_such_op"))
    with pytest.raises(RuntimeError, match="no_such_op"):
        ui_catalog.operations_payload()


def _two_dense_into(op: str, config: dict | None = None) -> dict:
    """What the browser writes after an op dropped from the palette is fed by two Dense layers by mouse."""
    nodes = [
        {"id": "x", "layer": "Input", "config": {"shape": [6]}, "pos": [0, 0]},
        {"id": "dense", "layer": "Dense", "config": {"units": 4}, "pos": [0, 90]},
        {"id": "dense_1", "layer": "Dense", "config": {"units": 4}, "pos": [150, 90]},
        {"id": op, "layer": "Op", "op": op, "config": dict(config or {}), "pos": [0, 180]},
    ]
    edges = [
        {"source": "x", "target": "dense", "port": 0},
        {"source": "x", "target": "dense_1", "port": 0},
        {"source": "dense", "target": op, "port": 0, "arg": "x1"},
        {"source": "dense_1", "target": op, "port": 0, "arg": "x2"},
    ]
    return {"format": "nnbuilder", "version": 2, "models": {"model": {"nodes": nodes, "edges": edges}}}


@pytest.mark.parametrize("op", ["add", "subtract", "maximum"])
def test_an_op_dropped_and_wired_with_x1_and_x2_checks_clean(op):
    result = check(Project.from_dict(_two_dense_into(op)))
    node = result.node(op)
    assert result.ok, [str(p) for p in result.problems]
    assert node.output_shape == (None, 4)
    assert node.input_shapes == [(None, 4), (None, 4)]


def test_an_op_given_more_inputs_than_it_takes_is_reported_on_the_op():
    doc = _two_dense_into("add")
    doc["models"]["model"]["edges"].append({"source": "x", "target": "add", "port": 1, "arg": "x2"})
    result = check(Project.from_dict(doc))
    assert not result.ok
    assert {p.node for p in result.errors} == {"add"}


def test_the_editor_takes_the_browser_document_of_a_dropped_op():
    editor = Editor(Project.from_dict(_two_dense_into("add")))
    doc = _two_dense_into("add")
    doc["models"]["model"]["nodes"][3]["config"] = {}
    editor.graph = doc
    info = editor.node_info["models"]["model"]["add"]
    assert info["layer"] == "Op" and info["output_shape"] == [None, 4] and info["problems"] == []
    assert "output_names" not in info  # one output: nothing to name
