"""Deleting, on the canvas, the node that owns a layer another node calls again: the browser hands
the layer over as Python does, so Python takes the edited document (JupyterLab, real chromium)."""

from __future__ import annotations

import nnbuilder
from tests.browser import editor_steps as st
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver
from tests.browser.notebooks import model_of

OWNER_CONFIG = {"units": 3, "activation": "relu"}


def _shared_project() -> dict:
    """Two inputs through one Dense layer (node `owner`, called again by `again`), added."""
    nodes = [
        {"id": "left", "layer": "Input", "config": {"shape": [4]}, "pos": [0, 0]},
        {"id": "right", "layer": "Input", "config": {"shape": [4]}, "pos": [260, 0]},
        {"id": "owner", "layer": "Dense", "config": dict(OWNER_CONFIG), "pos": [0, 130]},
        {"id": "again", "layer": "Dense", "config": {}, "pos": [260, 130], "shares": "owner"},
        {"id": "sum", "layer": "Add", "config": {}, "pos": [130, 260]},
    ]
    edges = [("left", "owner", 0), ("right", "again", 0), ("owner", "sum", 0), ("again", "sum", 1)]
    model = {"nodes": nodes, "edges": [{"source": s, "target": t, "port": p} for s, t, p in edges]}
    doc = nnbuilder.Project.from_dict({"format": "nnbuilder", "version": 1, "models": {"model": model}}).to_dict()
    assert nnbuilder.check(nnbuilder.Project.from_dict(doc)).ok, "the project must check clean before the delete"
    return doc


def test_deleting_a_shared_layers_owner_hands_the_layer_over(browser, lab_server):
    page = open_page(browser, "lab-shared-delete")
    try:
        driver = LabDriver(page, lab_server)
        st.load_project(page, driver, _shared_project(), "Python to hold the shared-layer project")
        st.wait_cy(page, "cy.nodes().filter(n => n.data('layer')).length === 5", "the five nodes drawn")
        seq = driver.state.seq

        st.click_node(page, "owner")
        page.keyboard.press("Delete")
        st.wait_cy(page, "cy.$id('owner').empty() && !cy.$id('again').empty()", "owner deleted, again kept")

        def handed_over(d):
            graph = model_of(d)
            ids = {n["id"] for n in graph["nodes"]}
            return d["seq"] > seq and "owner" not in ids and "again" in ids

        after = driver.state.wait(handed_over, 20, "Python to take the document without the owner")
        heir = st.node_of(model_of(after), "again")
        assert "shares" not in heir and heir["config"] == OWNER_CONFIG, heir
        project = nnbuilder.Project.from_dict(after["project"])  # Python refuses a `shares` naming no node
        again = nnbuilder.check(project).node("again")
        assert again.ok and again.params == 4 * 3 + 3, again  # the layer and its weights live on in `again`
        assert "not applied" not in st.status_text(page).lower(), st.status_text(page)
    finally:
        close_page("lab-shared-delete")
