"""Training settings: the tables behind the training forms, and their validation.

Every choice (recipe, optimizer, schedule, loss, metric, callback) is described once
here, under Keras constructor names, with default, bounds and one-line help, so forms,
validation, `compile.py` and generated code agree. No Keras import.
"""

from __future__ import annotations

import copy
import json
import math

from nnbuilder.errors import ProjectError


def _p(kind: str, default, help: str, interval: str | None = None, *, null: bool = False, choices=None) -> dict:
    """One parameter. `kind`: float, int, bool, str or choice; `interval` like "[0, 1)" or "(0, inf)"."""
    spec = {"type": kind, "default": default, "help": help}
    if interval:
        low, high = (part.strip() for part in interval[1:-1].split(","))
        if low != "-inf":
            spec.update(min=_num(low), min_exclusive=interval[0] == "(")
        if high != "inf":
            spec.update(max=_num(high), max_exclusive=interval[-1] == ")")
    if null:
        spec["nullable"] = True
    if choices is not None:
        spec["choices"] = list(choices)
    return spec


def _num(text: str):
    return float(text) if "." in text or "e" in text else int(text)


RECIPES = {
    "supervised": {"title": "Supervised", "help": "Fit inputs to known targets (classification or regression)."},
    "autoencoder": {"title": "Autoencoder", "help": "Learn to rebuild the input: the target is the input itself."},
    "gan": {"title": "GAN", "help": "A generator and a discriminator trained against each other on the inputs."},
}

_UNIT = "[0, 1)"
_BETA_1 = _p("float", 0.9, "Decay of the running average of gradients (momentum).", _UNIT)
_BETA_2 = _p("float", 0.999, "Decay of the running average of squared gradients.", _UNIT)
_EPSILON = _p("float", 1e-07, "Small constant that avoids division by zero.", "(0, inf)")
_AMSGRAD = _p("bool", False, "Use the AMSGrad variant, which keeps the largest squared-gradient average.")
_MOMENTUM = _p("float", 0.0, "Share of the previous update kept, smoothing the descent (0 = none).", _UNIT)


_CLIPNORM = _p("float", None, "Rescale each gradient to at most this norm (null = off).", "(0, inf)", null=True)
_CLIPVALUE = _p("float", None, "Clip gradient elements to [-value, value] (null = off).", "(0, inf)", null=True)


def _params(learning_rate: float, weight_decay=None, **specific) -> dict:
    """An optimizer's parameters: learning rate, its own ones, then decay and clipping."""
    return {
        "learning_rate": _p("float", learning_rate, "Size of each update step; matters most.", "(0, inf)"),
        **specific,
        "weight_decay": _p("float", weight_decay, "Shrink weights a bit each step (null = none).", "[0, inf)",
                           null=True),
        "clipnorm": _CLIPNORM,
        "clipvalue": _CLIPVALUE,
    }  # fmt: skip


_ADAM = {"beta_1": _BETA_1, "beta_2": _BETA_2, "epsilon": _EPSILON, "amsgrad": _AMSGRAD}

OPTIMIZERS = {
    "sgd": {
        "title": "SGD", "keras": "SGD", "help": "Plain stochastic gradient descent, optionally with momentum.",
        "params": _params(0.01, momentum=_MOMENTUM,
                          nesterov=_p("bool", False, "Nesterov momentum: look ahead before taking the gradient.")),
    },
    "adam": {
        "title": "Adam", "keras": "Adam", "help": "Adaptive moments; a dependable first choice for most networks.",
        "params": _params(0.001, **_ADAM),
    },
    "adamw": {
        "title": "AdamW", "keras": "AdamW", "help": "Adam with decoupled weight decay; often generalises better.",
        "params": _params(0.001, 0.004, **_ADAM),
    },
    "rmsprop": {
        "title": "RMSprop", "keras": "RMSprop", "help": "Scales steps by recent gradient size; a classic for RNNs.",
        "params": _params(0.001, rho=_p("float", 0.9, "Decay of the running average of squared gradients.", _UNIT),
                          momentum=_MOMENTUM, epsilon=_EPSILON,
                          centered=_p("bool", False, "Normalise by the gradient variance, not its second moment.")),
    },
    "adagrad": {
        "title": "Adagrad", "keras": "Adagrad", "help": "Per-weight rates that shrink with past gradients.",
        "params": _params(0.001, initial_accumulator_value=_p("float", 0.1, "Starting value of the squared-gradient "
                          "sums.", "[0, inf)"), epsilon=_EPSILON),
    },
    "nadam": {
        "title": "Nadam", "keras": "Nadam", "help": "Adam with Nesterov momentum.",
        "params": _params(0.001, beta_1=_BETA_1, beta_2=_BETA_2, epsilon=_EPSILON),
    },
}  # fmt: skip

_ALPHA = _p("float", 0.0, "Lowest learning rate, as a fraction of the starting one.", "[0, 1]")
_RATE = "(0, 1]"

# The schedule starts from the optimizer's learning_rate. Step counts are in batches.
SCHEDULES = {
    "constant": {"title": "Constant", "keras": None, "help": "Keep the optimizer's learning rate.", "params": {}},
    "step_decay": {
        "title": "Step decay", "keras": "ExponentialDecay",
        "help": "Multiply the learning rate by decay_rate every decay_steps batches.",
        "params": {
            "decay_steps": _p("int", None, "Batches between drops (null = one epoch).", "[1, inf)", null=True),
            "decay_rate": _p("float", 0.5, "Factor applied at each drop.", _RATE),
        },
    },
    "exponential_decay": {
        "title": "Exponential decay", "keras": "ExponentialDecay",
        "help": "Shrink the learning rate by decay_rate per decay_steps batches, smoothly or in stairs.",
        "params": {
            "decay_steps": _p("int", None, "Batches per decay_rate factor (null = one epoch).", "[1, inf)", null=True),
            "decay_rate": _p("float", 0.96, "Factor per decay_steps batches.", _RATE),
            "staircase": _p("bool", False, "Drop in whole steps instead of continuously."),
        },
    },
    "cosine": {
        "title": "Cosine decay", "keras": "CosineDecay",
        "help": "Follow half a cosine down to alpha times the learning rate, after an optional warmup.",
        "params": {
            "decay_steps": _p("int", None, "Batches to decay over (null = the rest of the run).", "[1, inf)",
                              null=True),
            "alpha": _ALPHA,
            "warmup_steps": _p("int", 0, "Batches rising linearly from 0 to the learning rate first.", "[0, inf)"),
        },
    },
    "cosine_restarts": {
        "title": "Cosine with restarts", "keras": "CosineDecayRestarts",
        "help": "Cosine decay that restarts from a high rate at the end of each period (SGDR).",
        "params": {
            "first_decay_steps": _p("int", None, "Batches in the first period (null = one epoch).", "[1, inf)",
                                    null=True),
            "t_mul": _p("float", 2.0, "Each period is this many times longer than the last.", "(0, inf)"),
            "m_mul": _p("float", 1.0, "Each restart begins at this fraction of the previous peak.", "(0, inf)"),
            "alpha": _ALPHA,
        },
    },
    "cyclic": {
        "title": "Cyclic", "keras": "CyclicalLearningRate",
        "help": "Sweep up from the learning rate to a maximum and back, again and again.",
        "params": {
            "maximal_learning_rate": _p("float", None, "Top of each cycle, at least the learning rate (null = ten "
                                        "times it).", "(0, inf)", null=True),
            "step_size": _p("int", None, "Batches in half a cycle (null = two epochs).", "[1, inf)", null=True),
            "mode": _p("choice", "triangular", "triangular: the same height every cycle; triangular2: halve it "
                       "each cycle.", choices=["triangular", "triangular2"]),
        },
    },
}  # fmt: skip

# Step counts left null come from the run: this many epochs of batches, or "run" = all epochs.
AUTO_STEPS = {
    ("step_decay", "decay_steps"): 1,
    ("exponential_decay", "decay_steps"): 1,
    ("cosine", "decay_steps"): "run",
    ("cosine_restarts", "first_decay_steps"): 1,
    ("cyclic", "step_size"): 2,
}

LOSSES = {
    "mse": {"title": "Mean squared error", "keras": "MeanSquaredError", "aliases": ["mean_squared_error"],
            "help": "Regression on real-valued targets; large errors count most."},
    "mae": {"title": "Mean absolute error", "keras": "MeanAbsoluteError", "aliases": ["mean_absolute_error"],
            "help": "Regression where outliers should count less than with mse."},
    "huber": {"title": "Huber", "keras": "Huber", "aliases": ["huber_loss"],
              "help": "Regression: squared for small errors, absolute for large ones."},
    "binary_crossentropy": {"title": "Binary cross-entropy", "keras": "BinaryCrossentropy", "aliases": [],
                            "help": "Yes/no targets (0 or 1) with a sigmoid output; also [0, 1] images "
                                    "(autoencoders, GANs)."},
    "categorical_crossentropy": {"title": "Categorical cross-entropy", "keras": "CategoricalCrossentropy",
                                 "aliases": [], "help": "Several classes, one-hot targets, softmax output."},
    "sparse_categorical_crossentropy": {"title": "Sparse categorical cross-entropy",
                                        "keras": "SparseCategoricalCrossentropy", "aliases": [],
                                        "help": "Several classes, integer class indices as targets, softmax output."},
}  # fmt: skip

_XENT = ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"]
_ERRORS = ["mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy"]

# "losses": the losses a metric fits. "strict": with any other loss Keras fails, so validation refuses it.
METRICS = {
    "accuracy": {"title": "Accuracy", "losses": _XENT, "strict": False,
                 "help": "Share of correct classes; Keras picks the binary, categorical or sparse form."},
    "mae": {"title": "Mean absolute error", "losses": _ERRORS, "strict": True, "help": "Average size of the error."},
    "mse": {"title": "Mean squared error", "losses": _ERRORS, "strict": True, "help": "Average squared error."},
    "auc": {"title": "AUC", "losses": _XENT[:2], "strict": True,
            "help": "Area under the ROC curve: how well yes/no scores rank the samples."},
    "precision": {"title": "Precision", "losses": _XENT[:2], "strict": True,
                  "help": "Of the samples predicted positive, the share that are."},
    "recall": {"title": "Recall", "losses": _XENT[:2], "strict": True,
               "help": "Of the positive samples, the share that were found."},
    "top_k_categorical_accuracy": {"title": "Top-5 accuracy", "losses": _XENT[1:], "strict": True,
                                   "help": "Share of samples whose class is among the 5 highest scores."},
}  # fmt: skip

_MONITOR = _p("str", "val_loss", "Logged value to watch: loss or a metric, with val_ in front for validation.")

CALLBACKS = {
    "early_stopping": {
        "title": "Early stopping", "keras": "EarlyStopping", "help": "Stop when the watched value stops improving.",
        "params": {
            "monitor": _MONITOR,
            "patience": _p("int", 3, "Epochs without improvement before stopping.", "[0, inf)"),
            "min_delta": _p("float", 0.0, "Smallest change that counts as an improvement.", "[0, inf)"),
            "restore_best_weights": _p("bool", True, "Go back to the weights of the best epoch when stopping."),
        },
    },
    "reduce_lr_on_plateau": {
        "title": "Reduce learning rate on plateau", "keras": "ReduceLROnPlateau",
        "help": "Multiply the learning rate by factor when the watched value stops improving.",
        "params": {
            "monitor": _MONITOR,
            "factor": _p("float", 0.1, "Factor applied to the learning rate.", "(0, 1)"),
            "patience": _p("int", 2, "Epochs without improvement before reducing.", "[0, inf)"),
            "min_lr": _p("float", 0.0, "The learning rate never goes below this.", "[0, inf)"),
        },
    },
    "model_checkpoint": {
        "title": "Keep best model", "keras": "ModelCheckpoint",
        "help": "Save the model to a .keras file each time the watched value improves.",
        "params": {
            "filepath": _p("str", "best.keras", "File name ending in .keras, saved in the run's folder."),
            "monitor": _MONITOR,
            "save_best_only": _p("bool", True, "Save only when the watched value improves."),
        },
    },
    "terminate_on_nan": {"title": "Stop on NaN", "keras": "TerminateOnNaN",
                         "help": "Stop as soon as the loss becomes NaN (not a number).", "params": {}},
}  # fmt: skip

FIELDS = {
    "epochs": _p("int", 5, "Passes over the training data.", "[1, inf)"),
    "batch_size": _p("int", 128, "Samples per update step.", "[1, inf)"),
    "validation_split": _p("float", 0.1, "Share of the training data held out for validation.", "[0, 1)"),
    "seed": _p("int", None, "Random seed for repeatable runs (null = random).", "[0, 4294967295]", null=True),
}

DEFAULTS = {
    "recipe": "supervised",
    "optimizer": {"name": "adam", "learning_rate": 0.001},
    "schedule": {"name": "constant"},
    "loss": "sparse_categorical_crossentropy",
    "metrics": ["accuracy"],
    "epochs": 5,
    "batch_size": 128,
    "validation_split": 0.1,
    "seed": None,
    "callbacks": [],
}

GAN_LOGS = ["d_loss", "g_loss", "d_accuracy"]


def loss_name(name) -> str | None:
    """The table name of a loss name or Keras alias ("mean_squared_error" -> "mse"); None if unknown."""
    if isinstance(name, str):
        if name in LOSSES:
            return name
        return next((key for key, entry in LOSSES.items() if name in entry["aliases"]), None)
    return None


def monitor_choices(training) -> list[str]:
    """Values a callback can watch with these settings: the loss, the metrics and their val_ forms."""
    training = training if isinstance(training, dict) else {}
    if training.get("recipe") == "gan":
        return list(GAN_LOGS)
    metrics = training.get("metrics", DEFAULTS["metrics"])
    names = ["loss"] + [m for m in (metrics if isinstance(metrics, list) else []) if isinstance(m, str)]
    return names + ["val_" + name for name in names]


def training_problems(training) -> list[tuple[str, str]]:
    """Every problem in a training section as (path, message); empty when it is fine."""
    return _check(training)[1]


def normalize_training(training) -> dict:
    """A full copy of the section with defaults filled in; ProjectError names the first problem."""
    normalized, problems = _check(training)
    if problems:
        path, message = problems[0]
        raise ProjectError(message, path)
    return normalized


# ---------------------------------------------------------------------- values
def describe(value) -> str:
    """A found value as the document spells it (JSON), shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _known(names) -> str:
    return ", ".join(names)


def _expected(spec: dict) -> str:
    kinds = {"float": "a number", "int": "a whole number", "bool": "true or false", "str": "text"}
    text = kinds.get(spec["type"]) or "one of " + ", ".join(describe(c) for c in spec.get("choices", []))
    bounds = []
    if "min" in spec:
        bounds.append(f"{'above' if spec['min_exclusive'] else 'at least'} {spec['min']}")
    if "max" in spec:
        bounds.append(f"{'below' if spec['max_exclusive'] else 'at most'} {spec['max']}")
    if bounds:
        text += " " + " and ".join(bounds)
    return text + (", or null" if spec.get("nullable") else "")


def check_value(spec: dict, value, path: str, problems: list):
    """`value` in its normalized form (ints for whole numbers, floats for numbers), or the default
    after adding (path, message) to `problems`."""
    if value is None and spec.get("nullable"):
        return None
    kind, out = spec["type"], None
    if kind == "bool" and isinstance(value, bool):
        out = value
    elif kind in ("str", "choice") and isinstance(value, str):
        out = value if (value.strip() and value in spec.get("choices", [value])) else None
    elif _is_number(value) and math.isfinite(value) and (kind == "float" or float(value).is_integer()):
        out = float(value) if kind == "float" else int(value) if kind == "int" else None
        if out is not None and not _in_bounds(spec, out):
            out = None
    if out is None:
        problems.append((path, f"expected {_expected(spec)}, got {describe(value)}"))
        return spec["default"]
    return out


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _in_bounds(spec, number) -> bool:
    if "min" in spec and (number <= spec["min"] if spec["min_exclusive"] else number < spec["min"]):
        return False
    return not ("max" in spec and (number >= spec["max"] if spec["max_exclusive"] else number > spec["max"]))


# ---------------------------------------------------------------------- checks
def _check(training) -> tuple[dict, list]:
    problems: list = []
    if training is None:
        training = {}
    if not isinstance(training, dict):
        return copy.deepcopy(DEFAULTS), [("training", f"expected an object of settings, got {describe(training)}")]
    for key in training:
        if key not in DEFAULTS:
            problems.append((f"training.{key}", f"unknown setting; known: {_known(DEFAULTS)}"))
    out = {"recipe": _name(training.get("recipe", DEFAULTS["recipe"]), RECIPES, "recipe", "training.recipe", problems)}
    for key, spec in FIELDS.items():
        out[key] = check_value(spec, training.get(key, spec["default"]), f"training.{key}", problems)
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


def _name(value, table, what, path, problems):
    if isinstance(value, str) and value in table:
        return value
    problems.append((path, f"expected a known {what} ({_known(table)}), got {describe(value)}"))
    return None


def _entry(value, table, where: str, problems) -> dict | None:
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
    params, out = table[name]["params"], {"name": name}
    for key in value:
        if key != "name" and key not in params:
            known = _known(params) if params else "none"
            problems.append((f"{path}.{key}", f"{what} {name} has no parameter {key!r}; its parameters: {known}"))
    for key, spec in params.items():
        out[key] = check_value(spec, value.get(key, spec["default"]), f"{path}.{key}", problems)
    return out


def _metrics(value, loss, problems) -> list:
    if not isinstance(value, list):
        problems.append(("training.metrics", f"expected a list of metric names, got {describe(value)}"))
        return []
    out = []
    for i, name in enumerate(value):
        path = f"training.metrics[{i}]"
        if _name(name, METRICS, "metric", path, problems) is None:
            continue
        entry = METRICS[name]
        if name in out:
            problems.append((path, f"expected each metric once, got {name} again"))
        elif entry["strict"] and loss is not None and loss not in entry["losses"]:
            problems.append((path, f"metric {name} needs one of the losses {_known(entry['losses'])}, got {loss}"))
        else:
            out.append(name)
    return out


def _cross_checks(out: dict, problems: list) -> None:
    """Rules that involve more than one setting."""
    optimizer, schedule = out["optimizer"], out["schedule"]
    if optimizer and optimizer["clipnorm"] is not None and optimizer["clipvalue"] is not None:
        problems.append(("training.optimizer.clipvalue", "expected clipnorm or clipvalue, got both"))
    if optimizer and schedule and schedule["name"] == "cyclic":
        top, base = schedule["maximal_learning_rate"], optimizer["learning_rate"]
        if top is not None and top < base:
            message = f"expected at least the optimizer's learning_rate ({base!r}), got {top!r}"
            problems.append(("training.schedule.maximal_learning_rate", message))
    if out.get("recipe") == "gan" and out["callbacks"]:
        message = "the gan recipe trains in its own loop, which runs no Keras callbacks (it stops on NaN by itself)"
        problems.append(("training.callbacks", message + f"; expected [], got {len(out['callbacks'])} callbacks"))
    choices = monitor_choices(out)
    for i, callback in enumerate(out["callbacks"]):
        path, monitor = f"training.callbacks[{i}]", callback.get("monitor")
        if monitor is not None and monitor not in choices:
            message = f"expected a logged value ({_known(choices)}), got {describe(monitor)}"
            problems.append((f"{path}.monitor", message))
        elif monitor is not None and monitor.startswith("val_") and out["validation_split"] == 0:
            message = f"{monitor} is logged only when validation_split is above 0; watch {monitor[4:]} instead"
            problems.append((f"{path}.monitor", message))
        if callback["name"] == "reduce_lr_on_plateau" and schedule and schedule["name"] != "constant":
            message = f"reduce_lr_on_plateau needs the constant schedule, got {schedule['name']}"
            problems.append((f"{path}.name", message))
        if callback["name"] == "model_checkpoint":
            _check_filepath(callback["filepath"], f"{path}.filepath", problems)


def _check_filepath(value: str, path: str, problems: list) -> None:
    """A bare file name: the checkpoint always lands in the run's folder."""
    plain = all(ch.isalnum() or ch in "_-." for ch in value) and not value.startswith(".")
    if not plain or not value.endswith(".keras"):
        problems.append(
            (path, f"expected a plain file name ending in .keras such as best.keras, got {describe(value)}")
        )
