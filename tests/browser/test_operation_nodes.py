"""Operation nodes made by a user: an "add" dragged from the palette's Operations, fed two Dense outputs by
mouse (x1, then x2, with nothing else set) checks clean in Python; a Mean's axis set in the inspector reaches
Python and Undo takes it back (JupyterLab, real chromium)."""

from __future__ import annotations

import nnbuilder
from tests.browser import editor_steps as st
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver
from tests.browser.notebooks import model_of

ROOT = st.ROOT


def _start() -> dict:
    nodes = [
        {"id": "x", "layer": "Input", "config": {"shape": [6]}, "pos": [0, 0]},
        {"id": "dense", "layer": "Dense", "config": {"units": 4}, "pos": [-160, 110]},
        {"id": "dense_1", "layer": "Dense", "config": {"units": 4}, "pos": [160, 110]},
        {"id": "mean", "layer": "Op", "op": "mean", "config": {}, "pos": [420, 110]},
    ]
    edges = [
        {"source": "x", "target": "dense", "port": 0},
        {"source": "x", "target": "dense_1", "port": 0},
        {"source": "x", "target": "mean", "port": 0, "arg": "x"},
    ]
    return nnbuilder.Project.from_dict(
        {"format": "nnbuilder", "version": 2, "models": {"model": {"nodes": nodes, "edges": edges}}}
    ).to_dict()


def _into(graph: dict, target: str) -> list:
    """The edges into `target` as (source, arg, port)."""
    return sorted((e["source"], e.get("arg"), e["port"]) for e in graph["edges"] if e["target"] == target)


def _node(graph: dict, node_id: str) -> dict | None:
    return next((n for n in graph["nodes"] if n["id"] == node_id), None)


def _drop_op(page, op: str, fx: float, fy: float) -> str:
    """Drag the palette's operation `op` onto the canvas at fractions (fx, fy) of its size; the new node's id."""
    st.show_editor(page)
    st.wait_still(page)
    before = sorted(n["id"] for n in st.cy_graph(page)["nodes"])
    item = page.locator(f'{ROOT} .nnb-palette-category[data-category="operations"] .nnb-palette-item[data-op="{op}"]')
    if not item.is_visible():
        page.locator(f"{ROOT} .nnb-palette-search").fill(op)
    item.wait_for(state="visible", timeout=5_000)
    box = st.canvas_box(page)
    item.drag_to(page.locator(f"{ROOT} .nnb-canvas"), target_position={"x": box["width"] * fx, "y": box["height"] * fy})
    st.wait_cy(page, "cy.nodes().filter(n => n.data('layer')).length > arg.length", f"a new {op} node", arg=before)
    new = [n for n in st.cy_graph(page)["nodes"] if n["id"] not in before]
    assert len(new) == 1 and new[0]["layer"] == "Op", f"dropping {op} made {new}"
    search = page.locator(f"{ROOT} .nnb-palette-search")
    if search.input_value():
        search.fill("")
    return new[0]["id"]


def test_an_operation_from_the_palette_is_wired_by_mouse_and_edited_in_the_inspector(browser, lab_server):
    page = open_page(browser, "lab-operation-nodes")
    try:
        driver = LabDriver(page, lab_server)
        doc = _start()
        st.load_project(page, driver, doc, "Python to hold the project")  # the mean node among the rest
        st.wait_cy(page, "cy.nodes().filter(n => n.data('layer')).length === 4", "the four nodes drawn")
        heading = page.locator(f'{ROOT} .nnb-palette-category[data-category="operations"] summary')
        assert heading.inner_text() == "Operations", heading.inner_text()

        add = _drop_op(page, "add", 0.5, 0.85)
        assert add == "add"
        dropped = model_of(driver.state.wait(lambda d: _node(model_of(d), add) is not None, 20, "Python to take add"))
        assert _node(dropped, add)["op"] == "add" and _node(dropped, add)["config"] == {}

        st.connect(page, "dense", add)
        driver.state.wait(lambda d: _into(model_of(d), add) == [("dense", "x1", 0)], 20, "dense to feed x1")
        st.connect(page, "dense_1", add)
        wired = model_of(
            driver.state.wait(
                lambda d: _into(model_of(d), add) == [("dense", "x1", 0), ("dense_1", "x2", 0)],
                20,
                "dense_1 to feed x2",
            )
        )
        assert _node(wired, add) == {
            "id": "add",
            "layer": "Op",
            "op": "add",
            "config": {},
            "pos": _node(wired, add)["pos"],
        }
        project = nnbuilder.Project.from_dict({**doc, "models": {"model": wired}})
        result = nnbuilder.check(project)
        assert result.ok, [str(p) for p in result.problems]
        assert result.node(add).output_shape == (None, 4)
        st.wait_label(page, add, "+", "(None, 4)")  # the shape Python's check sent back

        st.click_node(page, "mean")
        axis = st.field(page, "axis")
        axis.wait_for(state="visible", timeout=st.TIMEOUT_MS)
        assert axis.get_attribute("data-kind") == "axes"
        seq = driver.state.seq
        st.set_field(page, "axis", "1")
        driver.state.wait_newer(seq, lambda d: _node(model_of(d), "mean")["config"] == {"axis": 1}, 20, "axis=1")
        st.wait_label(page, "mean", "axis 1", "(None,)")

        seq = driver.state.seq
        st.toolbar(page, "undo")
        back = model_of(
            driver.state.wait_newer(seq, lambda d: _node(model_of(d), "mean")["config"] == {}, 20, "the axis undone")
        )
        assert _into(back, add) == [("dense", "x1", 0), ("dense_1", "x2", 0)], back["edges"]
        st.wait_label(page, "mean", "()")  # the mean of every axis again: a single number
        assert "axis" not in st.label(page, "mean"), st.label(page, "mean")
    finally:
        close_page("lab-operation-nodes")
