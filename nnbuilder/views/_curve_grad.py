"""What the curves share: their errors, the checks of their arguments, and the derivative of a Keras computation
by the backend's own automatic differentiation."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from nnbuilder.errors import NNBuilderError, bilingual_error
from nnbuilder.locale.view_text import view_error_words

Floats = npt.NDArray[np.float64]


def view_error(key: str, /, **values: object) -> NNBuilderError:
    """The error `key` of the views, said in English with Chinese beside it."""
    return bilingual_error(view_error_words("en", key, **values), view_error_words("zh", key, **values))


def whole(value: Any, what: str, least: int) -> int:
    """`value` as an int of at least `least` (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise view_error("whole", what=what, least=least, found=repr(value))
    return int(value)


def finite(value: Any) -> bool:
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def axis(low: Any, high: Any, points: Any) -> Floats:
    """`points` evenly spaced values from `low` to `high`, both included."""
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise view_error("points", found=repr(points))
    if not (finite(low) and finite(high) and low < high):
        raise view_error("range", low=repr(low), high=repr(high))
    return np.linspace(float(low), float(high), int(points), dtype=np.float64)


def floats(values: Any) -> list[float]:
    """A flat list of Python floats (for JSON), with no negative zero."""
    return [float(v) + 0.0 for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def values_and_slopes(function: Callable[[Any], Any], x: Floats) -> tuple[Floats, Floats]:
    """`function` (a Keras computation mapping a tensor of shape (n,) to (n,), each output depending only on
    its own input) at `x`, and its derivative there, by the backend's automatic differentiation."""
    import keras  # type: ignore[import-untyped]

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf  # type: ignore[import-untyped]

        tensor = tf.constant(x, dtype=tf.float64)
        with tf.GradientTape() as tape:
            tape.watch(tensor)
            y = function(tensor)
        slope = tape.gradient(y, tensor)
        slope = tf.zeros_like(tensor) if slope is None else slope
        return _array(y), _array(slope)
    if backend == "jax":
        import jax  # type: ignore[import-not-found, unused-ignore]

        y, pull_back = jax.vjp(function, jax.numpy.asarray(x))
        (slope,) = pull_back(jax.numpy.ones_like(y))
        return _array(y), _array(slope)
    if backend == "torch":
        import torch  # type: ignore[import-not-found, unused-ignore]

        tensor = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = function(tensor)
        (slope,) = torch.autograd.grad(y.sum(), tensor, allow_unused=True)
        return _array(y.detach()), _array(torch.zeros_like(tensor) if slope is None else slope)
    raise view_error("no_autodiff", backend=backend)


def _array(tensor: Any) -> Floats:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(tensor), dtype=np.float64).reshape(-1)
