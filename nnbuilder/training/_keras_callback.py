"""The Keras callback that turns `fit` progress into training events.

Imported only once a run starts (it imports Keras). It is marked async-safe so
that on JAX and PyTorch Keras keeps dispatching steps without waiting for it.
"""

from __future__ import annotations

import math
import time

import keras


class EventCallback(keras.callbacks.Callback):
    """Emits batch and epoch events, ends the run within a batch on stop or NaN."""

    async_safe = True

    def __init__(self, run):
        super().__init__()
        self.run = run
        self.epoch = 0
        self.step = 0
        self.started = 0.0

    def _halt(self):
        self.model.stop_training = True
        self.model.stop_evaluating = True

    def on_train_begin(self, logs=None):
        if self.run.stop_requested():
            self._halt()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.step = 0
        self.started = time.perf_counter()
        self.run.epoch_started(epoch)

    def on_train_batch_end(self, batch, logs=None):
        self.step = batch + 1
        logs = dict(logs or {})
        if self.run.stop_requested():
            self._halt()
        loss = logs.get("loss")
        if loss is not None and not math.isfinite(loss):
            self.run.found_nan(self.epoch, self.step, loss)
            self._halt()
            return
        self.run.emit({"kind": "batch", "epoch": self.epoch, "step": self.step, "steps": self.run.steps, "logs": logs})

    def on_test_batch_begin(self, batch, logs=None):
        # Keras validates after a stopped epoch too: cut that short as well.
        if self.run.stop_requested() or self.run.nan_seen:
            self.model.stop_evaluating = True

    def on_epoch_end(self, epoch, logs=None):
        complete = self.run.steps is None or self.step >= self.run.steps
        if not complete or self.run.nan_seen or (self.run.stop_requested() and not complete):
            return
        self.run.epoch_finished(epoch, dict(logs or {}), time.perf_counter() - self.started)
