"""The Keras callback that makes weights records during `fit` (imported only when a run starts: it
subclasses a Keras class). See `weight_stats.py` for when records are made."""

from __future__ import annotations

import math
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import keras  # type: ignore[import-untyped]
import numpy as np

from nnbuilder.errors import first_line
from nnbuilder.locale.weight_stats_words import GRADIENTS_FAILED, NO_GRADIENTS_BACKEND, NO_TARGETS, said
from nnbuilder.views._gradients import SUPPORTED_BACKENDS, Gradients, backend_name, batch_gradients
from nnbuilder.views.weight_histograms import weight_record
from nnbuilder.views.weight_stats import Sampling


class WeightStatsCallback(keras.callbacks.Callback):  # type: ignore[misc]
    """Hands a weights record to `sink` when training starts, at each complete epoch's end and, between,
    every `sampling.every` batches or as often as `sampling.share` of the training time allows."""

    def __init__(self, sink: Callable[[dict[str, Any]], Any], x: Any, y: Any, sampling: Sampling, *,
                 validation_split: float = 0.0):  # fmt: skip
        super().__init__()
        self.sink = sink
        self.sampling = sampling
        self.sample: tuple[Any, Any] | None = None
        self.note: tuple[str, str] | None = None
        if sampling.gradients:
            backend = backend_name()
            if backend not in SUPPORTED_BACKENDS:
                self.note = said(NO_GRADIENTS_BACKEND, backend=backend)
            elif y is None:
                self.note = said(NO_TARGETS)
            else:
                self.sample = _sample_rows(x, y, sampling.rows, validation_split, sampling.seed)
        self.rows = _rows(self.sample[0]) if self.sample is not None else 0
        # On JAX a record within an epoch puts the model's state back into its variables and waits for the
        # steps dispatched ahead: bench/histogram_overhead.py measured it costing the steps about 8 times
        # what the record itself takes, so that is what it is charged.
        self.hidden_cost = 8.0 if backend_name() == "jax" else 1.0
        self.held: Any = None  # the model, read without `self.model`, which syncs JAX's state each time
        self.steps: int | None = None
        self.epoch = 0
        self.batches = 0
        self.started = False
        self.began = 0.0
        self.spent = 0.0  # seconds spent making records in this fit
        self.charged = 0.0  # and what they are charged against `sampling.share`, hidden costs included
        self.last_cost = 0.0

    def set_model(self, model: Any) -> None:
        super().set_model(model)
        self.held = model

    def on_train_begin(self, logs: Any = None) -> None:
        self.steps = (self.params or {}).get("steps") or None
        self.started = False
        self.began = time.perf_counter()
        self.spent = self.charged = self.last_cost = 0.0

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self.epoch, self.batches = epoch, 0
        if not self.started:
            self.started = True
            if not _step(self.held):  # the weights before any training; a continued run was recorded already
                self._record("start")

    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        # At a batch's beginning, not its end: a callback with no batch-end hook lets Keras run the steps
        # ahead of Python (JAX dispatches them asynchronously), and the records cost no wait for each step.
        self.batches = batch  # done in this epoch
        if batch == 0 or getattr(self.held, "stop_training", False):
            return
        every = self.sampling.every
        if every is not None:
            due = batch % every == 0
        else:  # once a record's cost is known (the first of a continued run is its first epoch's end)
            trained = time.perf_counter() - self.began - self.spent
            charge = self.last_cost * self.hidden_cost
            due = self.last_cost > 0 and self.charged + charge <= self.sampling.share * trained
        if due:
            self._record("batch")
            self.charged += self.last_cost * (self.hidden_cost - 1)

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        # Keras leaves an epoch early only when asked to stop: then it is complete only if its last batch ran
        last = self.steps is None or self.batches + 1 >= self.steps
        complete = last or not getattr(self.held, "stop_training", False)
        loss = (logs or {}).get("loss")
        if complete and (loss is None or math.isfinite(float(loss))):  # a cut or diverged epoch is not recorded
            self.batches = self.steps or self.batches + 1
            self._record("epoch_end")

    def _record(self, at: str) -> None:
        start = time.perf_counter()
        model = self.model  # on JAX this puts the latest state back into the model's variables
        gradients = self._gradients(model)
        record = weight_record(
            model, epoch=self.epoch, batch=self.batches, step=_step(model), at=at, bins=self.sampling.bins,
            gradients=gradients,
        )  # fmt: skip
        record["gradients_on"] = {"backend": backend_name(), "rows": self.rows} if gradients is not None else None
        record["note"], record["note_zh"] = self.note or (None, None)
        record["seconds"] = round(time.perf_counter() - start, 6)
        self.sink(record)
        self.last_cost = time.perf_counter() - start
        self.spent += self.last_cost
        self.charged += self.last_cost

    def _gradients(self, model: Any) -> Gradients | None:
        if self.sample is None:
            return None
        try:
            return batch_gradients(model, *self.sample)
        except Exception as exc:  # the model trains on; its records say why they carry weights only
            print("nnbuilder: the gradients for the weights view could not be computed:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            self.sample = None
            self.note = said(GRADIENTS_FAILED, reason=first_line(exc) or type(exc).__name__)
            return None


def _sample_rows(x: Any, y: Any, rows: int, validation_split: float, seed: int) -> tuple[Any, Any]:
    """`rows` rows drawn once from the training part of `x`, `y` (Keras keeps the last `validation_split`
    of the rows for validation), in their order; nested inputs and targets keep their structure."""
    total = _rows(x)
    training = max(1, int(total * (1 - validation_split))) if total else 0
    chosen = np.sort(np.random.default_rng(seed).choice(training, size=min(rows, training), replace=False))
    return _take(x, chosen), _take(y, chosen)


def _rows(data: Any) -> int:
    if isinstance(data, dict):
        return _rows(next(iter(data.values()))) if data else 0
    if isinstance(data, (list, tuple)):
        return _rows(data[0]) if data else 0
    return len(data)


def _take(data: Any, rows: Any) -> Any:
    if isinstance(data, dict):
        return {k: _take(v, rows) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(_take(v, rows) for v in data)
    return np.asarray(data)[rows]


def _step(model: Any) -> int | None:
    """The optimizer's step count (training steps so far, over every `fit`); None before compile."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    return int(np.asarray(optimizer.iterations.numpy()))
