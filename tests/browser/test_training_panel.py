"""The training panel in a real JupyterLab and a real Voila app, driven by a real (headless) chromium.

A notebook (see `training_notebooks`) shows three tiny trainers, each with its own
panel; the tests click the panel's buttons and compare what the page shows with
Python's side, read back from the state file the notebook writes on every event.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.browser import lab_kernels, servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebooks import poll
from tests.browser.training_notebooks import NOTEBOOK, PANELS, NotebookRecord, write_training_notebook

STOP_WITHIN = 3.0  # seconds from the click on Stop to "stopped" in the page
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'

# Records what each chart drew since its last clear: per-epoch dots (the only solid arcs),
# line segments, what was drawn dashed (the run before a changed setting) and texts, kept on
# the canvas element as `__nnbDrawn`.
CANVAS_PROBE = """
(() => {
  const P = CanvasRenderingContext2D.prototype;
  const wrap = (name, note) => {
    const original = P[name];
    P[name] = function (...args) {
      note(this.canvas, args);
      return original.apply(this, args);
    };
  };
  wrap('clearRect', (c, a) => {
    if (a[0] === 0 && a[1] === 0) c.__nnbDrawn = {dots: 0, lines: 0, dashed: 0, texts: []};
  });
  wrap('setLineDash', (c, a) => { c.__nnbDash = a[0].length > 0; });
  wrap('arc', (c) => { if (c.__nnbDrawn) c.__nnbDrawn[c.__nnbDash ? 'dashed' : 'dots'] += 1; });
  wrap('lineTo', (c) => { if (c.__nnbDrawn) c.__nnbDrawn[c.__nnbDash ? 'dashed' : 'lines'] += 1; });
  wrap('fillText', (c, a) => { if (c.__nnbDrawn) c.__nnbDrawn.texts.push(String(a[0])); });
})();
"""

# Everything a test looks at in one panel, read in one round trip.
READ_PANEL = """(name) => {
  const root = document.querySelector(`.nnb-test-${name} .nnb-training`);
  if (!root) return null;
  const q = (s) => root.querySelector(s);
  const status = q('.nnb-train-status'), img = q('img.nnb-samples-img');
  const start = q('button[data-action="start"]'), stop = q('button[data-action="stop"]');
  const charts = {};
  for (const box of root.querySelectorAll('.nnb-chart')) {
    const canvas = box.querySelector('canvas.nnb-chart-canvas');
    const drawn = canvas.__nnbDrawn || {dots: 0, lines: 0, dashed: 0, texts: []};
    charts[box.dataset.metric] = {dots: drawn.dots, lines: drawn.lines, dashed: drawn.dashed, texts: drawn.texts,
                                  earlier: Number(box.dataset.earlierEpochs || 0)};
  }
  const src = img.getAttribute('src') || '';
  return {
    status: status.dataset.status, tone: status.dataset.tone, text: status.textContent,
    note: q('.nnb-train-note').hidden ? '' : q('.nnb-train-note').textContent,
    start: {label: start.textContent, disabled: start.disabled}, stop: {disabled: stop.disabled},
    percent: Number(q('.nnb-progress').getAttribute('aria-valuenow')),
    fill: parseFloat(q('.nnb-progress-fill').style.width) || 0,
    progress: q('.nnb-train-progress-text').textContent,
    points: root.nnb ? root.nnb.store.length : null,
    charts,
    samples: {hidden: q('.nnb-samples').hidden, src: src.slice(0, 40), size: src.length,
              width: img.complete ? img.naturalWidth : 0, title: q('.nnb-samples-title').textContent},
    errors: window.__nnbErrors || [],
  };
}"""


# ------------------------------------------------------------------ opening the notebook
def _wait_panels(page, state) -> None:
    """Wait until every panel is in the page and the notebook ran to its end; a failed cell fails at once."""
    page.wait_for_function(
        """([names, err]) => names.every(n => document.querySelector(`.nnb-test-${n} .nnb-training`))
                             || !!document.querySelector(err)""",
        arg=[list(PANELS), ERROR_OUTPUT],
        timeout=120_000,
    )
    failed = page.locator(ERROR_OUTPUT)
    if failed.count():
        raise AssertionError("a notebook cell failed:\n" + failed.first.inner_text()[-3000:])
    state.wait(lambda d: set(d["panels"]) == set(PANELS), 60, "the notebook to show every panel")


@pytest.fixture(scope="module", params=["lab", "voila"])
def training(request, browser, browser_tmp):
    kind = request.param
    if kind == "lab":
        server = request.getfixturevalue("lab_server")
        state = write_training_notebook(server.root)
        LIVE_SERVERS["lab-training"] = NotebookRecord(state)
        request.addfinalizer(lambda: LIVE_SERVERS.pop("lab-training", None))
        request.addfinalizer(lambda: lab_kernels.shut_down_kernels(server, NOTEBOOK))
    else:
        root = browser_tmp / "training-voila-root"
        root.mkdir()
        state = write_training_notebook(root)
        server = servers.start_voila(
            root, NOTEBOOK, browser_tmp / "training-voila-home", log_path=browser_tmp / "training-voila.log"
        )
        server.state = state
        LIVE_SERVERS["training-voila"] = server
        request.addfinalizer(server.stop)
        request.addfinalizer(lambda: LIVE_SERVERS.pop("training-voila", None))
    name = f"training-{kind}"
    page = open_page(browser, name)
    request.addfinalizer(lambda: close_page(name))  # after a setup failure's screenshot
    page.add_init_script(CANVAS_PROBE)
    if kind == "lab":
        lab_kernels.open_in_lab(page, server, NOTEBOOK)
    else:
        page.goto(server.url + "/")
    _wait_panels(page, state)
    return page, state


# ------------------------------------------------------------------ reading and driving a panel
def read(page, name: str) -> dict | None:
    return page.evaluate(READ_PANEL, name)


def wait_panel(page, name: str, predicate, what: str, timeout: float = 20.0) -> dict:
    """Poll the panel until predicate(view) holds; fail with what it showed last (or a page error)."""

    def view():
        shown = read(page, name)
        if shown is not None and shown["errors"]:
            raise AssertionError(f"errors in the page while waiting for {what}: {shown['errors']}")
        return shown

    def describe(shown):
        return f"the {name} panel shows:\n" + json.dumps(shown, indent=1)[:3000]

    return poll(view, predicate, timeout, what, describe)


def show(page, name: str) -> dict:
    """Scroll the panel into view (JupyterLab skips drawing cells out of view) and read it."""
    page.locator(f".nnb-test-{name} .nnb-training").scroll_into_view_if_needed()
    return wait_panel(page, name, lambda v: v["status"] == "idle", f"the {name} panel to be ready")


def click(page, name: str, action: str) -> None:
    page.locator(f'.nnb-test-{name} .nnb-training button[data-action="{action}"]').click()


def step_of(view: dict) -> int:
    match = re.search(r"step (\d+)/", view["progress"])
    return int(match.group(1)) if match else -1


def python(doc: dict, name: str) -> dict:
    return doc["panels"][name]


def saw_event(state, after: int, name: str, kind: str, what: str, timeout: float = 20.0, **fields) -> dict:
    """The first state written after #`after` whose trainer's last event was `kind` (with `fields`).

    Read from the log of every state, so a later event cannot hide it."""

    def found():
        for doc in state.history(after):
            event = python(doc, name)["last_event"]
            if event.get("kind") == kind and all(event.get(k) == v for k, v in fields.items()):
                return doc
        return None

    return poll(found, bool, timeout, what, lambda _: f"last state: {state.read()}")


def no_new_points(page, name: str, view: dict) -> None:
    time.sleep(0.6)  # nothing may arrive after the end: give a late batch the time to show
    later = read(page, name)
    assert later["points"] == view["points"] and step_of(later) == step_of(view), (view, later)


# ------------------------------------------------------------------ the tests
def test_start_stop_continue(training):
    page, state = training
    before = show(page, "main")
    assert before["start"] == {"label": "Start", "disabled": False} and before["stop"]["disabled"], before
    assert before["percent"] == 0 and before["points"] == 0, before

    # 1. Start: progress, steps and the loss chart advance; the status names the device.
    seq = state.seq
    click(page, "main", "start")
    doc = saw_event(state, seq, "main", "start", "the main trainer to start", 30)
    device = python(doc, "main")["device"]
    assert device, doc
    first = wait_panel(
        page, "main", lambda v: v["status"] == "running" and step_of(v) > 0 and v["points"] > 0, "the first batches"
    )
    assert f"on {device}" in first["text"] and first["tone"] == "normal", first
    assert first["start"]["disabled"] and not first["stop"]["disabled"], first
    view = wait_panel(
        page,
        "main",
        lambda v: step_of(v) >= step_of(first) + 100 and v["percent"] >= 1 and v["fill"] > 0,
        "the step count and the progress bar to advance",
    )
    assert view["points"] > first["points"], (first, view)
    loss = wait_panel(page, "main", lambda v: v["charts"]["loss"]["lines"] > 20, "the loss chart's batch line")
    chart = loss["charts"]["loss"]
    assert any(t.startswith("train ") for t in chart["texts"]) and chart["dots"] == 0, chart
    assert "accuracy" in loss["charts"], loss["charts"].keys()
    doc = state.read()
    assert python(doc, "main")["status"] == "running" and python(doc, "main")["trainer_running"], doc

    # 2. Stop while it runs: "stopped" within a few seconds, Continue offered; Python agrees.
    seq = state.seq
    clicked = time.monotonic()
    click(page, "main", "stop")
    stopped = wait_panel(page, "main", lambda v: v["status"] == "stopped", "the status to show stopped", 15)
    took = time.monotonic() - clicked
    assert took < STOP_WITHIN, f"the page showed 'stopped' {took:.1f} s after the click on Stop"
    assert stopped["start"] == {"label": "Continue", "disabled": False} and stopped["stop"]["disabled"], stopped
    assert "Stopped after 0 epochs" in stopped["text"] and stopped["tone"] == "warn", stopped
    doc = saw_event(state, seq, "main", "end", "the end event", 10)
    main = python(doc, "main")
    assert main["last_event"]["reason"] == "stopped" and main["status"] == "stopped", main
    assert main["trainer_epoch"] == 0 and main["history_epochs"] == [], main
    assert main["message"][1:] in stopped["text"], (main["message"], stopped["text"])
    no_new_points(page, "main", stopped)

    # 3. Continue: it runs again from the unfinished epoch; one epoch ends with its per-epoch points.
    seq = state.seq
    click(page, "main", "start")
    saw_event(state, seq, "main", "start", "the continued run to start at epoch 0", epoch=0)
    wait_panel(page, "main", lambda v: v["status"] == "running" and step_of(v) > 0, "the continued run in the page")
    doc = state.wait(lambda d: python(d, "main")["history_epochs"] == [0], 60, "the first epoch to finish")
    assert python(doc, "main")["trainer_history"] == {"loss": 1, "accuracy": 1}, doc
    epoch = wait_panel(
        page,
        "main",
        lambda v: v["charts"]["loss"]["dots"] == 1 and v["charts"]["accuracy"]["dots"] == 1,
        "per-epoch points on the loss and accuracy charts",
    )
    assert epoch["status"] == "running" and epoch["start"]["label"] == "Continue", epoch
    seq = state.seq
    click(page, "main", "stop")
    stopped = wait_panel(page, "main", lambda v: v["status"] == "stopped", "stopped again", 15)
    assert "Stopped after 1 epoch " in stopped["text"] and stopped["start"]["label"] == "Continue", stopped
    assert stopped["charts"]["loss"]["dots"] == 1, stopped["charts"]
    doc = saw_event(state, seq, "main", "end", "the second end event", 10)
    main = python(doc, "main")
    assert main["last_event"]["reason"] == "stopped" and main["trainer_epoch"] == 1, main
    assert main["history_epochs"] == [0], main


def test_autoencoder_shows_samples(training):
    page, state = training
    before = show(page, "samples")
    assert before["samples"]["hidden"] and before["samples"]["size"] == 0, before
    click(page, "samples", "start")
    view = wait_panel(
        page,
        "samples",
        lambda v: v["status"] == "finished" and not v["samples"]["hidden"] and v["samples"]["width"] > 0,
        "the samples image after the epoch",
        60,
    )
    assert view["samples"]["src"].startswith("data:image/png;base64,"), view["samples"]
    assert "Reconstructions" in view["samples"]["title"] and "(epoch 1)" in view["samples"]["title"], view
    assert view["text"] == "Finished 1 epoch." and view["tone"] == "good", view
    assert view["charts"]["loss"]["dots"] == 1, view["charts"]
    doc = saw_event(state, 0, "samples", "end", "the samples run to end", 10)
    ae = python(doc, "samples")
    assert ae["samples"] and ae["samples_epoch"] == 0 and ae["last_event"]["reason"] == "finished", ae


def test_mismatch_shows_one_sentence(training):
    page, state = training
    show(page, "broken")
    click(page, "broken", "start")
    view = wait_panel(page, "broken", lambda v: v["status"] == "error", "the error in the status line", 60)
    doc = state.wait(lambda d: python(d, "broken")["error"], 10, "the error in Python")
    broken = python(doc, "broken")
    assert broken["last_event"]["kind"] == "error" and broken["status"] == "error", broken
    error = broken["error"]
    assert "\n" not in error and "(4,)" in error and "(3,)" in error, error
    assert view["text"] == error and view["tone"] == "error", (view, error)
    assert view["start"] == {"label": "Start", "disabled": False} and view["stop"]["disabled"], view
    body = page.evaluate("() => document.body.innerText")
    assert "Traceback" not in body and 'File "' not in body, body[-3000:]
