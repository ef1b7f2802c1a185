"""The curve of an activation function and its derivative, computed by Keras's own activation functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.document.setting_choices import ACTIVATIONS
from nnbuilder.views._curve_grad import Floats, axis, floats, values_and_slopes, view_error

# Points where the derivative has no single value: the slopes from the left and from the right differ.
KINKS: dict[str, tuple[float, ...]] = {
    "relu": (0.0,),
    "relu6": (0.0, 6.0),
    "leaky_relu": (0.0,),
    "selu": (0.0,),
    "hard_silu": (-3.0, 3.0),
    "hard_swish": (-3.0, 3.0),
    "hard_sigmoid": (-3.0, 3.0),
    "sparse_sigmoid": (-1.0, 1.0),
    "hard_tanh": (-1.0, 1.0),
    "sparsemax": (-1.0, 1.0),
    "soft_shrink": (-0.5, 0.5),
    "hard_shrink": (-0.5, 0.5),
}
# Kinks where the function itself jumps.
JUMPS: dict[str, tuple[float, ...]] = {"hard_shrink": (-0.5, 0.5)}
# Smooth points where backpropagation, exactly there, adds the slopes of both branches of Keras's formula
# (celu at 0: 2 instead of 1).
TIES: dict[str, tuple[float, ...]] = {"celu": (0.0,)}
# Functions of a whole vector: drawn as their first output for the two logits [x, 0].
PAIRED = ("softmax", "log_softmax", "sparsemax")


def activation_curve(name: str, low: float = -5.0, high: float = 5.0, points: int = 201) -> dict[str, Any]:
    """x, the activation `name` at x and its derivative there, by Keras (`keras.activations.get`) and the
    backend's automatic differentiation; where the derivative has no single value, `kinks` says so."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise view_error("activation", known=", ".join(ACTIVATIONS), found=repr(name))
    x = axis(low, high, points)
    y, dy = values_and_slopes(_keras_function(name), x)
    kinks = [k for k in KINKS.get(name, ()) if x[0] <= k <= x[-1]]
    ties = [k for k in TIES.get(name, ()) if x[0] <= k <= x[-1]]
    return {
        "name": name,
        "input": "pair" if name in PAIRED else "value",
        "x": floats(x),
        "y": floats(y),
        "dy": floats(dy),
        "kinks": [{**_sides(name, k), "jump": k in JUMPS.get(name, ())} for k in kinks],
        "ties": [_sides(name, k) for k in ties],
    }


def _keras_function(name: str) -> Any:
    """Keras's activation `name` as a function of a tensor of shape (n,)."""
    import keras  # type: ignore[import-untyped]

    function = keras.activations.get(name)
    if name in PAIRED:
        return lambda t: function(keras.ops.stack([t, keras.ops.zeros_like(t)], axis=-1))[..., 0]
    return function


def _sides(name: str, point: float) -> dict[str, float]:
    """The slopes just left and right of `point`, and what backpropagation computes exactly there."""
    step = 1e-6 * max(1.0, abs(point))
    at: Floats = np.array([point - step, point, point + step], dtype=np.float64)
    _, slopes = values_and_slopes(_keras_function(name), at)
    return {"x": float(point), "left": float(slopes[0]), "right": float(slopes[2]), "backprop": float(slopes[1])}
