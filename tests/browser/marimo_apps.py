"""The marimo app the marimo browser test runs (`marimo run`), and the server that runs it.

marimo renders anywidgets (through `marimo.ui.anywidget`), not ipywidgets containers, so the app
shows the two anywidgets nnbuilder is made of, the editor and the training panel, plus the
Builder app, which marimo answers with a notice of its own. The editor writes Python's project
to a state file on every change (as in `notebooks`); the panel writes its status and history.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.browser import servers
from tests.browser.notebooks import StateFile

APP = "nnb_marimo_app.py"
STATE = "marimo-state.json"
REPO = Path(__file__).resolve().parents[2]
EPOCHS = 2

SOURCE = """\
import marimo

app = marimo.App()


@app.cell
def _():
    import json
    import os
    import sys
    import threading

    sys.path.insert(0, {repo!r})
    import keras  # TensorFlow loads with the app, not on the first click on Start
    import marimo as mo
    import numpy as np

    import nnbuilder
    import nnbuilder.ui
    from nnbuilder.training import Trainer
    from tests.training import _projects

    STATE_PATH = {state!r}
    _lock = threading.Lock()
    _seq = [0]
    editor = nnbuilder.ui.Editor()
    _rng = np.random.default_rng(0)
    _x = _rng.normal(size=(600, 4)).astype("float32")
    _y = (_x[:, 0] > 0).astype("int64") + (_x[:, 1] > 0)
    trainer = Trainer(_projects.classifier(batch_size=16, validation_split=0.25, epochs={epochs}), data=(_x, _y))
    panel = nnbuilder.ui.TrainingPanel(trainer)

    def dump_state(why="change"):
        with _lock:
            _seq[0] += 1
            _s = panel.state
            doc = {{"seq": _seq[0], "why": why, "python": sys.executable, "project": editor.project.to_dict(),
                   "active_model": editor.active_model, "selection": list(editor.selection),
                   "panel": {{"status": _s.get("status"), "history_epochs": list(_s["history"]["epochs"])}},
                   "trainer": {{"epoch": trainer.epoch, "steps": trainer.steps, "running": trainer.running}}}}
            with open(STATE_PATH + ".tmp", "w") as fh:
                json.dump(doc, fh)
            os.replace(STATE_PATH + ".tmp", STATE_PATH)

    editor.on_change(lambda _editor=None: dump_state("change"))
    panel.observe(lambda change: dump_state("panel " + change["name"]), names=["state"])
    dump_state("start")
    return editor, mo, nnbuilder, panel


@app.cell
def _(editor, mo):
    mo.ui.anywidget(editor)
    return


@app.cell
def _(mo, panel):
    mo.ui.anywidget(panel)
    return


@app.cell
def _(nnbuilder):
    builder = nnbuilder.Builder()
    builder
    return


if __name__ == "__main__":
    app.run()
"""


def write_marimo_app(root: Path) -> StateFile:
    """Write the app into `root`; returns the state file it writes beside itself."""
    state = (Path(root) / STATE).resolve()
    (Path(root) / APP).write_text(SOURCE.format(repo=str(REPO), state=str(state), epochs=EPOCHS))
    return StateFile(state)


def start_marimo(root: Path, home: Path, log_path: Path) -> servers.Server:
    """`marimo run APP` on a free loopback port, no token, nothing sent home."""
    env = servers.isolated_env(home)
    env["HOME"] = str(home)  # marimo keeps its config and state under the home folder
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["MARIMO_SKIP_UPDATE_CHECK"] = "1"
    port = servers.free_port()
    cmd = [
        sys.executable, "-m", "marimo", "run", APP, "--headless", "--no-token", "--host", "127.0.0.1",
        "--port", str(port), "--no-sandbox", "--no-check",
    ]  # fmt: skip
    server = servers.Server("marimo", cmd, Path(root), env, f"http://127.0.0.1:{port}", "/health", log_path)
    return server.start()
