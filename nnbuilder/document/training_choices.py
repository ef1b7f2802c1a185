"""The choices behind the training forms: recipes, optimizers, schedules, losses,
metrics and callbacks, each parameter a `Param` under its Keras constructor name, with
default, bounds and one line of help in English and Chinese. Plain data: no Keras import.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from nnbuilder.document.params import Param, named
from nnbuilder.locale.train_param_help_zh import train_param_help_zh


def _p(
    kind: str,
    default: Any,
    help: str,
    interval: str | None = None,
    *,
    null: bool = False,
    choices: tuple[str, ...] = (),
) -> Param:
    """One parameter, named later by its key. `interval` like "[0, 1)" or "(0, inf)"."""
    bounds: dict[str, Any] = {}
    if interval:
        low, high = (part.strip() for part in interval[1:-1].split(","))
        if low != "-inf":
            bounds.update(min=_num(low), min_exclusive=interval[0] == "(")
        if high != "inf":
            bounds.update(max=_num(high), max_exclusive=interval[-1] == ")")
    return Param("", kind, default, choices=choices, nullable=null, help=help, **bounds)


def _num(text: str) -> float:
    return float(text) if "." in text or "e" in text else int(text)


def _named(params: dict[str, Param], entry: str = "") -> dict[str, Param]:
    """`params` named by their keys, each with its Chinese help (`entry` like "optimizer.adam"; "" for the
    run settings)."""
    return {key: replace(p, help_zh=train_param_help_zh(key, entry)) for key, p in named(params).items()}


def _with_params(table: str, entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`entries` of `table` ("optimizer", "schedule", "callback") with their parameters named."""
    return {name: {**entry, "params": _named(entry["params"], f"{table}.{name}")} for name, entry in entries.items()}


RECIPES: dict[str, dict[str, str]] = {
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


def _params(learning_rate: float, weight_decay: float | None = None, **specific: Param) -> dict[str, Param]:
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

OPTIMIZERS: dict[str, dict[str, Any]] = _with_params("optimizer", {
    "sgd": {
        "title": "SGD", "keras": "SGD", "help": "Plain stochastic gradient descent, optionally with momentum.",
        "params": _params(0.01, momentum=_MOMENTUM,
                          nesterov=_p("bool", False, "Nesterov momentum: look ahead before taking the gradient.")),
    },
    "adam": {
        "title": "Adam", "keras": "Adam", "help": "Adaptive moments; a dependable first choice for most networks.",
        "params": _params(0.001, None, **_ADAM),
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
})  # fmt: skip

_ALPHA = _p("float", 0.0, "Lowest learning rate, as a fraction of the starting one.", "[0, 1]")
_RATE = "(0, 1]"

# The schedule starts from the optimizer's learning_rate. Step counts are in batches.
SCHEDULES: dict[str, dict[str, Any]] = _with_params("schedule", {
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
                       "each cycle.", choices=("triangular", "triangular2")),
        },
    },
})  # fmt: skip

# Step counts left null come from the run: this many epochs of batches, or "run" = all epochs.
AUTO_STEPS = {
    ("step_decay", "decay_steps"): 1,
    ("exponential_decay", "decay_steps"): 1,
    ("cosine", "decay_steps"): "run",
    ("cosine_restarts", "first_decay_steps"): 1,
    ("cyclic", "step_size"): 2,
}

LOSSES: dict[str, dict[str, Any]] = {
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
METRICS: dict[str, dict[str, Any]] = {
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

_MONITOR = _p("text", "val_loss", "Logged value to watch: loss or a metric, with val_ in front for validation.")

CALLBACKS: dict[str, dict[str, Any]] = _with_params("callback", {
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
            "filepath": _p("text", "best.keras", "File name ending in .keras, saved in the run's folder."),
            "monitor": _MONITOR,
            "save_best_only": _p("bool", True, "Save only when the watched value improves."),
        },
    },
    "terminate_on_nan": {"title": "Stop on NaN", "keras": "TerminateOnNaN",
                         "help": "Stop as soon as the loss becomes NaN (not a number).", "params": {}},
})  # fmt: skip

FIELDS: dict[str, Param] = _named(
    {
        "epochs": _p("int", 5, "Passes over the training data.", "[1, inf)"),
        "batch_size": _p("int", 128, "Samples per update step.", "[1, inf)"),
        "validation_split": _p("float", 0.1, "Share of the training data held out for validation.", "[0, 1)"),
        "seed": _p("int", None, "Random seed for repeatable runs (null = random).", "[0, 4294967295]", null=True),
        "test_each_epoch": _p(
            "bool",
            False,
            "Also measure the loss and metrics on the test split after each epoch, "
            "shown only: training, validation and callbacks never see them.",
        ),
    }
)

DEFAULTS: dict[str, Any] = {
    "recipe": "supervised",
    "optimizer": {"name": "adam", "learning_rate": 0.001},
    "schedule": {"name": "constant"},
    "loss": "sparse_categorical_crossentropy",
    "metrics": ["accuracy"],
    "epochs": 5,
    "batch_size": 128,
    "validation_split": 0.1,
    "seed": None,
    "test_each_epoch": False,
    "callbacks": [],
}

GAN_LOGS = ["d_loss", "g_loss", "d_accuracy"]
