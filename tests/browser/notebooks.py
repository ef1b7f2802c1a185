"""The notebook the browser tests open, and how the tests read Python's view of it.

The notebook makes `editor = nnbuilder.ui.Editor()` and registers an
`on_change` callback that writes `editor.project.to_dict()` (with
`active_model`, `selection` and a sequence number) atomically to a JSON file:
the tests compare that file, Python's truth, with what the browser shows.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

NOTEBOOK = "editor.ipynb"
STATE = "state.json"

SETUP = '''\
import json, os, sys
import ipywidgets
import nnbuilder
import nnbuilder.ui

STATE_PATH = {state!r}
_seq = [0]

def dump_state(ed=None, why="change"):
    ed = editor if ed is None else ed
    _seq[0] += 1
    doc = {{"seq": _seq[0], "why": why, "project": ed.project.to_dict(),
           "active_model": ed.active_model, "selection": list(ed.selection),
           "python": sys.executable}}
    tmp = STATE_PATH + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(doc, fh)
    os.replace(tmp, STATE_PATH)
    with open(STATE_PATH + ".log", "a") as fh:  # every state, one JSON line each
        fh.write(json.dumps(doc) + "\\n")

def load(name=None):
    """Load a template (or an empty project) from Python and record the state."""
    editor.project = nnbuilder.load_template(name) if name else nnbuilder.Project()
    dump_state(why="load " + str(name))

editor = nnbuilder.ui.Editor({project})
editor.on_change(dump_state)
# The model tab and the selection are edits too, as far as the tests care.
editor.observe(lambda ch: dump_state(why=ch["name"]), names=["active_model", "selection"])
dump_state(why="start")
'''

# Voila has no cell to type into: buttons run the same loads.
BUTTONS = """\
_buttons = []
for _label, _name in [("New project", None), ("Load MNIST MLP", "mnist_mlp"),
                      ("Load MNIST CNN", "mnist_cnn"), ("Load GAN", "gan")]:
    _b = ipywidgets.Button(description=_label)
    _b.add_class("nnb-test-load")
    _b.on_click(lambda _btn, _n=_name: load(_n))
    _buttons.append(_b)
display(ipywidgets.HBox(_buttons))
"""


def _cell(source: str, n: int) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"cell-{n}",
        "metadata": {},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


def write_notebook(path: Path, sources: list[str]) -> Path:
    """A notebook of one code cell per source, run by the default Python kernel."""
    nb = {
        "cells": [_cell(source, n) for n, source in enumerate(sources)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1))
    return path


def poll(read, predicate, timeout: float, what: str, describe):
    """Call read() until predicate(value) holds and return that value; fail with
    describe(last value) after `timeout` seconds. A predicate that trips over a
    half-written value (KeyError, IndexError, TypeError) counts as not yet."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value is not None:
            try:
                if predicate(value):
                    return value
            except (KeyError, IndexError, TypeError):
                pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; {describe(value)}")
        time.sleep(0.1)


def write_editor_notebook(
    root: Path, *, buttons: bool = False, template: str | None = None, name: str = NOTEBOOK
) -> Path:
    """Write the editor notebook into `root`; the state file goes next to it."""
    state = str((root / STATE).resolve())
    project = f"nnbuilder.load_template({template!r})" if template else ""
    sources = [SETUP.format(state=state, project=project)]
    sources += ([BUTTONS] if buttons else []) + ["editor"]
    return write_notebook(root / name, sources)


class StateFile:
    """Python's view of the editor, as the notebook's on_change callback wrote it."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None

    @property
    def seq(self) -> int:
        doc = self.read()
        return doc["seq"] if doc else 0

    def wait(self, predicate, timeout: float = 20.0, what: str = "state.json to match") -> dict:
        """Poll until predicate(doc) holds; return that doc, or fail with the last one seen."""

        def describe(doc):
            return "last state:\n" + (json.dumps(doc, indent=1)[:4000] if doc else "(no state file)")

        return poll(self.read, predicate, timeout, what, describe)

    def wait_newer(self, seq: int, predicate=lambda doc: True, timeout: float = 20.0, what: str = "") -> dict:
        return self.wait(lambda d: d["seq"] > seq and predicate(d), timeout, what or f"a state newer than #{seq}")

    def history(self, after: int = 0) -> list[dict]:
        """Every state the notebook wrote with seq > `after`, oldest first."""
        try:
            lines = (self.path.parent / (self.path.name + ".log")).read_text().splitlines()
        except OSError:
            return []
        docs = []
        for line in lines:
            try:
                doc = json.loads(line)
            except ValueError:  # a line being written
                continue
            if doc["seq"] > after:
                docs.append(doc)
        return docs


def model_of(doc: dict, model: str | None = None) -> dict:
    """The graph dict of one model (the active one by default) in a state doc."""
    return doc["project"]["models"][model or doc["active_model"]]


def summary(graph: dict) -> tuple:
    """(sorted (id, layer) pairs, sorted (source, target, port) triples) of a graph dict."""
    nodes = sorted((n["id"], n["layer"]) for n in graph["nodes"])
    edges = sorted((e["source"], e["target"], e.get("port", 0)) for e in graph["edges"])
    return nodes, edges
