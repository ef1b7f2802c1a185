"""How a test opens the editor notebook and how Python loads a project into it:
typing a cell in JupyterLab, clicking a notebook button in Voila."""

from __future__ import annotations

from tests.browser import editor_steps as st
from tests.browser.notebooks import NOTEBOOK, StateFile

BUTTON_LABELS = {None: "New project", "mnist_mlp": "Load MNIST MLP", "mnist_cnn": "Load MNIST CNN", "gan": "Load GAN"}


class LabDriver:
    """The editor notebook open in JupyterLab, all cells run."""

    def __init__(self, page, server, notebook: str = NOTEBOOK):
        self.page, self.server = page, server
        self.state: StateFile = server.state
        page.goto(f"{server.url}/lab/tree/{notebook}")
        page.wait_for_function(
            """() => { const app = window.jupyterapp; const w = app && app.shell && app.shell.currentWidget;
                       const ctx = w && w.sessionContext;
                       return !!(ctx && ctx.session && ctx.session.kernel && ctx.session.kernel.status === 'idle'
                                 && w.content && w.content.widgets.length > 0); }""",
            timeout=120_000,
        )
        page.evaluate(
            """async () => { const app = window.jupyterapp;
                 if (!app.shell.leftCollapsed) await app.commands.execute('application:toggle-left-area');
                 await app.commands.execute('notebook:run-all-cells'); }"""
        )
        st.wait_editor(page)

    def run_cell(self, code: str) -> None:
        """Type `code` into a new cell at the end of the notebook and run it with Shift+Enter."""
        page = self.page
        cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        last = cells.last
        if last.locator(".cm-content").inner_text().strip():
            last.locator(".cm-content").click()
            page.keyboard.press("Escape")
            page.keyboard.press("b")
            page.wait_for_function(
                """(n) => document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell').length > n""",
                arg=cells.count() - 1,
                timeout=5_000,
            )
            last = cells.last
        editor = last.locator(".cm-content")
        editor.click()
        page.keyboard.insert_text(code)
        page.keyboard.press("Shift+Enter")

    def load(self, name: str | None) -> None:
        if name:
            self.run_cell(f'editor.project = nnbuilder.load_template("{name}")')
        else:
            self.run_cell("editor.project = nnbuilder.Project()")
        st.show_editor(self.page)


class VoilaDriver:
    """The editor notebook rendered by Voila, with load buttons above the editor."""

    def __init__(self, page, server):
        self.page, self.server = page, server
        self.state: StateFile = server.state
        page.goto(server.url + "/")
        st.wait_editor(page)

    def load(self, name: str | None) -> None:
        self.page.locator("button.nnb-test-load", has_text=BUTTON_LABELS[name]).click()
        st.show_editor(self.page)
