"""The curve of a loss against the prediction for one fixed target, computed by Keras's own loss objects."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.document.training_choices import LOSSES
from nnbuilder.document.training_settings import loss_name
from nnbuilder.views._curve_grad import axis, finite, floats, values_and_slopes, view_error, whole

REGRESSION = ("mse", "mae", "huber")
CATEGORICAL = ("categorical_crossentropy", "sparse_categorical_crossentropy")
# What x is for each kind of loss, and its range when none is given (around the target for regression).
X_AXIS = {"regression": "prediction", "binary": "probability", "categorical": "class_probability"}
PROBABILITY_RANGE = (0.01, 0.99)
REGRESSION_HALF_WIDTH = 3.0


def loss_curve(
    name: str,
    target: float,
    low: float | None = None,
    high: float | None = None,
    points: int = 201,
    classes: int = 2,
) -> dict[str, Any]:
    """The loss `name` (a table name or Keras alias) against the prediction for the fixed `target`, and its
    derivative along x, by Keras's loss object and automatic differentiation.

    x is the prediction (mse, mae, huber), the predicted probability of class 1 (binary_crossentropy), or the
    probability given to the target class, the rest shared evenly among the other `classes` - 1
    (categorical and sparse categorical cross-entropy; `target` is then a class index)."""
    table_name = loss_name(name)
    if table_name is None:
        raise view_error("loss", known=", ".join(LOSSES), found=repr(name))
    kind = (
        "regression" if table_name in REGRESSION else "binary" if table_name == "binary_crossentropy" else "categorical"
    )
    count = whole(classes, "classes", 2) if kind == "categorical" else 1
    _check_target(kind, target, count)
    if kind == "regression":
        low = float(target) - REGRESSION_HALF_WIDTH if low is None else low
        high = float(target) + REGRESSION_HALF_WIDTH if high is None else high
    else:
        low = PROBABILITY_RANGE[0] if low is None else low
        high = PROBABILITY_RANGE[1] if high is None else high
        if not (finite(low) and finite(high) and 0 < low < high < 1):
            raise view_error("probability_range", loss=table_name, low=repr(low), high=repr(high))
    x = axis(low, high, points)
    loss, slope = values_and_slopes(_along_x(table_name, kind, target, count, len(x)), x)
    kinks = [float(target)] if table_name == "mae" and x[0] <= target <= x[-1] else []
    said_target = int(target) if kind == "categorical" else float(target)
    out: dict[str, Any] = {"name": table_name, "target": said_target, "x_axis": X_AXIS[kind]}
    if kind == "categorical":
        out["classes"] = count
    return {**out, "x": floats(x), "loss": floats(loss), "dloss": floats(slope), "kinks": kinks}


def _check_target(kind: str, target: Any, classes: int) -> None:
    if kind == "regression" and not finite(target):
        raise view_error("number_target", found=repr(target))
    if kind == "binary" and not (finite(target) and 0 <= target <= 1):
        raise view_error("binary_target", found=repr(target))
    if kind == "categorical" and (
        isinstance(target, bool) or not isinstance(target, (int, np.integer)) or not 0 <= target < classes
    ):
        raise view_error("class_target", last=classes - 1, found=repr(target))


def _along_x(name: str, kind: str, target: Any, classes: int, count: int) -> Any:
    """The loss as a function of the tensor of x values, each x a sample of its own."""
    import keras  # type: ignore[import-untyped]

    loss = getattr(keras.losses, LOSSES[name]["keras"])(reduction=None, dtype="float64")
    if kind != "categorical":
        truth = np.full((count, 1), float(target), dtype=np.float64)
        return lambda t: loss(truth, keras.ops.expand_dims(t, -1))
    if name == "sparse_categorical_crossentropy":
        truth = np.full((count, 1), int(target), dtype=np.int64)
    else:
        truth = np.zeros((count, classes), dtype=np.float64)
        truth[:, int(target)] = 1.0

    def along(t: Any) -> Any:
        rest = (1.0 - t) / (classes - 1)
        return loss(truth, keras.ops.stack([t if i == target else rest for i in range(classes)], axis=-1))

    return along
