"""The editor notebook's page as the canvas tests drive it: one page per app (JupyterLab, Voila) for a
module, where the canvas is on it now, and the moves of the window and the sidebar they share."""

from __future__ import annotations

from tests.browser import editor_steps as st
from tests.browser import lab_kernels
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver, VoilaDriver
from tests.browser.notebooks import NOTEBOOK

SIZES = [(1366, 768), (1920, 1080)]
CANVAS = "document.querySelector('.nnb-editor .nnb-canvas')"


def open_app(request, browser, prefix: str) -> tuple:
    """(kind, page, driver) for the module-scoped fixture parametrized by kind ("lab" or "voila"): the editor
    notebook opened in that app, with room below the editor to scroll the page both ways."""
    server = request.getfixturevalue(f"{request.param}_server")
    name = f"{prefix}-{request.param}"
    page = open_page(browser, name)
    request.addfinalizer(lambda: forget_session(name, server, request.param))
    driver = (LabDriver if request.param == "lab" else VoilaDriver)(page, server)
    page.evaluate(
        """() => { const after = document.createElement('div'); after.className = 'nnb-test-below';
                   after.style.height = '1600px'; document.querySelector('.nnb-editor').after(after); }"""
    )
    return request.param, page, driver


def forget_session(name: str, server, kind: str) -> None:
    """Close the page, end its kernel and drop the state it wrote: the next page of the editor
    notebook starts its numbering of states afresh, and its history must not hold this one's."""
    close_page(name)
    if kind == "lab":  # Voila ends a page's kernel itself
        lab_kernels.shut_down_kernels(server, NOTEBOOK)
    for path in (server.state.path, server.state.path.with_name(server.state.path.name + ".log")):
        path.unlink(missing_ok=True)


def wait_canvas(page, js_predicate: str, what: str, arg=None) -> None:
    """Wait for a predicate over the canvas' client rectangle `r` (and `arg`)."""
    try:
        page.wait_for_function(
            f"(arg) => {{ const r = {CANVAS}.getBoundingClientRect(); return !!({js_predicate}); }}",
            arg=arg,
            timeout=st.TIMEOUT_MS,
        )
    except Exception as exc:
        rect = page.evaluate(f"() => {CANVAS}.getBoundingClientRect().toJSON()")
        raise AssertionError(f"the page never got to: {what}; the canvas is at {rect}") from exc


def toggle_left_sidebar(page, opened: bool) -> None:
    left = page.evaluate(f"() => {CANVAS}.getBoundingClientRect().left")
    page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    page.wait_for_function("(open) => window.jupyterapp.shell.leftCollapsed === !open", arg=opened, timeout=5_000)
    wait_canvas(page, "arg[1] ? r.left > arg[0] + 50 : r.left < arg[0] - 50", "the sidebar to move the canvas",
                arg=[left, opened])  # fmt: skip


def resize_window(page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=[width, height], timeout=5_000)


def show(page) -> None:
    """Bring the canvas back into view the way a user scrolls to it."""
    page.locator(".nnb-editor .nnb-canvas").scroll_into_view_if_needed()
