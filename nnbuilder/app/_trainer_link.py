"""Keeps one Trainer for the project the app shows, attached to the training panel.

Moving nodes or renaming the project keeps the trainer (and what it has learned);
a change to the networks, the data or the training settings gives a fresh one,
once the current run is over.
"""

from __future__ import annotations

import json
import threading

from nnbuilder.document.project import Project
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.training.trainer import Trainer


def training_key(project: Project) -> str:
    """What a trainer depends on: the networks without node positions, the data and training sections."""
    document = project.to_dict()
    for graph in document.get("models", {}).values():
        for node in graph.get("nodes", []):
            node.pop("pos", None)
    training = dict(document.get("training") or {})
    training.pop("epochs", None)  # more epochs continue the same run: see TrainerLink.follow
    kept = {"models": document.get("models"), "data": document.get("data"), "training": training}
    return json.dumps(kept, sort_keys=True, default=str)


class TrainerLink:
    """`follow(project)` after each edit; `trainer` is the current Trainer."""

    def __init__(self, panel, get_data, on_error, on_end):
        self.panel = panel
        self._get_data = get_data
        self._on_error = on_error
        self._on_end = on_end
        self._lock = threading.RLock()
        self.trainer = None
        self._key: str | None = None
        self._waiting: Project | None = None  # the project to follow once the running trainer ends
        self._unsubscribe = None
        self.on_replace = None  # called after a new trainer replaced the old one (from any thread)
        self.project_file = lambda: None  # the project's file: its runs are recorded in <stem>.runs beside it

    @property
    def behind(self) -> bool:
        """True while the project changed during a run and the running trainer no longer matches it."""
        return self._waiting is not None

    def follow(self, project: Project) -> bool:
        """Use a trainer for `project`; returns True when a new trainer replaced the old one."""
        with self._lock:
            key = training_key(project)
            if key == self._key:
                self._waiting = None
                self._follow_epochs(project)
                return False
            if self.trainer is not None and self.trainer.running:
                self._waiting = project  # never pull the model from under a running fit
                return False
            self._replace(project, key)
            return True

    def _follow_epochs(self, project: Project) -> None:
        """A new epoch count applies to the next Start or Continue of the same trainer."""
        trainer = self.trainer
        epochs = project.training.get("epochs")
        if trainer is None or epochs is None or trainer.running:
            return
        trainer.training["epochs"] = normalize_training(project.training)["epochs"]
        trainer.project = project.copy()

    def _replace(self, project: Project, key: str) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.trainer = Trainer(project, self._get_data(), project_file=self.project_file())
        self._key = key
        self._waiting = None
        self.panel.attach(self.trainer)
        self._unsubscribe = self.trainer.subscribe(self._event)

    def _event(self, event: dict) -> None:
        if event.get("kind") not in ("end", "error"):
            return
        try:
            self._on_end(event)
        except Exception as exc:
            self._on_error(exc, "training")
        with self._lock:
            waiting = self._waiting
        if waiting is not None:
            # the run is over but this callback still runs on its thread: switch once it has returned
            threading.Timer(0.2, self._catch_up).start()

    def _catch_up(self) -> None:
        with self._lock:
            waiting = self._waiting
            if waiting is None:
                return
            if self.trainer is not None and self.trainer.running:
                threading.Timer(0.2, self._catch_up).start()
                return
            try:
                self._replace(waiting, training_key(waiting))
                if self.on_replace is not None:
                    self.on_replace()
            except Exception as exc:
                self._on_error(exc, "training")
