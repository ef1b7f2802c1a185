"""A format v2 project on the canvas: an LSTM's states (its outputs 1 and 2) feed another LSTM's initial_state,
and operation nodes take tensors by keyword. Moving a node and undoing the move must leave Python holding every
edge with its output and keyword, the operations and the model outputs (JupyterLab, real chromium)."""

from __future__ import annotations

import nnbuilder
from tests.browser import editor_steps as st
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver
from tests.browser.notebooks import model_of

OUTPUTS = ["scale", {"node": "enc", "output": 2}, "mha"]


def _seq2seq() -> nnbuilder.Project:
    nodes = [
        {"id": "src", "layer": "Input", "config": {"shape": [5, 3]}, "pos": [0, 0]},
        {"id": "tgt", "layer": "Input", "config": {"shape": [5, 3]}, "pos": [320, 0]},
        {"id": "enc", "layer": "LSTM", "config": {"units": 4, "return_state": True}, "pos": [0, 140]},
        {"id": "dec", "layer": "LSTM", "config": {"units": 4, "return_sequences": True}, "pos": [320, 280]},
        {"id": "add", "layer": "Op", "op": "add", "config": {}, "pos": [320, 420]},
        {"id": "scale", "layer": "Op", "op": "multiply", "config": {"x2": 0.5}, "pos": [320, 560]},
        {
            "id": "mha",
            "layer": "MultiHeadAttention",
            "config": {"num_heads": 2, "key_dim": 4},
            "call": {"use_causal_mask": True},
            "pos": [640, 420],
        },
    ]
    edges = [
        {"source": "src", "target": "enc", "port": 0},
        {"source": "tgt", "target": "dec", "port": 0},
        {"source": "enc", "target": "dec", "port": 0, "output": 1, "arg": "initial_state"},
        {"source": "enc", "target": "dec", "port": 1, "output": 2, "arg": "initial_state"},
        {"source": "dec", "target": "add", "port": 0, "arg": "x1"},
        {"source": "dec", "target": "add", "port": 0, "arg": "x2"},
        {"source": "add", "target": "scale", "port": 0, "arg": "x1"},
        {"source": "dec", "target": "mha", "port": 0},
        {"source": "dec", "target": "mha", "port": 1},
    ]
    model = {"nodes": nodes, "edges": edges, "outputs": OUTPUTS}
    # trust: which layers a file may name is the document's rule, not what this test is about
    return nnbuilder.Project.from_dict({"format": "nnbuilder", "version": 2, "models": {"model": model}}, trust=True)


def slots(graph: dict) -> list:
    """Every edge as (source, output, target, arg, port)."""
    return sorted((e["source"], e.get("output", 0), e["target"], e.get("arg") or "", e["port"]) for e in graph["edges"])


def operations(graph: dict) -> dict:
    """The operation and settings of each Op node, and the call arguments of every node that has some."""
    ops = {n["id"]: (n.get("op"), n["config"]) for n in graph["nodes"] if n["layer"] == "Op"}
    return {**ops, **{n["id"]: n["call"] for n in graph["nodes"] if n.get("call")}}


def test_moving_a_node_and_undoing_keeps_every_edge_output_and_keyword(browser, lab_server):
    page = open_page(browser, "lab-slot-edges")
    try:
        driver = LabDriver(page, lab_server)
        doc = _seq2seq().to_dict()
        want = model_of({"project": doc, "active_model": "model"})
        loaded = st.load_project(page, driver, doc, "Python to hold the project", trust=True, seen=slots)
        st.wait_cy(page, "cy.nodes().filter(n => n.data('layer')).length === 7", "the seven nodes drawn")
        state_h = "enc:1->dec#initial_state:0"
        st.wait_cy(
            page,
            "!cy.$id(arg).empty() && cy.$id(arg).data('label').endsWith('→ initial_state[0]')"
            " && cy.$id(arg).hasClass('nnb-slot')",
            "the first state's edge drawn with its label",
            arg=state_h,
        )
        st.wait_cy(page, "cy.$id('scale').data('label').startsWith('× 0.5')", "the multiply node shows × 0.5")
        # drawn as large as the layers' own labels at the zoom the editor opens with, so as readable as they are
        sizes = page.evaluate(
            """(id) => { const cy = document.querySelector('.nnb-editor').nnb.cy;
                         return [cy.$id(id), cy.$id('dec')].map(e => parseFloat(e.renderedStyle('font-size'))); }""",
            state_h,
        )
        assert sizes[0] >= sizes[1] > 0, f"edge label {sizes[0]}px, node label {sizes[1]}px"
        assert page.evaluate("() => document.querySelector('.nnb-editor').nnb.cy.$id('add').hasClass('nnb-op')")
        start = st.node_of(model_of(loaded), "enc")["pos"]
        seq = driver.state.seq

        st.ensure_visible(page, "enc")
        p = st.aim(page, "enc")
        page.mouse.move(p["x"], p["y"])
        page.mouse.down()
        for i in range(1, 9):
            page.mouse.move(p["x"] + 8 * i, p["y"] + 5 * i)
        page.mouse.up()

        def moved(d):
            return d["seq"] > seq and st.node_of(model_of(d), "enc")["pos"] != start

        after_move = model_of(driver.state.wait(moved, 20, "Python to take the move"))
        assert slots(after_move) == slots(want), after_move["edges"]
        assert operations(after_move) == operations(want)
        assert after_move["outputs"] == OUTPUTS

        seq = driver.state.seq
        st.toolbar(page, "undo")
        back = model_of(
            driver.state.wait(
                lambda d: d["seq"] > seq and st.node_of(model_of(d), "enc")["pos"] == start,
                20,
                "Python to take the undone move",
            )
        )
        assert slots(back) == slots(want), back["edges"]
        assert operations(back) == operations(want)
        assert back["outputs"] == OUTPUTS
        assert back == want, "undoing the only edit gives back the document as it was loaded"
        st.wait_cy(page, "!cy.$id(arg).empty()", "the first state's edge still drawn", arg=state_h)
        assert "not applied" not in st.status_text(page).lower(), st.status_text(page)

        st.click_node(page, "add")
        op = page.locator(".nnb-editor .nnb-inspector-op dd")
        op.wait_for(state="visible", timeout=st.TIMEOUT_MS)
        assert op.inner_text() == "keras.ops.add", op.inner_text()

        # a call argument is shown on its node, and a true/false one can be switched
        st.click_node(page, "mha")
        causal = page.locator('.nnb-editor .nnb-inspector-call dd[data-call="use_causal_mask"] input[type="checkbox"]')
        causal.wait_for(state="visible", timeout=st.TIMEOUT_MS)
        assert causal.is_checked()
        seq = driver.state.seq
        causal.uncheck()
        switched = model_of(
            driver.state.wait(
                lambda d: d["seq"] > seq and st.node_of(model_of(d), "mha").get("call") == {"use_causal_mask": False},
                20,
                "Python to take use_causal_mask=False",
            )
        )
        assert slots(switched) == slots(want), switched["edges"]
    finally:
        close_page("lab-slot-edges")
