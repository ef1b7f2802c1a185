"""The notebook the pulling-charts browser test opens: one training panel whose kernel sends
nothing from the training thread (`NNBUILDER_THREAD_PUSHES=0`, as Google Colab and ipykernel
7.0.0 behave), so the page sees the run only through its polls.

A kernel thread writes, whenever they change, the panel's state (see `training_notebooks`) and
what reached the panel's comm from which thread to a JSON file the test reads.
"""

from __future__ import annotations

from pathlib import Path

from tests.browser.notebooks import StateFile, write_notebook
from tests.browser.training_notebooks import REPO
from tests.browser.training_notebooks import SETUP as TRAINING_SETUP

NOTEBOOK = "pull.ipynb"
STATE = "pull-state.json"
FACTS = "pull-facts.json"
PANEL = "pull"
EPOCHS, ROWS, BATCH, VALIDATION = 50, 1200, 16, 0.25  # more epochs than the test waits for: it stops the run

QUIET_THREADS = """\
import os
os.environ["NNBUILDER_THREAD_PUSHES"] = "0"  # before any panel exists
"""

SHOW = f"""\
show({PANEL!r}, Trainer(_projects.classifier(batch_size={BATCH}, validation_split={VALIDATION}, epochs={EPOCHS}),
                      data=(x, y)))
"""

COUNT = '''\
import time
from nnbuilder.ui.training_panel import thread_pushes_enabled

FACTS_PATH = {facts!r}
_sent = {{"training": 0, "other": 0, "pulled": 0}}
_panel = panels[{panel!r}]
_comm_send = _panel.comm.send


def _counting_send(data=None, metadata=None, buffers=None):
    """What reaches the comm, by thread: the panel drops the training thread's messages before this."""
    training = threading.current_thread() is getattr(trainers[{panel!r}], "_thread", None)
    _sent["training" if training else "other"] += 1
    content = (data or {{}}).get("content") or {{}}
    if data.get("method") == "custom" and content.get("type") == "pulled":
        _sent["pulled"] += 1
    return _comm_send(data=data, metadata=metadata, buffers=buffers)


_panel.comm.send = _counting_send


def _write_facts():
    last = None
    while True:
        trainer = trainers[{panel!r}]
        doc = {{"thread_pushes": thread_pushes_enabled(), "panel_thread_pushes": _panel._thread_pushes,
               "sent": dict(_sent), "points": len(_panel._feed.snapshot_message()["x"]), "steps": trainer.steps,
               "status": _panel.state["status"], "history": {{k: len(v) for k, v in trainer.history.items()}}}}
        text = json.dumps(doc, sort_keys=True)
        if text != last:
            with open(FACTS_PATH + ".tmp", "w") as fh:
                fh.write(text)
            os.replace(FACTS_PATH + ".tmp", FACTS_PATH)
            last = text
        time.sleep(0.1)


threading.Thread(target=_write_facts, name="nnb-test-facts", daemon=True).start()
dump_state("ready")
'''


def write_pull_notebook(root: Path) -> tuple[StateFile, StateFile]:
    """Write the notebook into `root`; returns its state file and its facts file."""
    root = Path(root)
    state, facts = (root / STATE).resolve(), (root / FACTS).resolve()
    setup = TRAINING_SETUP.format(repo=str(REPO), state=str(state), rows=ROWS)
    count = COUNT.format(facts=str(facts), panel=PANEL)
    write_notebook(root / NOTEBOOK, [QUIET_THREADS + setup, SHOW, count])
    return StateFile(state), StateFile(facts)
