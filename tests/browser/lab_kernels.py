"""Driving notebooks in JupyterLab from the browser tests: open one (in a workspace of its own
if asked, so other tests never reopen it), wait for its kernel, run its cells, restart or end it."""

from __future__ import annotations

import contextlib
import json
import urllib.parse
import urllib.request


def open_in_lab(page, server, path: str, workspace: str | None = None) -> None:
    """Open notebook `path` in JupyterLab, wait for its kernel, run every cell."""
    where = f"/lab/workspaces/{workspace}/tree/{path}" if workspace else f"/lab/tree/{path}"
    page.goto(server.url + where)
    wait_lab_kernel(page, path)
    run_all_cells(page)


def wait_lab_kernel(page, path: str) -> None:
    page.wait_for_function(
        """(path) => { const app = window.jupyterapp; const w = app && app.shell && app.shell.currentWidget;
                       const ctx = w && w.sessionContext;
                       return !!(ctx && w.context && w.context.path === path && ctx.session && ctx.session.kernel
                                 && ctx.session.kernel.status === 'idle' && w.content
                                 && w.content.widgets.length > 0); }""",
        arg=path,
        timeout=120_000,
    )


def run_all_cells(page) -> None:
    page.evaluate(
        """async () => { const app = window.jupyterapp;
             if (!app.shell.leftCollapsed) await app.commands.execute('application:toggle-left-area');
             await app.commands.execute('notebook:run-all-cells'); }"""
    )


def restart_lab_kernel(page, path: str) -> None:
    """Restart the notebook's kernel through JupyterLab's own session API and wait until it is idle again."""
    page.evaluate(
        """async () => { const w = window.jupyterapp.shell.currentWidget;
                         await w.sessionContext.session.kernel.restart(); }"""
    )
    wait_lab_kernel(page, path)


def shut_down_kernels(server, path: str) -> None:
    """End the kernel of notebook `path` (and any trainer still running in it)."""
    with contextlib.suppress(OSError):  # a server that is gone has no kernel left
        with urllib.request.urlopen(server.url + "/api/sessions", timeout=10) as resp:
            sessions = json.load(resp)
        for session in sessions:
            if session.get("path") == path:
                url = f"{server.url}/api/sessions/{urllib.parse.quote(session['id'])}"
                urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=30).close()
