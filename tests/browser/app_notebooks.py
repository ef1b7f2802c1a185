"""The notebook the Builder browser tests open, how a test reads Python's side of it,
and the steps that drive the whole app in a page.

The notebook shows `app = Builder()` (with the class `nnb-test-app`). A thread in the
kernel writes, whenever it changes, a snapshot of the app as Python sees it (project,
language, message line, training panel and trainer, evaluation, code) to a JSON file
and appends it to `<file>.log`: the tests compare that file with what the page shows.
Each snapshot carries a `token` naming the kernel process and the app object, so a
test can tell a re-run cell or a new kernel from the app it replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

from nnbuilder.app._layout import TAB_KEYS
from nnbuilder.locale.app_text import text
from tests.browser import editor_steps as st
from tests.browser import lab_kernels
from tests.browser.notebooks import StateFile, poll, write_notebook

FOLDER = "app-test"  # in JupyterLab's root: the kernel's working directory, so the autosave lands here
NOTEBOOK = "app.ipynb"
STATE = "app-state.json"
APP = ".nnb-test-app"
TOOLS = ("new", "templates", "open", "save", "download", "undo", "redo", "format", "export", "language")

SETUP = """\
import json, os, sys, threading, time
import nnbuilder
from nnbuilder import Builder

STATE_PATH = {state!r}


def _snapshot(a):
    trainer, panel, result = a.trainer, a.panel.state, a.evaluate_tab.view.result
    return {{
        "token": f"{{os.getpid()}}-{{id(a)}}", "python": sys.executable, "cwd": os.getcwd(),
        "project": a.project.to_dict(), "active_model": a.editor.active_model, "language": a.language,
        "tabs": list(a.tabs.titles), "message": {{"kind": a.messages.kind, "text": a.messages.message}},
        "gallery": a.gallery.visible,
        "panel": {{k: panel.get(k) for k in ("status", "running", "message", "error", "dataset")}},
        "trainer": None if trainer is None else {{"epoch": trainer.epoch, "running": trainer.running,
                                                 "history": {{k: len(v) for k, v in trainer.history.items()}}}},
        "evaluation": None if result is None else {{"task": result["task"], "count": result.get("count"),
                                                    "metrics": result.get("metrics")}},
        "code": a.code.code, "code_file": a.code.filename,
        "autosave": None if a.autosave is None else str(a.autosave.path.resolve()),
    }}


def _write_states():
    seq, last = 0, None
    while True:
        a = globals().get("app")
        try:
            doc = _snapshot(a) if a is not None else None
        except Exception:  # a value replaced while it was read: the next round reads it whole
            doc = None
        text = None if doc is None else json.dumps(doc, sort_keys=True, default=str)
        if text is not None and text != last:
            seq, last = seq + 1, text
            doc["seq"] = seq
            line = json.dumps(doc, default=str)
            with open(STATE_PATH + ".tmp", "w") as fh:
                fh.write(line)
            os.replace(STATE_PATH + ".tmp", STATE_PATH)
            with open(STATE_PATH + ".log", "a") as fh:
                fh.write(line + "\\n")
        time.sleep(0.1)


if "_state_writer" not in globals():  # one writer per kernel, however often the cell runs
    _state_writer = threading.Thread(target=_write_states, name="nnb-test-state", daemon=True)
    _state_writer.start()
"""

# Keras loads in the background for the first app only: later kernels just restore the autosave.
# A Builder that does not come within a minute writes where every thread stands into the server's log.
APP_CELL = """\
import faulthandler
faulthandler.dump_traceback_later(60, file=sys.__stderr__)
app = Builder(preload=not os.path.isdir(os.path.join(".nnbuilder", "autosave")))
faulthandler.cancel_dump_traceback_later()
app.add_class("nnb-test-app")
app
"""


def write_app_notebook(folder: Path) -> StateFile:
    """Write the notebook into `folder`; returns the state file it writes beside itself."""
    folder.mkdir(parents=True, exist_ok=True)
    state = (folder / STATE).resolve()
    write_notebook(folder / NOTEBOOK, [SETUP.format(state=str(state)), APP_CELL])
    return StateFile(state)


# ------------------------------------------------------------------ kernels
def open_in_lab(page, server, path: str) -> None:
    """Open notebook `path` in JupyterLab in the app tests' own workspace, wait for its kernel, run every cell."""
    lab_kernels.open_in_lab(page, server, path, workspace="nnb-app")


wait_lab_kernel = lab_kernels.wait_lab_kernel
run_all_cells = lab_kernels.run_all_cells
restart_lab_kernel = lab_kernels.restart_lab_kernel
shut_down_kernels = lab_kernels.shut_down_kernels


# ------------------------------------------------------------------ reading the page
READ_APP = """(toolKeys) => {
  const apps = document.querySelectorAll('.nnb-test-app');
  const app = apps[apps.length - 1];
  if (!app) return null;
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, ' ').trim() : null);
  const q = (s) => app.querySelector(s);
  const tools = {};
  for (const key of toolKeys) {
    const el = q('.nnb-tool-' + key);
    tools[key] = el ? {text: text(el), shown: shown(el)} : null;
  }
  const language = q('.nnb-tool-language');
  const editor = q('.nnb-editor');
  const cy = editor && editor.nnb && editor.nnb.cy;
  const msg = q('.nnb-app-message .nnb-msg');
  const restore = q('.nnb-app-restore');
  const gallery = q('.nnb-templates.widget-box');
  const tabs = q('.nnb-app-tabs');
  const tabLabels = tabs ? Array.from(tabs.querySelectorAll('.lm-TabBar-tab'))
                              .filter(t => t.closest('.nnb-app-tabs') === tabs) : [];
  const current = tabLabels.find(t => t.classList.contains('lm-mod-current'));
  const palette = editor ? editor.querySelector('.nnb-palette') : null;
  const training = q('.nnb-training');
  return {
    apps: apps.length,
    tools,
    language: language ? text(language.querySelector('button.mod-active')) : null,
    canvas: cy ? {nodes: cy.nodes().filter(n => n.data('layer')).length,
                  ids: cy.nodes().filter(n => n.data('layer')).map(n => n.id()).sort(),
                  width: cy.width(), height: cy.height()} : null,
    editorText: editor ? text(editor.querySelector('.nnb-status')) : null,
    palette: palette ? Array.from(palette.querySelectorAll('.nnb-palette-category > summary')).map(text) : [],
    summary: {shown: shown(q('.nnb-app-summary')), text: text(q('.nnb-app-summary'))},
    message: msg && shown(msg) ? {kind: msg.dataset.kind, text: text(msg)} : null,
    restore: {shown: shown(restore), text: text(restore)},
    gallery: {shown: shown(gallery),
              cards: Array.from(gallery ? gallery.querySelectorAll('.nnb-templates-body') : [])
                          .map(b => b.dataset.template)},
    tabs: {shown: shown(tabs), titles: tabLabels.map(text), current: current ? text(current) : null},
    panel: training ? {shown: shown(training),
                       buttons: Array.from(training.querySelectorAll('button[data-action]')).map(text)} : null,
    broken: Array.from(app.querySelectorAll('.jupyter-widgets-error-widget'))
              .map(e => `${text(e)} (in: ${text(e.closest('.nnb-field') || e.parentElement).slice(0, 200)})`),
    errors: window.__nnbErrors || [],
  };
}"""


def read_app(page) -> dict | None:
    return page.evaluate(READ_APP, list(TOOLS))


def wait_app(page, predicate, what: str, timeout: float = 20.0) -> dict:
    """Poll the page until predicate(view) holds; fail with what the app showed last (or a page error)."""

    def view():
        shown = read_app(page)
        if shown is not None and shown["errors"]:
            raise AssertionError(f"errors in the page while waiting for {what}: {shown['errors']}")
        return shown

    def describe(shown):
        return "the app shows:\n" + json.dumps(shown, indent=1, ensure_ascii=False)[:4000]

    return poll(view, predicate, timeout, what, describe)


def tab_titles(language: str) -> list[str]:
    """The app's tab titles in `language`, in their order, as the app words them."""
    return [text(language, key) for key in TAB_KEYS]


def wait_app_drawn(page, timeout_ms: int = 120_000) -> dict:
    """Wait for the app's editor to draw (a failed cell fails at once), then for every part of the app."""
    st.wait_editor(page, timeout_ms)
    return wait_app(
        page,
        lambda v: v["apps"] == 1 and v["canvas"] and v["canvas"]["width"] > 0 and v["tabs"]["titles"],
        "the toolbar, canvas and tabs to be drawn",
        30,
    )


# ------------------------------------------------------------------ driving the app
def tool(page, key: str):
    return page.locator(f"{APP} .nnb-tool-{key}").last


def click_tool(page, key: str) -> None:
    tool(page, key).click()


def open_tab(page, title: str) -> None:
    """Select the app's tab titled `title` and wait until it is the current one."""
    tab = page.locator(f"{APP} .nnb-app-tabs .lm-TabBar-tab", has_text=title).first
    tab.click()
    wait_app(page, lambda v: v["tabs"]["current"] == title, f"the {title} tab to be selected", 10)


def set_field(page, form: str, label: str, value: str) -> None:
    """Type `value` into the text field labelled `label` of form `form` (a CSS class) and commit it."""
    row = page.locator(f"{APP} .{form} .nnb-field").filter(has=page.get_by_text(label, exact=True)).first
    box = row.locator("input").first
    box.fill(value)
    box.press("Enter")


def autosave_path(state: StateFile) -> Path:
    return Path(state.read()["autosave"])
