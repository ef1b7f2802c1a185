"""The editor in a real JupyterLab and a real Voila app, driven by a real (headless) chromium.

Each scenario step runs against both; Python's side of the editor is read back
from the state file the notebook writes after every change."""

from __future__ import annotations

import os
import sys

import pytest

from tests.browser import scenario
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver, VoilaDriver

DRIVERS = {"lab": (LabDriver, "lab_server"), "voila": (VoilaDriver, "voila_server")}


@pytest.fixture(scope="module", params=sorted(DRIVERS))
def editor(request, browser):
    driver_class, server_fixture = DRIVERS[request.param]
    server = request.getfixturevalue(server_fixture)
    page = open_page(browser, request.param)
    request.addfinalizer(lambda: close_page(request.param))  # after a setup failure's screenshot
    return page, driver_class(page, server)


def test_kernel_is_this_venv(editor):
    python = editor[1].state.read()["python"]
    assert os.path.realpath(os.path.dirname(python)) == os.path.realpath(os.path.dirname(sys.executable))


@pytest.mark.parametrize(
    "step",
    [
        scenario.build_mlp_by_mouse,
        scenario.delete_undo_redo,
        scenario.invalid_value_refused,
        scenario.refused_connections,
        scenario.rank_warning_fix,
        scenario.template_from_python,
        scenario.gan_tabs,
    ],
    ids=lambda step: step.__name__,
)
def test_scenario(editor, step):
    step(*editor)
