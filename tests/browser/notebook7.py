"""Driving notebooks in Jupyter Notebook 7 (the `notebook` package): open one, wait for its kernel,
run its cells. Notebook 7 is built from JupyterLab's parts, so its notebook shows the same cells
(`.jp-Cell`) and, with `expose_app_in_browser`, the same `window.jupyterapp`; it has no left area
and one document per browser tab, opened at /notebooks/<path>."""

from __future__ import annotations

from tests.browser import editor_steps as st
from tests.browser.drivers import LabDriver
from tests.browser.notebooks import NOTEBOOK, StateFile

# Notebook 7.6's own bundle throws while it loads its settings ("Cannot read properties of undefined
# (reading 'schema')", also on a notebook holding only `1+1`): kept apart, so the tests still fail on
# every other error in the page.
OWN_ERRORS = """
window.__nb7Errors = [];
const nb7Own = (error) => /\\/static\\/notebook\\//.test(String(error && error.stack || ''));
const nb7Keep = (text) => {
  const at = (window.__nnbErrors || []).lastIndexOf(text);
  if (at >= 0) window.__nnbErrors.splice(at, 1);
  window.__nb7Errors.push(text);
};
window.addEventListener('error', (e) => { if (nb7Own(e.error)) nb7Keep(String(e.message || e.error)); });
window.addEventListener('unhandledrejection', (e) => {
  if (nb7Own(e.reason)) nb7Keep(String(e.reason && e.reason.message || e.reason));
});
"""

KERNEL_IDLE = """(path) => { const app = window.jupyterapp; const w = app && app.shell && app.shell.currentWidget;
  const ctx = w && w.sessionContext;
  return !!(ctx && w.context && w.context.path === path && ctx.session && ctx.session.kernel
            && ctx.session.kernel.status === 'idle' && w.content && w.content.widgets.length > 0); }"""


def open_notebook(page, server, path: str) -> None:
    """Open notebook `path` in Notebook 7, wait until its kernel is idle, run every cell."""
    page.add_init_script(OWN_ERRORS)
    page.goto(f"{server.url}/notebooks/{path}")
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=120_000)
    name = page.evaluate("() => window.jupyterapp.name")
    assert "Notebook" in name and "Lab" not in name, f"the page is {name!r}, not Jupyter Notebook 7"
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


class Notebook7Driver(LabDriver):
    """The editor notebook open in Notebook 7, all cells run; Python loads a project by a typed cell."""

    def __init__(self, page, server, notebook: str = NOTEBOOK):  # not LabDriver's: that one opens JupyterLab
        self.page, self.server = page, server
        self.state: StateFile = server.state
        open_notebook(page, server, notebook)
        st.wait_editor(page)
