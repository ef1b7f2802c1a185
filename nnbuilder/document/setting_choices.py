"""The values layer settings choose among: activations, initializers, regularizers, constraints, paddings."""

from __future__ import annotations

import math
from typing import Any

# name -> (Keras class name, its settings and their defaults)
ObjectTable = dict[str, tuple[str, dict[str, Any]]]

ACTIVATIONS = (
    "linear",
    "relu",
    "relu6",
    "leaky_relu",
    "elu",
    "selu",
    "celu",
    "gelu",
    "silu",
    "swish",
    "hard_silu",
    "hard_swish",
    "mish",
    "sigmoid",
    "hard_sigmoid",
    "log_sigmoid",
    "sparse_sigmoid",
    "tanh",
    "hard_tanh",
    "tanh_shrink",
    "softplus",
    "softsign",
    "sparse_plus",
    "squareplus",
    "softmax",
    "log_softmax",
    "sparsemax",
    "exponential",
    "hard_shrink",
    "soft_shrink",
)
"""Every activation Keras offers by name (swish and silu are the same function), except glu (Keras' layers
predict an unchanged shape for it but running it halves the last axis) and threshold (it needs a threshold and
a default value, which an activation given by name cannot carry: a layer using it fails when it first runs)."""

# name -> (Keras class name, configurable factors with their defaults)
INITIALIZERS: ObjectTable = {
    "zeros": ("Zeros", {}),
    "ones": ("Ones", {}),
    "constant": ("Constant", {"value": 0.0}),
    "random_normal": ("RandomNormal", {"mean": 0.0, "stddev": 0.05, "seed": None}),
    "random_uniform": ("RandomUniform", {"minval": -0.05, "maxval": 0.05, "seed": None}),
    "uniform": ("RandomUniform", {"minval": -0.05, "maxval": 0.05, "seed": None}),
    "normal": ("RandomNormal", {"mean": 0.0, "stddev": 0.05, "seed": None}),
    "truncated_normal": ("TruncatedNormal", {"mean": 0.0, "stddev": 0.05, "seed": None}),
    "glorot_normal": ("GlorotNormal", {"seed": None}),
    "glorot_uniform": ("GlorotUniform", {"seed": None}),
    "he_normal": ("HeNormal", {"seed": None}),
    "he_uniform": ("HeUniform", {"seed": None}),
    "lecun_normal": ("LecunNormal", {"seed": None}),
    "lecun_uniform": ("LecunUniform", {"seed": None}),
    "orthogonal": ("Orthogonal", {"gain": 1.0, "seed": None}),
    "identity": ("Identity", {"gain": 1.0}),
    "variance_scaling": (
        "VarianceScaling",
        {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": None},
    ),
}
"""Initializers; Glorot is also known as Xavier."""

INITIALIZER_LABELS = {
    "glorot_normal": "Glorot (Xavier) normal",
    "glorot_uniform": "Glorot (Xavier) uniform",
    "he_normal": "He normal",
    "he_uniform": "He uniform",
    "lecun_normal": "LeCun normal",
    "lecun_uniform": "LeCun uniform",
}

REGULARIZERS: ObjectTable = {
    "l1": ("L1", {"l1": 0.01}),
    "l2": ("L2", {"l2": 0.01}),
    "l1_l2": ("L1L2", {"l1": 0.0, "l2": 0.0}),
    "orthogonal_regularizer": ("OrthogonalRegularizer", {"factor": 0.01, "mode": "rows"}),
}
"""Weight penalties; L1+L2 takes both factors."""

CONSTRAINTS: ObjectTable = {
    "max_norm": ("MaxNorm", {"max_value": 2.0, "axis": 0}),
    "min_max_norm": ("MinMaxNorm", {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
    "non_neg": ("NonNeg", {}),
    "unit_norm": ("UnitNorm", {"axis": 0}),
}

PADDINGS = ("valid", "same")
CONV1D_PADDINGS = ("valid", "same", "causal")
INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")
MERGE_MODES = ("concat", "sum", "mul", "ave")


NEEDS_SETTINGS = {"constant", "l1_l2"}  # Keras cannot build these from their bare name

# The settings objects a layer argument may name, by role.
OBJECT_TABLES: dict[str, ObjectTable] = {
    "initializer": INITIALIZERS,
    "regularizer": REGULARIZERS,
    "constraint": CONSTRAINTS,
}


# Keras class name of each initializer, regularizer and constraint -> its settings and their defaults
FACTORS: dict[str, dict[str, Any]] = {
    cls: factors for table in OBJECT_TABLES.values() for cls, factors in table.values()
}


def with_factors(value: Any) -> Any:
    """A serialized initializer, regularizer or constraint with every setting Keras needs to rebuild it
    ({"class_name": "Constant", "config": {}} gets its value 0.0), as build and export both write it;
    anything else as it is."""
    if not isinstance(value, dict):
        return value
    config = value.get("config", {})
    factors = FACTORS.get(str(value.get("class_name")))
    if factors is None or not isinstance(config, dict):
        return value
    return {**value, "config": {**factors, **config}}


def factor_wanted(factor: str, default: Any, value: Any, role: str) -> str | None:
    """What a factor of a settings object must be when `value` is not that, else None: text where Keras' default
    is text, an integer (or null) for a seed, an axis or axes for an axis, else a number, never negative for a
    regularizer's strength. widgets/src/editor/value-validation.ts says the same."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, str):
        return None if isinstance(value, str) else "text"
    if factor == "seed":
        return None if value is None or whole else "an integer"
    if factor == "axis":
        ok = whole or (isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value))
        return None if ok else "an axis (an integer) or a list of axes"
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if role == "regularizer":
        return None if number and value >= 0 else "a non-negative number"
    return None if number else "a number"


def check_serialized(value: Any, table: ObjectTable, noun: str, example: str) -> str | None:
    """Validate a name from `table` or {"class_name": ..., "config": {...}}."""
    classes = {cls: factors for cls, factors in table.values()}
    if isinstance(value, str) and value in NEEDS_SETTINGS and value in table:
        return f"{value} needs its settings: use {{'class_name': {table[value][0]!r}, 'config': {{...}}}}"
    if isinstance(value, str) and (value in table or value in classes):
        return None
    if isinstance(value, dict) and set(value) <= {"class_name", "config", "module", "registered_name"}:
        cls = value.get("class_name")
        config = value.get("config", {})
        if isinstance(cls, str) and cls in classes and isinstance(config, dict):
            unknown = sorted(set(config) - set(classes[cls]))
            if unknown:
                return f"{cls} takes {', '.join(classes[cls]) or 'no settings'}, not {', '.join(unknown)}"
            for factor, given in config.items():
                wanted = factor_wanted(factor, classes[cls][factor], given, noun)
                if wanted is not None:
                    return f"{factor} of {cls}: expected {wanted}"
            return None
    names = ", ".join(repr(n) for n in table)
    return f"expected {'an' if noun[0] in 'aeiou' else 'a'} {noun} ({names}) or {example}"
