"""A hyperparameter search range declared on the diagram (JupyterLab, real chromium): the inspector's search toggle
beside Dense units adds a range to the project's search section, a typed list of values reaches Python, a value the
setting refuses is named before it is sent, the node wears a badge on the canvas, and undo takes it all back."""

from __future__ import annotations

import nnbuilder
from nnbuilder.document.search_section import DEFAULTS
from tests.browser import editor_steps as st
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver

ROOT = st.ROOT
BADGE = f'{ROOT} .nnb-search-badge[data-node="hidden"]'
TARGET = {"model": "model", "node": "hidden", "param": "units"}


def _project() -> dict:
    nodes = [
        {"id": "x", "layer": "Input", "config": {"shape": [8]}, "pos": [0, 0]},
        {"id": "hidden", "layer": "Dense", "config": {"units": 16, "activation": "relu"}, "pos": [0, 130]},
        {"id": "out", "layer": "Dense", "config": {"units": 3}, "pos": [0, 260]},
    ]
    edges = [{"source": "x", "target": "hidden", "port": 0}, {"source": "hidden", "target": "out", "port": 0}]
    doc = {"format": "nnbuilder", "version": 1, "models": {"model": {"nodes": nodes, "edges": edges}}}
    return nnbuilder.Project.from_dict(doc).to_dict()


def _ranges(doc: dict) -> list | None:
    search = doc["project"].get("search")
    return None if search is None else search["ranges"]


def _wait_ranges(driver, seq: int, want, what: str) -> tuple[list | None, int]:
    """Wait for a state newer than `seq` whose search ranges satisfy `want`: (those ranges, its seq)."""
    state = driver.state.wait(lambda d: d["seq"] > seq and want(_ranges(d)), 20, what)
    return _ranges(state), state["seq"]


def _scroll_away_and_back(page) -> None:
    """Scroll the notebook up with the mouse wheel (over the output's prompt, beside the editor: over the canvas
    the wheel zooms) until the editor moved down the page, then bring it back."""
    top = page.evaluate("() => document.querySelector('.nnb-editor .nnb-canvas').getBoundingClientRect().top")
    at = page.evaluate(
        "() => { const r = document.querySelector('.nnb-editor').getBoundingClientRect();"
        " return {x: Math.max(2, r.left - 24), y: Math.min(innerHeight - 10, Math.max(10, r.top + 40))}; }"
    )
    page.mouse.move(at["x"], at["y"])
    page.mouse.wheel(0, -1500)
    page.wait_for_function(
        """(top) => { const now = document.querySelector('.nnb-editor .nnb-canvas').getBoundingClientRect().top;
                      const panel = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
                      return now > top + 20 || (panel && panel.scrollTop === 0); }""",
        arg=top,
        timeout=10_000,
    )
    st.show_editor(page)


def test_a_search_range_on_dense_units_reaches_python_shows_a_badge_and_undoes(browser, lab_server):
    page = open_page(browser, "lab-search-ranges")
    try:
        driver = LabDriver(page, lab_server)
        seq = st.load_project(page, driver, _project(), "Python to hold the Dense project")["seq"]
        _scroll_away_and_back(page)
        st.click_node(page, "hidden")

        # Turning the toggle on adds a range around the current 16 units, with the section's defaults.
        units = st.field(page, "units")
        toggle = units.locator(".nnb-search-toggle")
        toggle.wait_for(state="visible", timeout=5_000)
        assert toggle.get_attribute("aria-pressed") == "false"
        assert "units" in toggle.get_attribute("title")
        toggle.click()
        ranges, seq = _wait_ranges(driver, seq, lambda r: r is not None, "a range on hidden.units in Python")
        assert ranges == [{"target": TARGET, "low": 8, "high": 32}]
        section = driver.state.read()["project"]["search"]
        assert {k: v for k, v in section.items() if k != "ranges"} == DEFAULTS

        # A list of values instead: the current value first, then the typed list.
        units.locator("select.nnb-search-mode").select_option("list")
        ranges, seq = _wait_ranges(driver, seq, lambda r: r and r[0].get("values") == [16], "values [16] in Python")
        values = units.locator("input.nnb-search-values")
        values.fill("32, 0")
        error = units.locator(".nnb-search-error")
        page.wait_for_function(
            "(el) => el.textContent.includes('values[1]')", arg=error.element_handle(), timeout=5_000
        )
        assert error.inner_text() == "search range of units, values[1]: expected a positive integer (0)"
        values.fill("32, 64, 128")
        values.press("Enter")
        ranges, seq = _wait_ranges(
            driver, seq, lambda r: r and r[0].get("values") == [32, 64, 128], "values [32, 64, 128] in Python"
        )
        assert ranges == [{"target": TARGET, "values": [32, 64, 128]}]
        assert units.locator(".nnb-search-error").inner_text() == ""

        # The badge sits on the node's top right corner and names the searched setting.
        badge = page.locator(BADGE)
        badge.wait_for(state="visible", timeout=5_000)
        assert badge.get_attribute("title") == "Searched settings: units"
        assert badge.inner_text().endswith("1")
        node = st.node_point(page, "hidden")
        box = badge.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert node["x"] < cx < node["x"] + node["w"] / 2 + box["width"], (node, box)
        assert abs(cy - (node["y"] - node["h"] / 2)) < box["height"], (node, box)
        assert page.locator(f"{ROOT} .nnb-search-badge").count() == 1

        # Undo steps back over the list, the switch to a list and the toggle: the badge goes with the range.
        for back in (
            lambda r: r and r[0].get("values") == [16],
            lambda r: r and r[0].get("low") == 8,
            lambda r: r is None,
        ):
            st.toolbar(page, "undo")
            ranges, seq = _wait_ranges(driver, seq, back, "an undo to reach Python")
        badge.wait_for(state="detached", timeout=5_000)
        assert units.locator(".nnb-search-toggle").get_attribute("aria-pressed") == "false"
        assert units.locator(".nnb-search-range").count() == 0
    finally:
        close_page("lab-search-ranges")
