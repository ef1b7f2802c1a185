"""The Inside tab as a learner uses it, in a real JupyterLab and a real Voila app (headless chromium).

The app opens a small classifier of two-feature points (2 -> 8 -> 1, two epochs on 240 points). The learner
selects the hidden layer on the canvas, opens the Inside tab and goes through every view before training
(what the hidden layer outputs, the weights, one training step in numbers, the activation function, the
optimizer playground, the decision regions), trains two epochs in the Train tab, and sees each view that
follows training change: other outputs (on the canvas's nodes too, while a box is ticked), norms per epoch,
another step, other regions. Then they open the MNIST MLP template from the gallery, draw a digit on the pad
with the mouse and read the model's ten probabilities, and the simple RNN template, whose forecast view draws a
window and the steps the model predicts after it. Every wait is on the page or on Python's side, never on the clock."""

from __future__ import annotations

import time

import pytest

import nnbuilder
from nnbuilder.app.inside import inside_views
from nnbuilder.locale.app_text import text
from tests.browser import app_notebooks as an
from tests.browser import editor_steps as st
from tests.browser import lab_kernels, servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebooks import StateFile, poll, write_notebook
from tests.browser.training_notebooks import NotebookRecord

FOLDER = "inside-tab"  # in JupyterLab's root, beside the other app tests' folders
PROJECT_FILE = "points.nnb.json"
TAB = f"{an.APP} .nnb-inside-tab"

APP_CELL = """\
app = Builder({path!r})
app.add_class("nnb-test-app")
app
"""

# Everything the test reads of the Inside tab, in one round trip.
READ_INSIDE = """(tab) => {
  const found = document.querySelectorAll(tab);
  const el = found[found.length - 1];
  if (!el) return null;
  const all = (q) => Array.from(el.querySelectorAll(q));
  const text = (q) => { const e = el.querySelector(q); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : ''; };
  const points = (p) => p.getAttribute('points').trim().split(/\\s+/).filter(Boolean).length;
  const caption = el.querySelector('.nnb-inside-activations .nnb-inside-caption');
  const loss = el.querySelector('tr.nnb-step-row[data-quantity="loss_value"] td:last-child');
  return {
    picker: all('.nnb-inside-picker button').map((b) => b.textContent.trim()),
    explanation: text('.nnb-inside-explanation'),
    caption: caption ? {shape: caption.dataset.shape, epochs: caption.dataset.epochs} : null,
    bars: all('.nnb-inside-activations rect.nnb-inside-bar').map((r) => r.dataset.value),
    hist: all('rect.nnb-inside-hist-bar').length,
    waiting: text('.nnb-inside-weights .nnb-inside-empty'),
    norms: all('polyline.nnb-inside-norm').map((p) => ({layer: p.dataset.layer, series: p.dataset.series,
                                                          points: points(p)})),
    steps: all('tr.nnb-step-row').length,
    loss: loss ? loss.textContent.trim() : null,
    curves: all('.nnb-inside-curves polyline.nnb-inside-curve').map((p) => p.dataset.series),
    paths: all('polyline.nnb-inside-path').map((p) => p.dataset.label),
    running: !!el.querySelector('.nnb-inside-computing'),
    regions: all('.nnb-inside-regions').map((r) => r.getAttribute('href') || r.getAttribute('src') || ''),
    dots: all('circle.nnb-inside-point').length,
    pad: !!el.querySelector('.nnb-pad-canvas'),
    probabilities: all('rect.nnb-inside-prob').map((r) => Number(r.dataset.value)),
    forecast: all('polyline.nnb-inside-forecast').map((p) => p.dataset.series),
    errors: window.__nnbErrors || [],
  };
}"""


# The selected node's output, drawn in the editor's inspector: a picture under the node's shapes.
INSIGHT = """() => { const el = document.querySelector('.nnb-editor'); const cy = el && el.nnb && el.nnb.cy;
  const selected = cy ? cy.nodes(':selected').map((n) => n.id()) : [];
  const box = el && el.querySelector('.nnb-inspector .nnb-inspector-insight');
  return !!box && selected.length === 1 && box.dataset.node === selected[0] && !!box.querySelector('svg, img')
    && !!box.closest('.nnb-inspector').querySelector('.nnb-facts + .nnb-inspector-insight'); }"""
# A node still selected, and nothing of it in the inspector.
NO_INSIGHT = """() => { const el = document.querySelector('.nnb-editor'); const cy = el && el.nnb && el.nnb.cy;
  return !!cy && cy.nodes(':selected').length === 1 && !!el.querySelector('.nnb-inspector .nnb-facts')
    && !el.querySelector('.nnb-inspector .nnb-inspector-insight'); }"""


def _project() -> nnbuilder.Project:
    """Two features, a hidden Dense layer of 8 units, one sigmoid; two epochs of 240 points in batches of 16."""
    nodes = [
        {"id": "features", "layer": "Input", "config": {"shape": [2]}, "pos": [0, 0]},
        {"id": "hidden", "layer": "Dense", "config": {"units": 8, "activation": "relu"}, "pos": [0, 130]},
        {"id": "output", "layer": "Dense", "config": {"units": 1, "activation": "sigmoid"}, "pos": [0, 260]},
    ]
    edges = [{"source": "features", "target": "hidden", "port": 0}, {"source": "hidden", "target": "output", "port": 0}]
    return nnbuilder.Project.from_dict(
        {
            "format": "nnbuilder", "version": 2, "name": "two clouds",
            "models": {"model": {"nodes": nodes, "edges": edges}},
            "data": {"dataset": "gaussian_mixture", "options": {"samples": 300, "classes": 2, "features": 2}},
            "training": {"recipe": "supervised", "loss": "binary_crossentropy", "metrics": ["accuracy"],
                         "epochs": 2, "batch_size": 16, "validation_split": 0.2, "callbacks": [],
                         "optimizer": {"name": "adam", "learning_rate": 0.05}},
        }
    )  # fmt: skip


def _write_folder(folder) -> StateFile:
    folder.mkdir(parents=True, exist_ok=True)
    path = _project().save(folder / PROJECT_FILE)
    state = StateFile((folder / an.STATE).resolve())
    write_notebook(folder / an.NOTEBOOK, [an.SETUP.format(state=str(state.path)), APP_CELL.format(path=str(path))])
    return state


@pytest.fixture(scope="module", params=["lab", "voila"])
def inside(request, browser, browser_tmp):
    """(kind, page, state file) of the app on the two-feature project, in JupyterLab or a Voila of its own."""
    kind = request.param
    if kind == "lab":
        server = request.getfixturevalue("lab_server")
        state = _write_folder(server.root / FOLDER)
        path = f"{FOLDER}/{an.NOTEBOOK}"
        LIVE_SERVERS["lab-inside"] = NotebookRecord(state)
        request.addfinalizer(lambda: LIVE_SERVERS.pop("lab-inside", None))
        request.addfinalizer(lambda: an.shut_down_kernels(server, path))
    else:
        root = browser_tmp / "inside-voila-root"
        state = _write_folder(root)
        server = servers.start_voila(root, an.NOTEBOOK, browser_tmp / "inside-voila-home",
                                     log_path=browser_tmp / "inside-voila.log")  # fmt: skip
        server.state = state
        LIVE_SERVERS["inside-voila"] = server
        request.addfinalizer(server.stop)
        request.addfinalizer(lambda: LIVE_SERVERS.pop("inside-voila", None))
    name = f"inside-{kind}"
    page = open_page(browser, name)
    request.addfinalizer(lambda: close_page(name))
    started = time.monotonic()
    if kind == "lab":
        lab_kernels.open_in_lab(page, server, path, workspace="nnb-inside")
    else:
        page.goto(server.url + "/")
    an.wait_app_drawn(page)
    state.wait(lambda d: d["project"]["name"] == "two clouds", 60, "Python's app to hold the project")
    yield kind, page, state
    print(f"\ninside tab in {kind}: {time.monotonic() - started:.1f} s from opening the page")


def _read(page) -> dict:
    shown = page.evaluate(READ_INSIDE, TAB)
    assert shown is not None, "no Inside tab in the page"
    assert not shown["errors"], f"errors in the page: {shown['errors']}"
    return shown


def _wait(page, predicate, what: str, timeout: float = 30.0) -> dict:
    """Poll the Inside tab until predicate(view) holds; fail with what it showed last."""
    return poll(lambda: _read(page), predicate, timeout, what, lambda shown: f"the tab showed {shown}")


def _pick(page, label: str) -> None:
    page.locator(f"{TAB} .nnb-inside-picker button", has_text=label).first.click()


def test_every_view_opens_and_follows_training(inside):
    kind, page, state = inside
    st.show_editor(page)
    st.click_node(page, "hidden")
    an.open_tab(page, text("en", "tab_inside"))

    view = _wait(page, lambda v: v["caption"] and v["caption"]["shape"] == "(None, 8)", "the hidden layer's 8 outputs")
    assert len(view["bars"]) == 8 and view["caption"]["epochs"] == "0", view
    assert view["picker"] == [v.label("en") for v in inside_views("en")], view["picker"]
    assert view["explanation"], "no teaching paragraph above the view"
    before = {"bars": view["bars"]}

    _pick(page, "Weights")
    _wait(page, lambda v: "Train to see" in v["waiting"], "the weights view asking for training")
    _pick(page, "One step")
    view = _wait(page, lambda v: v["steps"] > 10 and v["loss"], "the step table with its loss")
    before["loss"] = view["loss"]
    _pick(page, "Curves")
    view = _wait(page, lambda v: {"f", "df"} <= set(v["curves"]), "relu and its derivative")
    _pick(page, "Optimizers")
    page.locator(f"{TAB} .nnb-inside-run button, {TAB} button.nnb-inside-run").first.click()
    view = _wait(page, lambda v: len(v["paths"]) == 4 and not v["running"], "four optimizers' paths", 60)
    assert len(set(view["paths"])) == 4, view["paths"]  # SGD, momentum, RMSprop, Adam
    _pick(page, "Decision regions")
    view = _wait(page, lambda v: v["dots"] > 0 and v["regions"], "the regions under the points")
    before["regions"] = view["regions"][0]

    an.open_tab(page, text("en", "tab_train"))
    page.locator(f'{an.APP} .nnb-training button[data-action="start"]').click()
    state.wait(lambda d: d["trainer"] and d["trainer"]["epoch"] == 2 and not d["trainer"]["running"], 120,
               "two trained epochs")  # fmt: skip
    an.open_tab(page, text("en", "tab_inside"))

    view = _wait(page, lambda v: v["dots"] > 0 and v["regions"] and v["regions"][0] != before["regions"],
                 "the regions redrawn by the trained model")  # fmt: skip
    _pick(page, "Activations")
    view = _wait(page, lambda v: v["caption"] and v["caption"]["epochs"] == "2", "the outputs after two epochs")
    assert view["bars"] != before["bars"], "the hidden layer's outputs did not change with training"
    # "Show on the canvas": every node carries its output as a picture, until the box is unticked.
    on_canvas = page.locator(f"{TAB} .nnb-inside-on-canvas input").first
    on_canvas.click()
    st.wait_cy(page, "arg.every((id) => String(cy.$id(id).style('background-image')).startsWith('data:image/png'))",
               "a picture on every node", arg=["features", "hidden", "output"])  # fmt: skip
    # ... and the selected node's whole picture is in the inspector, beside its settings.
    page.wait_for_function(INSIGHT, timeout=30_000)
    on_canvas.click()
    st.wait_cy(page, "cy.nodes('.nnb-thumb').empty()", "the pictures taken off the nodes")
    page.wait_for_function(NO_INSIGHT, timeout=30_000)
    _pick(page, "Weights")
    view = _wait(page, lambda v: v["hist"] > 0 and any(n["points"] >= 2 for n in v["norms"]), "the norms by epoch")
    assert {n["layer"] for n in view["norms"]} == {"hidden", "output"}, view["norms"]
    # Ticked, the selected layer's histograms are in the inspector too; unticked, they leave it.
    in_inspector = page.locator(f"{TAB} .nnb-inside-weights-in-inspector input").first
    in_inspector.click()
    histograms = f"() => ({INSIGHT})() && !!document.querySelector('.nnb-inspector-insight .nnb-inside-weights svg')"
    page.wait_for_function(histograms, timeout=30_000)
    in_inspector.click()
    page.wait_for_function(NO_INSIGHT, timeout=30_000)
    _pick(page, "One step")
    view = _wait(page, lambda v: v["loss"] and v["loss"] != before["loss"], "the step from the trained weights")

    # The drawing pad on the MNIST MLP template: draw a stroke, read ten probabilities.
    an.click_tool(page, "templates")
    an.wait_app(page, lambda v: v["gallery"]["shown"], "the gallery to open")
    page.locator(f"{an.APP} .nnb-open-mnist_mlp").click()
    state.wait(lambda d: d["project"]["name"] == "MNIST MLP", 60, "the MNIST MLP template in Python")
    st.show_editor(page)
    st.click_node(page, "hidden")
    an.open_tab(page, text("en", "tab_inside"))
    _pick(page, "Activations")
    _wait(page, lambda v: v["pad"], "the drawing pad", 60)
    pad = page.locator(f"{TAB} .nnb-pad-canvas").first
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box, "the pad has no box"
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    for k in range(1, 9):
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * (0.2 + 0.075 * k))
    page.mouse.up()
    view = _wait(page, lambda v: len(v["probabilities"]) == 10, "ten probabilities for the drawn digit", 60)
    assert abs(sum(view["probabilities"]) - 1.0) < 1e-3, view["probabilities"]

    # The forecast on the simple RNN template: the known window, then the model's steps fed back one by one.
    an.click_tool(page, "templates")
    an.wait_app(page, lambda v: v["gallery"]["shown"], "the gallery to open")
    page.locator(f"{an.APP} .nnb-open-simple_rnn").click()
    state.wait(lambda d: d["project"]["name"] == "Simple RNN", 60, "the simple RNN template in Python")
    an.open_tab(page, text("en", "tab_inside"))
    _pick(page, "Forecast")
    _wait(page, lambda v: {"known", "forecast"} <= set(v["forecast"]), "the window and its forecast", 90)
