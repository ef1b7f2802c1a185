"""A hyperparameter search as a new user runs it, in a real JupyterLab and a real Voila app (headless chromium).

The app opens a tiny MLP on the offline digits dataset (one epoch, small batches: a trial takes a second or
two). The user scrolls, selects the hidden Dense layer, turns on the search toggle beside its units and types a
list of values (the node wears a badge); in the Search tab adds a log range for the learning rate and picks the
bayes sampler, 6 trials and 2 folds; starts the search and watches the trials table fill row by row with the
progress line saying how many are done and the best so far; applies the best values, which Python's project
then holds; and in the Runs tab ticks two trials' runs to see their curves overlaid and the learning rate
highlighted as the setting that differs. Every wait is on the page or on Python's side (the state file the app
notebook keeps), never on the clock."""

from __future__ import annotations

import re
import time

import pytest

import nnbuilder
from nnbuilder.app._run_chart import number_text
from nnbuilder.locale.app_text import text
from tests.browser import app_notebooks as an
from tests.browser import editor_steps as st
from tests.browser import lab_kernels, servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebooks import StateFile, write_notebook
from tests.browser.training_notebooks import NotebookRecord

FOLDER = "search-journey"  # in JupyterLab's root, beside the other app tests' folders
PROJECT_FILE = "digits.nnb.json"
TAB = f"{an.APP} .nnb-search-tab"
UNITS_KEY = "model/hidden.units"
RATE_KEY = "training.optimizer.learning_rate"
TRIALS = 6

# What the app notebook's state writer records besides the app: the Search tab's trials and its search result.
SEARCH_SNAPSHOT = """\
_app_snapshot = _snapshot


def _snapshot(a):
    doc, tab = _app_snapshot(a), a.run_tabs.search
    best = None if tab.result is None else tab.result.best
    doc["search"] = {
        "running": tab.running,
        "trials": [{"number": r.number, "values": r.values, "score": r.score, "state": r.state,
                    "run_ids": list(r.run_ids)} for r in tab.rows],
        "best": None if best is None else {"number": best.number, "values": best.values, "score": best.score},
    }
    return doc
"""

APP_CELL = """\
app = Builder({path!r})
app.add_class("nnb-test-app")
app
"""


def _project() -> nnbuilder.Project:
    """64 pixels, a hidden Dense layer of 16 units, 10 digits; one epoch of 400 pictures in batches of 16."""
    nodes = [
        {"id": "pixels", "layer": "Input", "config": {"shape": [64]}, "pos": [0, 0]},
        {"id": "hidden", "layer": "Dense", "config": {"units": 16, "activation": "relu"}, "pos": [0, 130]},
        {"id": "digit", "layer": "Dense", "config": {"units": 10, "activation": "softmax"}, "pos": [0, 260]},
    ]
    edges = [{"source": "pixels", "target": "hidden", "port": 0}, {"source": "hidden", "target": "digit", "port": 0}]
    return nnbuilder.Project.from_dict(
        {
            "format": "nnbuilder", "version": 1, "name": "digits search",
            "models": {"model": {"nodes": nodes, "edges": edges}},
            "data": {"dataset": "digits", "options": {"flatten": True, "samples": 400}},
            "training": {"recipe": "supervised", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"],
                         "epochs": 1, "batch_size": 16, "validation_split": 0.2, "callbacks": [],
                         "optimizer": {"name": "adam", "learning_rate": 0.01}},
        }
    )  # fmt: skip


def _write_folder(folder) -> StateFile:
    """The project file and the app notebook (showing that file) in `folder`; returns the notebook's state file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = _project().save(folder / PROJECT_FILE)
    state = StateFile((folder / an.STATE).resolve())
    cells = [an.SETUP.format(state=str(state.path)), SEARCH_SNAPSHOT, APP_CELL.format(path=str(path.resolve()))]
    write_notebook(folder / an.NOTEBOOK, cells)
    return state


@pytest.fixture(scope="module", params=["lab", "voila"])
def journey(request, browser, browser_tmp):
    """(kind, page, state file) of the app on the digits project, in the session's JupyterLab or a Voila of its own."""
    kind = request.param
    if kind == "lab":
        server = request.getfixturevalue("lab_server")
        state = _write_folder(server.root / FOLDER)
        path = f"{FOLDER}/{an.NOTEBOOK}"
        LIVE_SERVERS["lab-search-journey"] = NotebookRecord(state)  # its state goes with a failure's artifacts
        request.addfinalizer(lambda: LIVE_SERVERS.pop("lab-search-journey", None))
        request.addfinalizer(lambda: an.shut_down_kernels(server, path))
    else:
        root = browser_tmp / "search-journey-voila-root"
        state = _write_folder(root)
        server = servers.start_voila(root, an.NOTEBOOK, browser_tmp / "search-journey-voila-home",
                                     log_path=browser_tmp / "search-journey-voila.log")  # fmt: skip
        server.state = state
        LIVE_SERVERS["search-journey-voila"] = server
        request.addfinalizer(server.stop)
        request.addfinalizer(lambda: LIVE_SERVERS.pop("search-journey-voila", None))
    name = f"search-journey-{kind}"
    page = open_page(browser, name)
    request.addfinalizer(lambda: close_page(name))
    started = time.monotonic()
    if kind == "lab":
        lab_kernels.open_in_lab(page, server, path, workspace="nnb-search-journey")  # no other test's notebooks
    else:
        page.goto(server.url + "/")
    an.wait_app_drawn(page)
    state.wait(lambda d: "search" in d, 60, "Python's app to write its state")
    yield kind, page, state
    print(f"\nsearch journey in {kind}: {time.monotonic() - started:.1f} s from opening the page")


# ------------------------------------------------------------------ readers
def _search(doc: dict) -> dict | None:
    return doc["project"].get("search")


def _node(doc: dict, node_id: str) -> dict:
    return next(n for n in doc["project"]["models"]["model"]["nodes"] if n["id"] == node_id)


READ_SEARCH = """(tab) => {
  const root = document.querySelectorAll(tab);
  const el = root[root.length - 1];
  if (!el) return null;
  const text = (q) => { const e = el.querySelector(q); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : ''; };
  const on = (key) => { const b = el.querySelector('button.nnb-search-' + key); return !!b && !b.disabled; };
  return {rows: el.querySelectorAll('tr.nnb-search-trial').length, progress: text('.nnb-search-progress'),
          charts: Array.from(el.querySelectorAll('svg.nnb-search-chart'),
                             (chart) => chart.querySelectorAll('circle.nnb-search-point').length),
          buttons: {start: on('start'), stop: on('stop'), apply: on('apply')},
          error: text('.nnb-search-error'), errors: window.__nnbErrors || []};
}"""


def _read_search(page) -> dict:
    shown = page.evaluate(READ_SEARCH, TAB)
    assert shown is not None, "no Search tab in the page"
    assert not shown["errors"], f"errors in the page: {shown['errors']}"
    return shown


def _done_count(progress: str) -> int:
    found = re.search(r"(\d+) of (\d+) trials", progress)
    assert found and int(found.group(2)) == TRIALS, progress
    return int(found.group(1))


# ------------------------------------------------------------------ the journey's steps
# A point over the app but off the editor (the wheel zooms the canvas), inside the window: the tab bar's, else
# the toolbar's.
WHEEL_POINT = """() => {
  const app = document.querySelectorAll('.nnb-test-app');
  const root = app[app.length - 1];
  for (const q of ['.nnb-app-tabs .lm-TabBar', '.nnb-tool-templates']) {
    const el = root.querySelector(q);
    if (!el) continue;
    const r = el.getBoundingClientRect();
    const x = r.left + Math.min(40, r.width / 2), y = r.top + Math.min(10, r.height / 2);
    if (y < 2 || y > innerHeight - 2) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && !hit.closest('.nnb-editor')) return {x, y};
  }
  return null;
}"""


def _scroll_and_select_hidden(page) -> None:
    """Scroll the page with the mouse wheel (off the canvas: there it zooms) until the editor moved, bring it
    back into view, then click the hidden layer on the canvas."""
    st.show_editor(page)
    top = page.evaluate("() => document.querySelector('.nnb-editor .nnb-canvas').getBoundingClientRect().top")
    at = page.evaluate(WHEEL_POINT)
    assert at is not None, "neither the app's tab bar nor its toolbar is in the window, off the editor"
    page.mouse.move(at["x"], at["y"])
    page.mouse.wheel(0, 600)
    page.wait_for_function(
        "(top) => document.querySelector('.nnb-editor .nnb-canvas').getBoundingClientRect().top < top - 20",
        arg=top,
        timeout=10_000,
    )
    st.show_editor(page)
    st.click_node(page, "hidden")


def _search_units(page, state: StateFile) -> None:
    """Step 1: the search toggle beside units, switched to a list of values 8, 16; the badge appears."""
    units = st.field(page, "units")
    toggle = units.locator(".nnb-search-toggle")
    toggle.wait_for(state="visible", timeout=10_000)
    toggle.click()
    state.wait(lambda d: _search(d) is not None, 20, "a range on hidden.units in Python")
    units.locator("select.nnb-search-mode").select_option("list")
    values = units.locator("input.nnb-search-values")
    values.fill("8, 16")
    values.press("Enter")
    doc = state.wait(
        lambda d: (_search(d) or {}).get("ranges", [{}])[0].get("values") == [8, 16], 20, "units values [8, 16]"
    )
    assert _search(doc)["ranges"] == [{"target": {"model": "model", "node": "hidden", "param": "units"},
                                       "values": [8, 16]}]  # fmt: skip
    assert units.locator(".nnb-search-error").inner_text() == ""
    badge = page.locator(f'{st.ROOT} .nnb-search-badge[data-node="hidden"]')
    badge.wait_for(state="visible", timeout=10_000)
    assert badge.get_attribute("title") == "Searched settings: units"


def _set_number(page, key: str, value: int) -> None:
    box = page.locator(f"{TAB} .nnb-search-{key} input").first
    box.fill(str(value))
    box.press("Enter")


def _set_up_search(page, state: StateFile) -> dict:
    """Step 2: a log range for the learning rate, the bayes sampler, 6 trials, 2 folds; Python holds them."""
    an.open_tab(page, "Search")
    page.locator(f"{TAB} .nnb-search-add-target select").select_option(label="optimizer.learning_rate")
    page.locator(f"{TAB} .nnb-search-add-kind button", has_text=text("en", "search_kind_range")).click()
    page.locator(f"{TAB} .nnb-search-add-low input").fill("0.001")
    page.locator(f"{TAB} .nnb-search-add-high input").fill("0.1")
    page.locator(f"{TAB} .nnb-search-add-log input[type=checkbox]").check()
    page.locator(f"{TAB} button.nnb-search-add-button").click()
    state.wait(lambda d: len((_search(d) or {}).get("ranges", [])) == 2, 20, "the learning rate range in Python")
    page.locator(f"{TAB} .nnb-search-sampler select").select_option(label=text("en", "search_sampler_bayes"))
    _set_number(page, "trials", TRIALS)
    _set_number(page, "folds", 2)
    want = {"sampler": "bayes", "trials": TRIALS, "folds": 2}
    doc = state.wait(
        lambda d: {k: (_search(d) or {}).get(k) for k in want} == want, 20, "bayes, 6 trials and 2 folds in Python"
    )
    rate = {"target": {"training": "optimizer.learning_rate"}, "low": 0.001, "high": 0.1, "log": True}
    assert _search(doc)["ranges"][1] == rate, _search(doc)
    assert _read_search(page)["error"] == ""
    page.locator(f"{TAB} .nnb-search-range").nth(1).wait_for(timeout=10_000)
    shown = page.locator(f"{TAB} .nnb-search-range").all_text_contents()
    assert shown == [f"{UNITS_KEY}: 8, 16", f"{RATE_KEY}: 0.001 … 0.1 (log)"], shown
    return doc


def _run_search(page, state: StateFile) -> list[int]:
    """Step 3: Start; the table grows a row per finished trial (the counts seen are returned) while the progress
    line keeps up; at the end the line says it is over, names the best trial, and Apply best is enabled."""
    page.locator(f"{TAB} button.nnb-search-start").click()
    seen, rows = [], 0
    while rows < TRIALS:
        page.wait_for_function(
            f"([tab, rows]) => {{ const all = document.querySelectorAll(tab); const el = all[all.length - 1];"
            f" return el.querySelectorAll('tr.nnb-search-trial').length > rows || (window.__nnbErrors || []).length"
            f" || /{text('en', 'search_finished')}/.test(el.querySelector('.nnb-search-progress').textContent); }}",
            arg=[TAB, rows],
            timeout=120_000,
        )
        shown = _read_search(page)
        if shown["rows"] == rows:  # over without a new row: a failed search says so in the app's message line
            raise AssertionError(f"the search ended after {rows} trials: {an.read_app(page)['message']}, {shown}")
        rows = shown["rows"]
        seen.append(rows)
        assert _done_count(shown["progress"]) >= rows, shown  # the line is drawn before the table
        assert "best val_loss" in shown["progress"], shown
        if rows < TRIALS:  # still running: Stop is offered, Start and Apply best are not
            assert shown["buttons"] == {"start": False, "stop": True, "apply": False}, shown
    assert seen[0] < TRIALS, f"the table did not fill as trials ended: {seen}"
    doc = state.wait(lambda d: not d["search"]["running"] and d["search"]["best"], 60, "Python's search to end")
    page.wait_for_function(
        "([tab, over]) => { const all = document.querySelectorAll(tab); const el = all[all.length - 1];"
        " return el.querySelector('.nnb-search-progress').textContent.includes(over)"
        " && !el.querySelector('button.nnb-search-apply').disabled; }",
        arg=[TAB, text("en", "search_finished")],
        timeout=20_000,
    )
    shown = _read_search(page)
    assert shown["rows"] == TRIALS and shown["charts"] == [TRIALS, TRIALS], shown  # a chart per range, a dot per trial
    assert text("en", "search_finished") in shown["progress"] and _done_count(shown["progress"]) == TRIALS, shown
    best = doc["search"]["best"]
    assert f"best val_loss {best['score']:.4f} (trial {best['number']}:" in shown["progress"], (shown, best)
    trials = doc["search"]["trials"]
    assert [t["state"] for t in trials] == ["complete"] * TRIALS, doc["search"]
    table = page.locator(f"{TAB} tr.nnb-search-trial").evaluate_all(
        "(rows) => rows.map((row) => Array.from(row.cells).map((cell) => cell.textContent))"
    )
    python = [[str(t["number"]), str(t["values"][UNITS_KEY]), number_text(t["values"][RATE_KEY]), f"{t['score']:.4f}",
               text("en", "search_state_complete"), t["run_ids"][0]] for t in trials]  # fmt: skip
    assert [row[:5] + row[6:] for row in table] == python, (table, python)
    assert shown["buttons"] == {"start": True, "stop": False, "apply": True}, shown
    return seen


def _apply_best(page, state: StateFile) -> dict:
    """Step 3, end: Apply best writes the best trial's units and learning rate into Python's project."""
    best = state.read()["search"]["best"]["values"]
    page.locator(f"{TAB} button.nnb-search-apply").click()
    doc = state.wait(
        lambda d: (
            _node(d, "hidden")["config"]["units"] == best[UNITS_KEY]
            and d["project"]["training"]["optimizer"]["learning_rate"] == best[RATE_KEY]
        ),
        20,
        f"Python's project to hold the best values {best}",
    )
    assert best[UNITS_KEY] in (8, 16) and 0.001 <= best[RATE_KEY] <= 0.1, best
    assert _search(doc)["ranges"][0]["values"] == [8, 16]  # the search section stays for another search
    page.locator(f"{TAB} .nnb-search-progress", has_text=text("en", "search_applied")).wait_for(timeout=10_000)
    page.locator(f'{st.ROOT} .nnb-search-badge[data-node="hidden"]').wait_for(timeout=10_000)  # still searched
    units = st.field(page, "units").locator("input").first  # the hidden layer is still the one selected
    page.wait_for_function(
        "([el, want]) => el.value === want", arg=[units.element_handle(), str(best[UNITS_KEY])], timeout=10_000
    )
    return doc


def _compare_two_runs(page, state: StateFile) -> None:
    """Step 4: in the Runs tab, tick the first fold's run of the best trial and of another one: two curves, the
    learning rate highlighted as a setting that differs."""
    search = state.read()["search"]
    best = search["best"]["number"]
    other = next(t for t in search["trials"] if t["number"] != best)
    picked = [next(t for t in search["trials"] if t["number"] == best)["run_ids"][0], other["run_ids"][0]]
    an.open_tab(page, "Runs")
    tab = page.locator(f"{an.APP} .nnb-runs-tab")
    for run_id in picked:
        box = tab.locator(f".nnb-run-{run_id} input")
        box.wait_for(timeout=20_000)  # opening the tab reads the runs folder
        box.check()
    every = [run_id for t in state.read()["search"]["trials"] for run_id in t["run_ids"]]
    assert len(every) == 2 * TRIALS and tab.locator(".nnb-runs-select").count() == len(every)  # a run per fold
    curves = tab.locator(".nnb-runs-chart polyline.nnb-runs-curve")
    curves.nth(1).wait_for(state="attached", timeout=20_000)  # one epoch: a curve of one point has no size
    assert curves.count() == 2
    labels = curves.evaluate_all("(lines) => lines.map((line) => line.getAttribute('data-run'))")
    assert len(set(labels)) == 2, labels
    differs = tab.locator(f'.nnb-runs-compare tr.nnb-runs-differs[data-key="{RATE_KEY}"]')
    differs.wait_for(timeout=20_000)
    assert differs.evaluate("(row) => getComputedStyle(row).backgroundColor") == "rgb(255, 243, 196)"
    cells = differs.locator("td").all_text_contents()
    assert cells[0] == RATE_KEY and len(set(cells[1:])) == 2, cells


def test_a_new_user_searches_units_and_learning_rate_applies_the_best_and_compares_two_runs(journey):
    kind, page, state = journey
    _scroll_and_select_hidden(page)
    _search_units(page, state)
    _set_up_search(page, state)
    started = time.monotonic()
    seen = _run_search(page, state)
    print(f"\n{kind}: trial rows seen as they came: {seen}; the search took {time.monotonic() - started:.1f} s")
    _apply_best(page, state)
    _compare_two_runs(page, state)
