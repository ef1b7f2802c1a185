"""`nnbuilder serve`: the real command serves the editor with Voila on loopback,
the page (opened with the printed address and its token) draws the template, and edits are saved to the project file."""

from __future__ import annotations

import time

from nnbuilder import Project, load_template
from tests.browser import servers
from tests.browser.conftest import close_page, open_page


def test_serve_opens_the_editor_and_saves_edits(browser, browser_tmp):
    path = browser_tmp / "served" / "cnn.nnb.json"
    path.parent.mkdir()
    args = [str(path), "--template", "mnist_cnn"]
    log = browser_tmp / "serve.log"
    with servers.start_serve(path.parent, browser_tmp / "serve-home", args, log) as server:
        url = server.url
        assert server.page_url.startswith(f"{url}/?token=")
        page = open_page(browser, "serve")
        try:
            page.goto(server.page_url)
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
