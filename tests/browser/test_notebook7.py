"""The editor and the whole Builder app in Jupyter Notebook 7 (the `notebook` package), driven by a
real (headless) chromium: the page's edits reach Python (read back from the notebooks' state files)
and a short training run draws its curves."""

from __future__ import annotations

import os
import sys

import pytest

from tests.browser import app_notebooks as an
from tests.browser import editor_steps as st
from tests.browser import scenario, servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebook7 import Notebook7Driver, open_notebook
from tests.browser.notebooks import STATE, StateFile, model_of, summary, write_editor_notebook
from tests.browser.test_app import open_template, wait_training
from tests.browser.test_training_panel import CANVAS_PROBE, step_of
from tests.browser.training_notebooks import NotebookRecord

APP_PATH = f"{an.FOLDER}/{an.NOTEBOOK}"


class AppInPage:
    """What the Builder steps of test_app need: the page and Python's side of the app."""

    def __init__(self, page, state: StateFile):
        self.page, self.state = page, state

    def python(self, predicate, what: str, timeout: float = 20.0) -> dict:
        return self.state.wait(predicate, timeout, what)


@pytest.fixture(scope="module")
def notebook7(browser, browser_tmp):
    root = browser_tmp / "notebook7-root"
    root.mkdir()
    write_editor_notebook(root)
    app_state = an.write_app_notebook(root / an.FOLDER)
    server = servers.start_notebook7(root, browser_tmp / "notebook7-home", log_path=browser_tmp / "notebook7.log")
    server.state = StateFile(root / STATE)
    server.app_state = app_state
    LIVE_SERVERS["notebook7"] = server
    LIVE_SERVERS["notebook7-builder"] = NotebookRecord(app_state)
    yield server
    LIVE_SERVERS.pop("notebook7", None)
    LIVE_SERVERS.pop("notebook7-builder", None)
    server.stop()


@pytest.fixture
def page_named(browser, request):
    def make(name: str):
        page = open_page(browser, name)
        request.addfinalizer(lambda: close_page(name))  # after a failure's screenshot
        return page

    return make


def test_editor_built_by_mouse_in_notebook7(notebook7, page_named):
    page = page_named("notebook7-editor")
    driver = Notebook7Driver(page, notebook7)
    python = driver.state.read()["python"]
    assert os.path.realpath(os.path.dirname(python)) == os.path.realpath(os.path.dirname(sys.executable))
    ids = scenario.build_mlp_by_mouse(page, driver)  # drops, connects and inspector edits, each checked in Python
    graph = model_of(driver.state.read())
    assert summary(graph)[1] == sorted([(ids["input"], ids["hidden"], 0), (ids["hidden"], ids["output"], 0)])


def test_builder_app_edits_and_trains_in_notebook7(notebook7, page_named):
    page = page_named("notebook7-builder")
    page.add_init_script(CANVAS_PROBE)
    page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())
    open_notebook(page, notebook7, APP_PATH)
    view = an.wait_app_drawn(page)
    assert view["tabs"]["titles"] == an.tab_titles("en") and not view["broken"], view
    app = AppInPage(page, notebook7.app_state)

    # A layer dropped from the palette onto the app's canvas is in Python's project.
    before = app.state.seq
    dense = st.drop_layer(page, "Dense", 0.4, 0.4)
    doc = app.python(
        lambda d: d["seq"] > before and any(n["id"] == dense for n in model_of(d)["nodes"]),
        f"Python's project to hold the dropped {dense}",
    )
    assert next(n for n in model_of(doc)["nodes"] if n["id"] == dense)["layer"] == "Dense"

    # A template from the gallery, one epoch from the Train tab: the curves draw.
    open_template(app, "mnist_mlp")
    an.open_tab(page, "Train")
    an.set_field(page, "nnb-train-settings", "Epochs", "1")
    app.python(lambda d: d["project"]["training"]["epochs"] == 1, "epochs 1 in Python's project")
    page.locator(f"{an.APP} .nnb-training").scroll_into_view_if_needed()
    wait_training(page, lambda v: v["status"] == "idle" and not v["start"]["disabled"], "Start to be offered")
    page.locator(f'{an.APP} .nnb-training button[data-action="start"]').click()
    wait_training(page, lambda v: v["status"] in ("running", "finished") and step_of(v) > 0, "the epoch's steps", 120)
    view = wait_training(
        page,
        lambda v: v["status"] == "finished" and v["charts"]["loss"]["lines"] > 0 and v["charts"]["loss"]["dots"] == 2,
        "the finished epoch's batch line and its train and val points",
        120,
    )
    assert view["text"] == "Finished 1 epoch." and view["tone"] == "good", view
    doc = app.python(lambda d: d["panel"]["status"] == "finished", "Python's panel to say finished")
    assert doc["trainer"]["epoch"] == 1 and doc["trainer"]["history"]["loss"] == 1, doc["trainer"]
