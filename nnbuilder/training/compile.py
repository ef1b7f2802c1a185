"""Keras objects for a training section: schedule, optimizer, loss, metrics, callbacks.

The `*_parts` functions say which Keras class gets which arguments; both the
`make_*` functions here and the generated code (`nnbuilder.codegen.training_code`)
use them, so a run in the app and the exported script build the same objects.
Keras is imported inside functions only.
"""

from __future__ import annotations

import os

from nnbuilder.document.schedule_parts import auto_steps, schedule_parts
from nnbuilder.document.training_settings import (
    CALLBACKS,
    LOSSES,
    OPTIMIZERS,
    normalize_training,
)


def _settings(training) -> dict:
    """The normalized section of a training dict (or of anything with a `.training` dict, like a Project)."""
    return normalize_training(getattr(training, "training", training))


# ------------------------------------------------------------------- the parts
def optimizer_parts(settings: dict) -> tuple[str, dict]:
    """(class path, keyword arguments) of the optimizer: the learning rate and every value off its default."""
    optimizer = settings["optimizer"]
    entry = OPTIMIZERS[optimizer["name"]]
    args = {"learning_rate": optimizer["learning_rate"]}
    for key, param in entry["params"].items():
        if key != "learning_rate" and optimizer[key] != param.default:
            args[key] = optimizer[key]
    return "keras.optimizers." + entry["keras"], args


def loss_parts(settings: dict) -> tuple[str, dict]:
    return "keras.losses." + LOSSES[settings["loss"]]["keras"], {}


def metric_parts(settings: dict) -> list:
    """Each metric as a Keras name (str) or (class path, keyword arguments); explicit names keep logs stable."""
    out = []
    for name in settings["metrics"]:
        if name in ("accuracy", "mae", "mse"):
            out.append(name)  # Keras picks the binary / categorical / sparse form from the shapes
        elif name == "top_k_categorical_accuracy":
            sparse = settings["loss"] == "sparse_categorical_crossentropy"
            path = "keras.metrics." + ("SparseTopKCategoricalAccuracy" if sparse else "TopKCategoricalAccuracy")
            out.append((path, {"k": 5, "name": name}))
        else:
            out.append(("keras.metrics." + {"auc": "AUC", "precision": "Precision", "recall": "Recall"}[name],
                        {"name": name}))  # fmt: skip
    return out


def callback_parts(settings: dict) -> list[tuple[str, dict]]:
    """Each callback as (class path, keyword arguments); a checkpoint's filepath is a bare file name."""
    out = []
    for callback in settings["callbacks"]:
        args = {key: value for key, value in callback.items() if key != "name"}
        if "filepath" in args:
            args["filepath"] = checkpoint_name(args["filepath"])
        out.append(("keras.callbacks." + CALLBACKS[callback["name"]]["keras"], args))
    return out


def checkpoint_name(filepath: str) -> str:
    """Only the file name of a checkpoint path, so a project file cannot aim outside the run's folder."""
    name = os.path.basename(str(filepath).replace("\\", "/"))
    return name if name not in ("", ".", "..") else "best.keras"


# ------------------------------------------------------------------- the objects
def _keras_class(path: str):
    if not path.startswith("keras."):
        from nnbuilder.verbatim import schedules as _schedules  # deferred: imports Keras

        return getattr(_schedules, path)
    import keras

    target = keras
    for part in path.split(".")[1:]:
        target = getattr(target, part)
    return target


def make_schedule(training, steps_per_epoch=None):
    """The learning rate: a float for the constant schedule, else a Keras LearningRateSchedule."""
    settings = _settings(training)
    path, args = schedule_parts(settings, auto_steps(settings, steps_per_epoch))
    if path is None:
        return float(settings["optimizer"]["learning_rate"])
    return _keras_class(path)(**args)


def make_optimizer(training, steps_per_epoch=None):
    """A Keras optimizer whose learning rate follows the schedule."""
    settings = _settings(training)
    path, args = optimizer_parts(settings)
    args["learning_rate"] = make_schedule(settings, steps_per_epoch)
    return _keras_class(path)(**args)


def make_loss(training):
    """A Keras loss object."""
    path, args = loss_parts(_settings(training))
    return _keras_class(path)(**args)


def make_metrics(training) -> list:
    """Metrics for `model.compile`: Keras names and metric objects."""
    return [m if isinstance(m, str) else _keras_class(m[0])(**m[1]) for m in metric_parts(_settings(training))]


def make_callbacks(training, *, checkpoint_dir=None) -> list:
    """Keras callbacks for the section. A checkpoint file goes into `checkpoint_dir`
    (a new temporary folder when None), under its bare file name."""
    out = []
    for path, args in callback_parts(_settings(training)):
        if "filepath" in args:
            if checkpoint_dir is None:
                import tempfile

                checkpoint_dir = tempfile.mkdtemp(prefix="nnbuilder-checkpoints-")
            os.makedirs(checkpoint_dir, exist_ok=True)
            args["filepath"] = os.path.join(os.fspath(checkpoint_dir), args["filepath"])
        out.append(_keras_class(path)(**args))
    return out


def compile_model(model, training, steps_per_epoch=None):
    """Compile `model` with the section's optimizer, loss and metrics; returns the model."""
    settings = _settings(training)
    model.compile(
        optimizer=make_optimizer(settings, steps_per_epoch),
        loss=make_loss(settings),
        metrics=make_metrics(settings),
    )
    return model
