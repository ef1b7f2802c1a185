"""Training settings: validating a project's `training` section and filling in defaults.

The choices themselves (with defaults, bounds and help) are the tables in
`training_choices.py`, re-exported here, so forms, validation, `compile.py` and generated code
agree. No Keras import.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from nnbuilder.document.params import Param, describe, normalize, refusal
from nnbuilder.document.training_choices import (  # noqa: F401  (the tables are part of this module's interface)
    AUTO_STEPS,
    CALLBACKS,
    DEFAULTS,
    FIELDS,
    GAN_LOGS,
    LOSSES,
    METRICS,
    OPTIMIZERS,
    RECIPES,
    SCHEDULES,
)
from nnbuilder.errors import ProjectError

Problems = list[tuple[str, str]]  # (path of the field, what is wrong with it)


def loss_name(name: Any) -> str | None:
    """The table name of a loss name or Keras alias ("mean_squared_error" -> "mse"); None if unknown."""
    if isinstance(name, str):
        if name in LOSSES:
            return name
        return next((key for key, entry in LOSSES.items() if name in entry["aliases"]), None)
    return None


def monitor_choices(training: Any) -> list[str]:
    """Values a callback can watch with these settings: the loss, the metrics and their val_ forms."""
    training = training if isinstance(training, dict) else {}
    if training.get("recipe") == "gan":
        return list(GAN_LOGS)
    metrics = training.get("metrics", DEFAULTS["metrics"])
    names = ["loss"] + [m for m in (metrics if isinstance(metrics, list) else []) if isinstance(m, str)]
    return names + ["val_" + name for name in names]


def training_problems(training: Any) -> list[tuple[str, str]]:
    """Every problem in a training section as (path, message); empty when it is fine."""
    return _check(training)[1]


def normalize_training(training: Any) -> dict[str, Any]:
    """A full copy of the section with defaults filled in; ProjectError names the first problem."""
    normalized, problems = _check(training)
    if problems:
        path, message = problems[0]
        raise ProjectError(message, path)
    return normalized


# ---------------------------------------------------------------------- values
def _known(names: Iterable[str]) -> str:
    return ", ".join(names)


def _value(param: Param, value: Any, path: str, problems: Problems) -> Any:
    """`value` as Python code is given it (a float for a number), or the default after adding (path, why)
    to `problems`."""
    message = refusal(param, value)
    if message is not None:
        problems.append((path, message))
        return param.default
    return normalize(param, value)


# ---------------------------------------------------------------------- checks
def _check(training: Any) -> tuple[dict[str, Any], Problems]:
    problems: Problems = []
    if training is None:
        training = {}
    if not isinstance(training, dict):
        return copy.deepcopy(DEFAULTS), [("training", f"expected an object of settings, got {describe(training)}")]
    for key in training:
        if key not in DEFAULTS:
            problems.append((f"training.{key}", f"unknown setting; known: {_known(DEFAULTS)}"))
    recipe = _name(training.get("recipe", DEFAULTS["recipe"]), RECIPES, "recipe", "training.recipe", problems)
    out: dict[str, Any] = {"recipe": recipe}
    for key, param in FIELDS.items():
        out[key] = _value(param, training.get(key, param.default), f"training.{key}", problems)
    for key, table in (("optimizer", OPTIMIZERS), ("schedule", SCHEDULES)):
        value = training.get(key)
        out[key] = _entry(copy.deepcopy(DEFAULTS[key]) if value is None else value, table, key, problems)
    raw = training.get("loss", DEFAULTS["loss"])
    out["loss"] = loss_name(raw)
    if out["loss"] is None:
        problems.append(("training.loss", f"expected a known loss ({_known(LOSSES)}), got {describe(raw)}"))
    out["metrics"] = _metrics(training.get("metrics", DEFAULTS["metrics"]), out["loss"], problems)
    callbacks = training.get("callbacks", [])
    if not isinstance(callbacks, list):
        problems.append(("training.callbacks", f"expected a list of callbacks, got {describe(callbacks)}"))
        callbacks = []
    out["callbacks"] = [_entry(c, CALLBACKS, f"callbacks[{i}]", problems) for i, c in enumerate(callbacks)]
    out["callbacks"] = [c for c in out["callbacks"] if c is not None]
    _cross_checks(out, problems)
    return {key: out[key] for key in DEFAULTS}, problems


def _name(value: Any, table: Mapping[str, object], what: str, path: str, problems: Problems) -> str | None:
    if isinstance(value, str) and value in table:
        return value
    problems.append((path, f"expected a known {what} ({_known(table)}), got {describe(value)}"))
    return None


def _entry(value: Any, table: dict[str, dict[str, Any]], where: str, problems: Problems) -> dict[str, Any] | None:
    """A {"name": ..., parameters...} entry (a bare name is accepted) with every parameter filled in."""
    path, what = f"training.{where}", where.split("[")[0].rstrip("s")
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        problems.append((path, f'expected an object with a "name", got {describe(value)}'))
        return None
    name = _name(value.get("name"), table, what, f"{path}.name", problems)
    if name is None:
        return None
    params: dict[str, Param] = table[name]["params"]
    out: dict[str, Any] = {"name": name}
    for key in value:
        if key != "name" and key not in params:
            known = _known(params) if params else "none"
            problems.append((f"{path}.{key}", f"{what} {name} has no parameter {key!r}; its parameters: {known}"))
    for key, param in params.items():
        out[key] = _value(param, value.get(key, param.default), f"{path}.{key}", problems)
    return out


def _metrics(value: Any, loss: str | None, problems: Problems) -> list[str]:
    if not isinstance(value, list):
        problems.append(("training.metrics", f"expected a list of metric names, got {describe(value)}"))
        return []
    out: list[str] = []
    for i, name in enumerate(value):
        path = f"training.metrics[{i}]"
        if _name(name, METRICS, "metric", path, problems) is None:
            continue
        entry = METRICS[name]
        if name in out:
            problems.append((path, f"expected each metric once, got {describe(name)} again"))
        elif entry["strict"] and loss is not None and loss not in entry["losses"]:
            problems.append(
                (path, f"metric {name} needs one of the losses {_known(entry['losses'])}, got {describe(loss)}")
            )
        else:
            out.append(name)
    return out


def _cross_checks(out: dict[str, Any], problems: Problems) -> None:
    """Rules that involve more than one setting."""
    optimizer, schedule = out["optimizer"], out["schedule"]
    if optimizer and optimizer["clipnorm"] is not None and optimizer["clipvalue"] is not None:
        problems.append(("training.optimizer.clipvalue", "expected clipnorm or clipvalue, got both"))
    if optimizer and schedule and schedule["name"] == "cyclic":
        top, base = schedule["maximal_learning_rate"], optimizer["learning_rate"]
        if top is not None and top < base:
            message = f"expected at least the optimizer's learning_rate ({describe(base)}), got {describe(top)}"
            problems.append(("training.schedule.maximal_learning_rate", message))
    if out.get("recipe") == "gan" and out["test_each_epoch"]:
        message = "the gan recipe has no test loss to measure (its losses pit two models against each other)"
        problems.append(("training.test_each_epoch", message + "; expected false"))
    if out.get("recipe") == "gan" and out["callbacks"]:
        message = "the gan recipe trains in its own loop, which runs no Keras callbacks (it stops on NaN by itself)"
        problems.append(("training.callbacks", message + f"; expected [], got {len(out['callbacks'])} callbacks"))
    choices = monitor_choices(out)
    for i, callback in enumerate(out["callbacks"]):
        path, monitor = f"training.callbacks[{i}]", callback.get("monitor")
        if isinstance(monitor, str) and monitor.startswith("test_"):
            message = (
                f"test values are shown, never watched: a callback that watches the test split tunes the "
                f"run to it; watch {'val_' + monitor[5:]} (the validation split) instead"
            )
            problems.append((f"{path}.monitor", message))
        elif monitor is not None and monitor not in choices:
            message = f"expected a logged value ({_known(choices)}), got {describe(monitor)}"
            problems.append((f"{path}.monitor", message))
        elif monitor is not None and monitor.startswith("val_") and out["validation_split"] == 0:
            message = f"{monitor} is logged only when validation_split is above 0; watch {monitor[4:]} instead"
            problems.append((f"{path}.monitor", message))
        if callback["name"] == "reduce_lr_on_plateau" and schedule and schedule["name"] != "constant":
            message = f"reduce_lr_on_plateau needs the constant schedule, got {describe(schedule['name'])}"
            problems.append((f"{path}.name", message))
        if callback["name"] == "model_checkpoint":
            _check_filepath(callback["filepath"], f"{path}.filepath", problems)


def _check_filepath(value: str, path: str, problems: Problems) -> None:
    """A bare file name: the checkpoint always lands in the run's folder."""
    plain = all(ch.isalnum() or ch in "_-." for ch in value) and not value.startswith(".")
    if not plain or not value.endswith(".keras"):
        problems.append(
            (path, f"expected a plain file name ending in .keras such as best.keras, got {describe(value)}")
        )
