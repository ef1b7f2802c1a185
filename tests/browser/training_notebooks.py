"""The notebook the training-panel browser tests open, and Python's view of it.

The notebook makes three tiny trainers, each shown by its own `TrainingPanel`
inside a box with the class `nnb-test-<name>`:

- `main`: a classifier with batch size 1 on a few thousand rows, so an epoch
  lasts long enough to be stopped and continued;
- `samples`: an autoencoder whose epoch ends with a samples image;
- `broken`: a classifier whose Input does not fit the data (4 features vs 3).

After every non-batch training event and every change of a panel's traits it
writes, atomically, each panel's state and its trainer's `last_event` to a JSON
file (and appends it to `<file>.log`): the tests compare that file, Python's
truth, with what the browser shows.
"""

from __future__ import annotations

from pathlib import Path

from tests.browser.notebooks import StateFile, write_notebook

NOTEBOOK = "training.ipynb"
STATE = "training-state.json"
REPO = Path(__file__).resolve().parents[2]
PANELS = ("main", "samples", "broken")

SETUP = '''\
import json, os, sys, threading
sys.path.insert(0, {repo!r})
import numpy as np
import ipywidgets
import keras  # TensorFlow loads here, not on the first click on Start
from nnbuilder.training import Trainer
from nnbuilder.ui import TrainingPanel
from tests.training import _projects

STATE_PATH = {state!r}
_lock = threading.Lock()
_seq = [0]
panels, trainers = {{}}, {{}}


def _scalars(event):
    return {{k: v for k, v in (event or {{}}).items() if isinstance(v, (str, int, float, bool, type(None)))}}


def _panel_doc(name):
    panel, trainer = panels[name], trainers[name]
    s = panel.state
    return {{"status": s.get("status"), "running": s.get("running"), "device": s.get("device"),
            "error": s.get("error"), "message": s.get("message"),
            "history_epochs": list(s.get("history", {{}}).get("epochs", [])),
            "samples": bool(panel.samples.get("src")), "samples_epoch": panel.samples.get("epoch"),
            "trainer_running": trainer.running, "trainer_epoch": trainer.epoch,
            "trainer_history": {{k: len(v) for k, v in trainer.history.items()}},
            "last_event": _scalars(trainer.last_event)}}


def dump_state(why):
    with _lock:
        _seq[0] += 1
        doc = {{"seq": _seq[0], "why": why, "python": sys.executable,
               "panels": {{name: _panel_doc(name) for name in panels}}}}
        tmp = STATE_PATH + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(doc, fh)
        os.replace(tmp, STATE_PATH)
        with open(STATE_PATH + ".log", "a") as fh:
            fh.write(json.dumps(doc) + "\\n")


def show(name, trainer):
    """A panel for `trainer` in a box the tests can find; every change is written to the state file."""
    panel = TrainingPanel(trainer)
    panels[name], trainers[name] = panel, trainer
    trainer.subscribe(lambda event: event["kind"] != "batch" and dump_state(name + " " + event["kind"]))
    panel.observe(lambda change: dump_state(name + " " + change["name"]), names=["state", "samples"])
    box = ipywidgets.VBox([panel])
    box.add_class("nnb-test-" + name)
    return box


rng = np.random.default_rng(0)
x = rng.normal(size=({rows}, 4)).astype("float32")
y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)
images = rng.random((32, 16)).astype("float32")
'''

CELLS = [
    'show("main", Trainer(_projects.classifier(batch_size=1, validation_split=0.0, epochs=3), data=(x, y)))',
    'show("samples", Trainer(_projects.autoencoder(), data=(images, None, images[:8], None)))',
    'show("broken", Trainer(_projects.classifier(features=4), data=(x[:, :3], y)))',
    'dump_state("ready")',
]


def write_training_notebook(root: Path, *, rows: int = 3000) -> StateFile:
    """Write the notebook into `root`; returns the state file it will write next to it."""
    state = (Path(root) / STATE).resolve()
    write_notebook(Path(root) / NOTEBOOK, [SETUP.format(repo=str(REPO), state=str(state), rows=rows), *CELLS])
    return StateFile(state)


class NotebookRecord:
    """What a failing test leaves behind for a notebook on a shared server: its
    state file and, as the log, every state it wrote (one JSON line each)."""

    def __init__(self, state: StateFile):
        self.state = state

    def log_text(self) -> str:
        try:
            return (self.state.path.parent / (self.state.path.name + ".log")).read_text(errors="replace")
        except OSError:
            return ""
