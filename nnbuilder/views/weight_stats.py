"""Weights and gradients during training: how often they are recorded, the Keras callback that records
them, and what a run keeps of the records (see docs/weights-and-gradients.md for the record's format).

By default a record is made before the first training step, at the end of every epoch and, between them, as often
as keeps the time spent recording under 1% of the training time; `every` asks for a fixed number of
batches instead. Loads neither NumPy nor Keras until a callback is made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from nnbuilder.errors import NNBuilderError

BINS = 30
ROWS = 32
SHARE = 0.01


@dataclass(frozen=True)
class Sampling:
    """How weights records are made: `bins` per histogram, gradients on `rows` training rows drawn once
    (with `seed`), a record every `every` batches (None: as often as `share` of the training time allows),
    `gradients` False for weights only."""

    bins: int = BINS
    rows: int = ROWS
    every: int | None = None
    share: float = SHARE
    gradients: bool = True
    seed: int = 0


def sampling_from(option: Any) -> Sampling | None:
    """The sampling an option asks for: True (the default sampling), False or None (no records), a
    `Sampling`, or a dict of its fields."""
    if option is True:
        return Sampling()
    if option is False or option is None:
        return None
    if isinstance(option, Sampling):
        return _checked(option)
    if not isinstance(option, dict):
        raise NNBuilderError(f"weight_stats: expected True, False or a dict of sampling settings, got {option!r}")
    known = {f.name for f in fields(Sampling)}
    unknown = sorted(str(k) for k in option if k not in known)
    if unknown:
        raise NNBuilderError(
            f"weight_stats: unknown setting {unknown[0]!r}, expected one of {', '.join(sorted(known))}"
        )
    return _checked(Sampling(**option))


def _checked(sampling: Sampling) -> Sampling:
    for name in ("bins", "rows"):
        value = getattr(sampling, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise NNBuilderError(f"weight_stats.{name}: expected a whole number of at least 1, got {value!r}")
    every = sampling.every
    if every is not None and (isinstance(every, bool) or not isinstance(every, int) or every < 1):
        raise NNBuilderError(f"weight_stats.every: expected a whole number of batches of at least 1, got {every!r}")
    share = sampling.share
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share < 1:
        raise NNBuilderError(f"weight_stats.share: expected a fraction from 0 up to (not including) 1, got {share!r}")
    if not isinstance(sampling.gradients, bool):
        raise NNBuilderError(f"weight_stats.gradients: expected True or False, got {sampling.gradients!r}")
    if isinstance(sampling.seed, bool) or not isinstance(sampling.seed, int):
        raise NNBuilderError(f"weight_stats.seed: expected a whole number, got {sampling.seed!r}")
    return sampling


def weight_stats_callback(
    sink: Any, x: Any, y: Any, sampling: Sampling | None = None, *, validation_split: float = 0.0
) -> Any:
    """A `keras.callbacks.Callback` for `model.fit(x, y, validation_split=...)` that hands each weights
    record to `sink(record)`; gradients are computed on rows drawn from the training part of `x`, `y`."""
    from nnbuilder.views._weight_callback import WeightStatsCallback  # deferred: subclasses a Keras class

    return WeightStatsCallback(sink, x, y, sampling or Sampling(), validation_split=validation_split)


def keep_record(records: list[dict[str, Any]], record: dict[str, Any]) -> None:
    """Add `record` to what a run keeps: the record made before training and those at each epoch's end, and
    the records made within the newest epoch (those of earlier epochs went out as events and are let go)."""
    records[:] = [r for r in records if r["at"] != "batch" or r["epoch"] >= record["epoch"]]
    records.append(record)


def norm_series(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Per epoch, each layer's weight and gradient L2 norms (from the epoch-end records):
    `{"epochs": [...], "weight_norm": {node: [...]}, "gradient_norm": {node: [...]}}`, None where unknown."""
    ends = {r["epoch"]: r for r in records if r.get("at") == "epoch_end"}
    epochs = sorted(ends)
    nodes: list[str] = []
    for epoch in epochs:
        nodes.extend(n for n in ends[epoch]["layers"] if n not in nodes)
    series: dict[str, Any] = {"epochs": epochs}
    for key in ("weight_norm", "gradient_norm"):
        series[key] = {n: [_number((ends[e]["layers"].get(n) or {}).get(key)) for e in epochs] for n in nodes}
    return series


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


__all__ = ["BINS", "ROWS", "SHARE", "Sampling", "keep_record", "norm_series", "sampling_from", "weight_stats_callback"]
