"""The training part of generated code: optimizer, schedule, `model.compile` and callbacks.

It renders the same class-and-arguments description that `nnbuilder.training.compile`
builds objects from, so the exported script trains like the app. Every value goes
through the literal helpers; only our own class paths and step arithmetic are code.
"""

from __future__ import annotations

import keyword

from nnbuilder.codegen._format import Expr, Kw, lines, value_expr
from nnbuilder.codegen._source import definitions
from nnbuilder.document.schedule_parts import auto_steps, schedule_parts
from nnbuilder.document.training_settings import AUTO_STEPS, normalize_training
from nnbuilder.training.compile import (
    callback_parts,
    loss_parts,
    metric_parts,
    optimizer_parts,
)
from nnbuilder.verbatim import FOLDER as VERBATIM

SCHEDULES_FILE = VERBATIM / "schedules.py"

STEPS_PER_EPOCH = "steps_per_epoch"


class _Code(str):
    """Source text we wrote ourselves (a step count expression), rendered as it is."""


def uses_steps_per_epoch(training) -> bool:
    """Whether `compile_code` without `steps_per_epoch` refers to a `steps_per_epoch` variable
    that the surrounding script must define (a schedule step count left to one epoch)."""
    schedule = normalize_training(training)["schedule"]
    return any(schedule.get(key, 0) is None for (name, key) in AUTO_STEPS if name == schedule["name"])


def optimizer_code(
    training, *, steps_per_epoch: int | None = None, indent: int = 0, epochs_var: str | None = None
) -> str:
    """Source that builds the schedule (when there is one) and `optimizer`.

    Step counts left null become numbers when `steps_per_epoch` is given, else expressions
    using a `steps_per_epoch` variable (see `uses_steps_per_epoch`)."""
    settings = normalize_training(training)
    if steps_per_epoch is not None:
        steps = auto_steps(settings, steps_per_epoch)
    else:
        steps = _step_exprs(settings, epochs_var)
    out = []
    path, args = schedule_parts(settings, steps)
    optimizer_path, optimizer_args = optimizer_parts(settings)
    if path is not None:
        out += lines(_call(path, args), indent, "lr_schedule = ")
        optimizer_args["learning_rate"] = _Code("lr_schedule")
    out += lines(_call(optimizer_path, optimizer_args), indent, "optimizer = ")
    return "\n".join(out) + "\n"


def compile_code(
    training,
    model_var: str = "model",
    *,
    steps_per_epoch: int | None = None,
    indent: int = 0,
    epochs_var: str | None = None,
) -> str:
    """Source that builds the optimizer (and schedule) and compiles `model_var`, keras.io style."""
    if not (isinstance(model_var, str) and model_var.isidentifier() and not keyword.iskeyword(model_var)):
        raise ValueError(f"model_var must be a Python name, got {model_var!r}")
    settings = normalize_training(training)
    code = optimizer_code(settings, steps_per_epoch=steps_per_epoch, indent=indent, epochs_var=epochs_var)
    out = code.rstrip("\n").split("\n")
    metrics = Expr("", [value_expr(m) if isinstance(m, str) else _call(*m) for m in metric_parts(settings)], "[", "]")
    loss_path, loss_args = loss_parts(settings)
    call = Expr(
        f"{model_var}.compile",
        [Kw("optimizer=", "optimizer"), Kw("loss=", _call(loss_path, loss_args)), Kw("metrics=", metrics)],
    )
    out += lines(call, indent)
    return "\n".join(out) + "\n"


def callbacks_code(training, indent: int = 0) -> str:
    """Source defining `callbacks = [...]` for `model.fit`; a checkpoint is written next to the script's
    working folder under its bare file name."""
    settings = normalize_training(training)
    items = [_call(path, args) for path, args in callback_parts(settings)]
    return "\n".join(lines(Expr("", items, "[", "]"), indent, "callbacks = ")) + "\n"


def schedule_support_code(training) -> str:
    """Source of the classes the compile code needs beyond Keras (the cyclical schedule), or "".

    It ends with two blank lines, so the compile code can follow it directly."""
    if normalize_training(training)["schedule"]["name"] != "cyclic":
        return ""
    return definitions(SCHEDULES_FILE, ("CyclicalLearningRate",)) + "\n\n"


def _step_exprs(settings: dict, epochs_var: str | None = None) -> dict:
    """Step counts left null, as expressions of a `steps_per_epoch` variable (and of
    `epochs_var`, the script's epoch count, when given)."""
    schedule, out = settings["schedule"], {}
    for key, value in schedule.items():
        epochs = AUTO_STEPS.get((schedule["name"], key))
        if epochs is None or value is not None:
            continue
        if epochs == "run":
            total = f"{epochs_var or settings['epochs']} * {STEPS_PER_EPOCH}"
            warmup = schedule.get("warmup_steps", 0)
            out[key] = _Code(f"max(1, {total} - {warmup})" if warmup else total)
        else:
            out[key] = _Code(STEPS_PER_EPOCH if epochs == 1 else f"{epochs} * {STEPS_PER_EPOCH}")
    return out


def _call(path: str, args: dict) -> Expr:
    return Expr(path, [Kw(f"{key}=", _value(value)) for key, value in args.items()])


def _value(value):
    return str(value) if isinstance(value, _Code) else value_expr(value)
