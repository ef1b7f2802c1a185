"""Live charts in JupyterLab when the kernel's training thread cannot reach the page.

The kernel runs with `NNBUILDER_THREAD_PUSHES=0`: nothing the training thread sends leaves the
kernel, as in Google Colab and with ipykernel 7.0.0. The page must still follow the run by
polling (answered while the kernel handles the poll): every batch point, every epoch's dots while
the run goes on, and the end of the run after a click on Stop.
"""

from __future__ import annotations

import pytest

from tests.browser import lab_kernels
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.pull_notebooks import EPOCHS, NOTEBOOK, PANEL, write_pull_notebook
from tests.browser.test_training_panel import CANVAS_PROBE, ERROR_OUTPUT, click, step_of, wait_panel
from tests.browser.training_notebooks import NotebookRecord


@pytest.fixture(scope="module")
def pulled(request, browser, lab_server):
    state, facts = write_pull_notebook(lab_server.root)
    LIVE_SERVERS["lab-pull"] = NotebookRecord(state)
    request.addfinalizer(lambda: LIVE_SERVERS.pop("lab-pull", None))
    request.addfinalizer(lambda: lab_kernels.shut_down_kernels(lab_server, NOTEBOOK))
    page = open_page(browser, "pull-lab")
    request.addfinalizer(lambda: close_page("pull-lab"))
    page.add_init_script(CANVAS_PROBE)
    lab_kernels.open_in_lab(page, lab_server, NOTEBOOK, workspace="nnb-pull")
    page.wait_for_function(
        "([name, err]) => !!document.querySelector(`.nnb-test-${name} .nnb-training`) || !!document.querySelector(err)",
        arg=[PANEL, ERROR_OUTPUT],
        timeout=120_000,
    )
    if page.locator(ERROR_OUTPUT).count():
        raise AssertionError("a notebook cell failed:\n" + page.locator(ERROR_OUTPUT).first.inner_text()[-3000:])
    facts.wait(lambda d: d["status"] == "idle", 60, "the kernel to report on its panel")
    return page, facts


def test_charts_draw_every_epoch_and_the_stop_from_polls_alone(pulled):
    page, facts = pulled
    doc = facts.read()
    assert doc["thread_pushes"] is False and doc["panel_thread_pushes"] is False, doc
    page.locator(f".nnb-test-{PANEL} .nnb-training").scroll_into_view_if_needed()
    view = wait_panel(page, PANEL, lambda v: v["status"] == "idle" and not v["start"]["disabled"], "Start offered")
    assert view["points"] == 0, view

    click(page, PANEL, "start")  # "starting" comes from the main thread: the page begins to poll
    wait_panel(
        page,
        PANEL,
        lambda v: v["status"] == "running" and step_of(v) > 0 and v["points"] > 0,
        "the run's steps and first batch points in the page",
        90,
    )
    for epoch in (1, 2):  # each epoch's train and val dots while the run goes on
        view = wait_panel(
            page,
            PANEL,
            lambda v, e=epoch: v["status"] == "running" and v["charts"].get("loss", {}).get("dots", 0) >= 2 * e,
            f"the dots of epoch {epoch} on the loss chart while the run goes on",
            90,
        )
    assert view["charts"]["accuracy"]["dots"] >= 4 and view["charts"]["loss"]["lines"] > 0, view["charts"]

    click(page, PANEL, "stop")  # "stopping" from the main thread; the end event only by a poll
    doc = facts.wait(lambda d: d["status"] == "stopped", 60, "Python's panel to say stopped")
    epochs, steps = doc["history"]["loss"], doc["steps"]
    assert 2 <= epochs < EPOCHS and doc["points"] >= epochs * steps, doc

    def complete(v):
        return v["status"] == "stopped" and v["points"] == doc["points"] and v["charts"]["loss"]["dots"] == 2 * epochs

    what = f"the stopped run: all {doc['points']} batch points and the dots of {epochs} epochs"
    view = wait_panel(page, PANEL, complete, what, 60)
    assert view["text"].startswith(f"Stopped after {epochs} epoch") and view["tone"] == "warn", view
    assert view["charts"]["accuracy"]["dots"] == 2 * epochs, view["charts"]
    assert view["start"] == {"label": "Continue", "disabled": False} and view["stop"]["disabled"], view
    order = page.evaluate(f"() => document.querySelector('.nnb-test-{PANEL} .nnb-training').nnb.order.waiting")
    assert order == 0
    doc = facts.read()
    assert set(doc["history"].values()) == {epochs} and len(doc["history"]) == 4, doc
    sent = doc["sent"]
    assert sent["training"] == 0 and sent["pulled"] > 0, f"what reached the comm, by thread: {sent}"
