"""The Keras callbacks that turn `fit` progress into training events.

Imported only once a run starts (it imports Keras). The event callback runs in
step with the training loop (not async), so batch events arrive in order and a
stop or a NaN takes effect at the next batch on every backend.
"""

from __future__ import annotations

import math
import time

import keras

from nnbuilder.verbatim.test_scores import EpochTestScores


class _EpochEvents(keras.callbacks.Callback):
    """What both event callbacks do: the epoch's start and end, and no validation of an epoch cut short."""

    def __init__(self, run):
        super().__init__()
        self.run = run
        self.epoch = 0
        self.step = 0
        self.started = 0.0
        self.complete = False

    def on_train_begin(self, logs=None):
        steps = (self.params or {}).get("steps")
        if steps:
            self.run.steps = steps  # Keras' own count wins
        if self.run.stop_requested():
            self.model.stop_training = True

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.step = 0
        self.complete = False
        self.started = time.perf_counter()

    def on_test_batch_begin(self, batch, logs=None):
        # Keras validates a stopped epoch too; an unfinished one is not kept, so skip that.
        if not self.complete or self.run.nan_seen:
            self.model.stop_evaluating = True

    def on_epoch_end(self, epoch, logs=None):
        if self.complete and not self.run.nan_seen:
            self.run.epoch_finished(epoch, dict(logs or {}), time.perf_counter() - self.started)


class EventCallback(_EpochEvents):
    """Emits batch and epoch events, ends the run within a batch on stop or NaN."""

    def on_train_batch_end(self, batch, logs=None):
        self.step = batch + 1
        logs = dict(logs or {})
        loss = logs.get("loss")
        if loss is not None and not math.isfinite(loss):
            self.run.found_nan(self.epoch, self.step, loss)
            self.model.stop_training = True
            return
        self.complete = self.run.steps is None or self.step >= self.run.steps
        if self.run.stop_requested():
            self.model.stop_training = True
        self.run.emit({"kind": "batch", "epoch": self.epoch, "step": self.step, "steps": self.run.steps, "logs": logs})


class EpochEventCallback(_EpochEvents):
    """Emits epoch events only, for runs nobody watches batch by batch (a search's trials). Having no
    `on_train_batch_end`, it lets Keras run the batches without handing each one's logs to Python: a stop
    still takes effect within a batch (checked as each batch begins), a NaN loss at the end of its epoch."""

    def on_train_batch_begin(self, batch, logs=None):
        self.step = batch + 1  # counted as begun: Keras ends the loop after the batch under way
        self.complete = self.run.steps is None or self.step >= self.run.steps
        if self.run.stop_requested():
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(loss):
            self.run.found_nan(epoch, self.step, loss)
            self.model.stop_training = True
            return
        super().on_epoch_end(epoch, logs)


class CompleteEpochsOnly(keras.callbacks.Callback):
    """Passes every hook to `inner` but the end of an epoch that was cut short, so that
    keep-best checkpoints, early stopping and plateaus never judge a partial epoch."""

    def __init__(self, inner, events: _EpochEvents):
        super().__init__()
        self.inner = inner
        self.events = events

    def set_model(self, model):
        super().set_model(model)
        self.inner.set_model(model)

    def set_params(self, params):
        super().set_params(params)
        self.inner.set_params(params)

    def on_train_begin(self, logs=None):
        self.inner.on_train_begin(logs)

    def on_train_end(self, logs=None):
        self.inner.on_train_end(logs)

    def on_epoch_begin(self, epoch, logs=None):
        self.inner.on_epoch_begin(epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self.inner.on_train_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):  # e.g. TerminateOnNaN
        self.inner.on_train_batch_end(batch, logs)

    def on_test_begin(self, logs=None):
        self.inner.on_test_begin(logs)

    def on_test_end(self, logs=None):
        self.inner.on_test_end(logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.events.complete and not self.events.run.nan_seen:
            self.inner.on_epoch_end(epoch, logs)


class CompleteEpochTestScores(EpochTestScores):
    """Test scores for complete epochs only: one cut short by a stop or a NaN is not kept, so not scored."""

    def __init__(self, x, y, batch_size: int, events: _EpochEvents):
        super().__init__(x, y, batch_size)
        self.events = events

    def scores_epoch(self, epoch):
        return self.events.complete and not self.events.run.nan_seen
