"""The Runs tab in a real Voila page: a project file beside two recorded runs of it (learning rates 0.01 and
0.05, two epochs each, trained before the page opens); the page ticks both, sees their curves overlaid and the
learning rate highlighted as the setting that differs, then opens the 0.05 run's project, which Python's app
now holds."""

from __future__ import annotations

import pytest

import nnbuilder
from tests.app.builder_support import tiny_classifier
from tests.browser import app_notebooks as an
from tests.browser import servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebooks import StateFile, write_notebook

RATE_KEY = "training.optimizer.learning_rate"
APP_CELL = """\
app = Builder("iris.nnb.json", preload=False)
app.add_class("nnb-test-app")
app
"""


def _record_runs(root) -> dict:
    """Train the project file twice (two epochs each), so its runs folder holds two runs; {rate: run id}."""
    path = root / "iris.nnb.json"
    ids = {}
    for rate in (0.01, 0.05):
        project = tiny_classifier()
        project.training["optimizer"]["learning_rate"] = rate
        project.training["epochs"] = 2
        project.save(path)
        nnbuilder.train(str(path), progress=False)
        before = set(ids.values())
        (new,) = [run.id for run in nnbuilder.runs.list_runs(root / "iris.runs") if run.id not in before]
        ids[rate] = new
    tiny_classifier().save(path)  # the file as the page opens it: learning rate 0.01
    return ids


@pytest.fixture(scope="module")
def runs_page(browser, browser_tmp, request):
    root = browser_tmp / "runs-tab-root"
    root.mkdir()
    ids = _record_runs(root)
    state = StateFile((root / an.STATE).resolve())
    write_notebook(root / an.NOTEBOOK, [an.SETUP.format(state=str(state.path)), APP_CELL])
    server = servers.start_voila(root, an.NOTEBOOK, browser_tmp / "runs-tab-home",
                                 log_path=browser_tmp / "runs-tab-voila.log")  # fmt: skip
    LIVE_SERVERS["runs-tab-voila"] = server
    request.addfinalizer(server.stop)
    request.addfinalizer(lambda: LIVE_SERVERS.pop("runs-tab-voila", None))
    page = open_page(browser, "runs-tab")
    request.addfinalizer(lambda: close_page("runs-tab"))
    page.goto(server.url + "/")
    an.wait_app_drawn(page)
    return page, state, ids


def test_two_runs_ticked_are_overlaid_and_compared_and_one_opens_its_project(runs_page):
    page, state, ids = runs_page
    an.open_tab(page, "Runs")  # opening the tab reads the runs folder
    tab = page.locator(f"{an.APP} .nnb-runs-tab")
    for run_id in ids.values():
        tab.locator(f".nnb-run-{run_id} input").check()
    curves = tab.locator(".nnb-runs-chart polyline.nnb-runs-curve")
    curves.nth(1).wait_for(state="attached", timeout=20_000)  # a flat curve has no height: "visible" never holds
    tab.locator("svg.nnb-runs-chart").wait_for(timeout=20_000)
    assert curves.count() == 2
    points = curves.evaluate_all("(lines) => lines.map((line) => line.getAttribute('points').trim().split(' ').length)")
    assert points == [2, 2], points  # two epochs each
    differs = tab.locator(f'.nnb-runs-compare tr.nnb-runs-differs[data-key="{RATE_KEY}"]')
    differs.wait_for(timeout=20_000)
    assert differs.evaluate("(row) => getComputedStyle(row).backgroundColor") == "rgb(255, 243, 196)"
    cells = differs.locator("td").all_text_contents()
    assert cells[0] == RATE_KEY and sorted(cells[1:]) == ["0.0100", "0.0500"]
    same = tab.locator('.nnb-runs-compare tr[data-key="training.batch_size"]')
    assert same.count() == 1 and "nnb-runs-differs" not in (same.get_attribute("class") or "")

    tab.locator(f".nnb-run-{ids[0.01]} input").uncheck()
    tab.locator(".nnb-runs-chart polyline.nnb-runs-curve").nth(1).wait_for(state="detached", timeout=20_000)
    tab.locator("button.nnb-runs-open:not([disabled])").click()
    opened = ids[0.05]

    def holds_it(doc):
        rate = doc["project"]["training"]["optimizer"]["learning_rate"]
        return rate == 0.05 and doc["message"]["kind"] == "info" and opened in doc["message"]["text"]

    state.wait(holds_it, 30, "Python's app to hold the opened run's project and say so")
    page.locator(f"{an.APP} .nnb-app-message").get_by_text(ids[0.05], exact=False).wait_for(timeout=20_000)
