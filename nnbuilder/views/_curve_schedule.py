"""The learning rate over a planned run, per step and per epoch, as Keras's own schedule object gives it.

Which Keras class gets which arguments is the trainer's own rule (`nnbuilder.document.schedule_parts`); the
rates themselves are always Keras's."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.document.schedule_parts import auto_steps, schedule_parts
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.views._curve_grad import Floats, floats, whole


def schedule_curve(training: Any, epochs: int | None = None, steps_per_epoch: int = 100) -> dict[str, Any]:
    """The learning rate of every step (batch) of a run of `epochs` (the settings' own when None) epochs of
    `steps_per_epoch` batches, and of every epoch: the rate its last batch trains with, as the run's
    history logs it. `training` is a training section or anything with one (a Project)."""
    settings = normalize_training(getattr(training, "training", training))
    settings["epochs"] = whole(settings["epochs"] if epochs is None else epochs, "epochs", 1)
    per_epoch = whole(steps_per_epoch, "steps_per_epoch", 1)
    path, args = schedule_parts(settings, auto_steps(settings, per_epoch))
    total = settings["epochs"] * per_epoch
    if path is None:
        rates: Floats = np.full(total, float(settings["optimizer"]["learning_rate"]), dtype=np.float64)
    else:
        rates = _rates(_schedule_class(path)(**args), total)
    return {
        "schedule": settings["schedule"]["name"],
        "keras": path,
        "arguments": args,
        "epochs": settings["epochs"],
        "steps_per_epoch": per_epoch,
        "step": list(range(total)),
        "per_step": floats(rates),
        "epoch": list(range(1, settings["epochs"] + 1)),
        "per_epoch": floats(rates[per_epoch - 1 :: per_epoch]),
    }


def _schedule_class(path: str) -> Any:
    if not path.startswith("keras."):
        from nnbuilder.verbatim import schedules  # deferred: imports Keras

        return getattr(schedules, path)
    import keras  # type: ignore[import-untyped]

    return getattr(keras.optimizers.schedules, path.rsplit(".", 1)[1])


def _rates(schedule: Any, total: int) -> Floats:
    """The schedule at steps 0 .. total - 1: called on all steps at once, or mapped over them where the
    schedule branches on its step (a warmup)."""
    import keras

    steps = keras.ops.arange(total)
    try:
        rates = np.asarray(keras.ops.convert_to_numpy(schedule(steps)), dtype=np.float64)
    except (ValueError, TypeError):
        rates = np.empty(0)
    if rates.shape != (total,):
        rates = np.asarray(keras.ops.convert_to_numpy(keras.ops.vectorized_map(schedule, steps)), dtype=np.float64)
    return rates.reshape(total)
