"""`nnbuilder serve`: the real command serves the editor with Voila on loopback,
the page draws the template, and edits are saved to the project file."""

from __future__ import annotations

import sys
import time

from nnbuilder import Project, load_template
from tests.browser import servers
from tests.browser.conftest import close_page, open_page


def test_serve_opens_the_editor_and_saves_edits(browser, browser_tmp):
    port = servers.free_port()
    path = browser_tmp / "served" / "cnn.nnb.json"
    path.parent.mkdir()
    command = [sys.executable, "-m", "nnbuilder", "serve", str(path), "--template", "mnist_cnn"]
    command += ["--port", str(port), "--no-browser"]
    env = servers.isolated_env(browser_tmp / "serve-home")
    url = f"http://127.0.0.1:{port}"
    log = browser_tmp / "serve.log"
    with servers.Server("nnbuilder serve", command, path.parent, env, url, "/", log).start():
        assert f"the app is at {url}/" in log.read_text()
        page = open_page(browser, "serve")
        try:
            page.goto(url + "/")
            page.wait_for_function(
                "() => { const e = document.querySelector('.nnb-editor');"
                " return e && e.nnb && e.nnb.cy.nodes().length === 8; }",
                timeout=90_000,
            )
            label = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.$id('conv2').data('label')")
            assert "(None, 11, 11, 64)" in label and "18,496" in label
            assert Project.load(path).to_dict() == load_template("mnist_cnn").to_dict()
            page.locator(".nnb-palette-item[data-layer='Dropout']").click()  # nothing selected: added unconnected
            deadline = time.monotonic() + 30
            while len(Project.load(path).models["model"].nodes) != 9:
                assert time.monotonic() < deadline, "the new node was not saved to the project file"
                time.sleep(0.2)
        finally:
            close_page("serve")
