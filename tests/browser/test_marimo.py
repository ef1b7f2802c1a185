"""nnbuilder's widgets in a marimo app (`marimo run`), driven by a real (headless) chromium.

marimo renders anywidgets (each in a shadow root of its own) but not ipywidgets containers: the
editor and the training panel work there, and the Builder app (an ipywidgets VBox) is answered
by marimo's own notice. Edits by mouse reach Python (read back from the state file the app
writes); a short run draws its curves.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import editor_steps as st
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.marimo_apps import EPOCHS, start_marimo, write_marimo_app
from tests.browser.notebooks import model_of, poll, summary
from tests.browser.test_training_panel import CANVAS_PROBE, READ_PANEL

# The shared steps read the page with document.querySelector; marimo puts each widget in a shadow
# root. For the widgets' own classes (".nnb…") the lookups also search open shadow roots, and a
# point on a widget's host resolves to the element inside it.
SHADOW_READER = """
(() => {
  const D = Document.prototype, one = D.querySelector, all = D.querySelectorAll, at = D.elementFromPoint;
  const ours = (sel) => typeof sel === 'string' && sel.includes('.nnb');
  const deep = (root, sel, out) => {
    out.push(...(root === document ? all.call(root, sel) : root.querySelectorAll(sel)));
    const hosts = root === document ? all.call(root, '*') : root.querySelectorAll('*');
    for (const el of hosts) if (el.shadowRoot) deep(el.shadowRoot, sel, out);
    return out;
  };
  D.querySelector = function (sel) {
    const found = one.call(this, sel);
    return found || !ours(sel) || this !== document ? found : deep(this, sel, [])[0] || null;
  };
  D.querySelectorAll = function (sel) {
    const found = all.call(this, sel);
    return found.length || !ours(sel) || this !== document ? found : deep(this, sel, []);
  };
  D.elementFromPoint = function (x, y) {
    let hit = at.call(this, x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  };
})();
"""
PANEL_READER = READ_PANEL.replace("`.nnb-test-${name} .nnb-training`", "'.nnb-training'")
BUILDER_NOTICE = "Jupyter widgets are not supported in marimo"


@pytest.fixture(scope="module")
def marimo_page(request, browser, browser_tmp):
    root = browser_tmp / "marimo-root"
    root.mkdir()
    state = write_marimo_app(root)
    server = start_marimo(root, browser_tmp / "marimo-home", browser_tmp / "marimo.log")
    server.state = state
    LIVE_SERVERS["marimo"] = server
    request.addfinalizer(server.stop)
    request.addfinalizer(lambda: LIVE_SERVERS.pop("marimo", None))
    page = open_page(browser, "marimo")
    request.addfinalizer(lambda: close_page("marimo"))
    page.add_init_script(SHADOW_READER)
    page.add_init_script(CANVAS_PROBE)
    page.goto(server.url + "/")
    st.wait_editor(page, 120_000)
    page.locator(".nnb-training").wait_for(timeout=60_000)
    return page, state


def read_panel(page) -> dict | None:
    return page.evaluate(PANEL_READER, "")


def wait_panel(page, predicate, what: str, timeout: float) -> dict:
    def view():
        shown = read_panel(page)
        if shown is not None and shown["errors"]:
            raise AssertionError(f"errors in the page while waiting for {what}: {shown['errors']}")
        return shown

    return poll(view, predicate, timeout, what, lambda v: "the panel shows:\n" + json.dumps(v, indent=1)[:3000])


def test_editor_edits_by_mouse_reach_python(marimo_page):
    page, state = marimo_page
    doc = state.wait(lambda d: d["seq"] >= 1, 30, "the app's first state")
    assert model_of(doc)["nodes"] == [], doc["project"]
    seq = state.seq
    inp = st.drop_layer(page, "Input", 0.3, 0.2)
    st.assert_in_sync(page, state, seq)
    seq = state.seq
    dense = st.drop_layer(page, "Dense", 0.3, 0.6)
    doc = st.assert_in_sync(page, state, seq)
    assert sorted(n["layer"] for n in model_of(doc)["nodes"]) == ["Dense", "Input"]
    seq = state.seq
    st.connect(page, inp, dense)
    st.wait_cy(page, "cy.edges().length === 1", "the edge drawn by mouse")
    doc = st.assert_in_sync(page, state, seq, expect=lambda g: (inp, dense, 0) in summary(g)[1])
    st.click_node(page, inp)
    seq = state.seq
    st.set_field(page, "shape", "100")
    st.wait_label(page, dense, "6,464 params")
    st.assert_in_sync(page, state, seq, expect=lambda g: st.node_of(g, inp)["config"].get("shape") == [100])


def test_training_panel_runs_and_draws(marimo_page):
    page, state = marimo_page
    page.locator(".nnb-training").scroll_into_view_if_needed()
    wait_panel(page, lambda v: v["status"] == "idle" and not v["start"]["disabled"], "Start to be offered", 30)
    page.locator('.nnb-training button[data-action="start"]').click()
    doc = state.wait(lambda d: d["panel"]["status"] == "finished", 180, "Python's panel to say finished")
    steps = doc["trainer"]["steps"]
    assert doc["panel"]["history_epochs"] == list(range(EPOCHS)) and steps, doc["panel"]

    def complete(v):
        return v["status"] == "finished" and v["points"] == EPOCHS * steps and v["charts"]["loss"]["dots"] == 2 * EPOCHS

    view = wait_panel(page, complete, "the finished run: every batch point, train and val dots per epoch", 60)
    assert view["text"] == f"Finished {EPOCHS} epochs." and view["percent"] == 100, view
    assert view["charts"]["loss"]["lines"] > 0 and view["charts"]["accuracy"]["dots"] == 2 * EPOCHS, view["charts"]


def test_builder_app_is_answered_by_marimos_notice(marimo_page):
    page, _ = marimo_page
    notice = page.get_by_text(BUILDER_NOTICE)
    notice.wait_for(timeout=30_000)  # the Builder is an ipywidgets VBox: marimo renders anywidgets only
    assert page.locator(".nnb-app").count() == 0
