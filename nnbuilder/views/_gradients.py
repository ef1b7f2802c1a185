"""Gradients of a compiled model's loss on one batch, as NumPy arrays, on the TensorFlow and JAX backends.

Keras does not hand gradients to callbacks, so they are computed again here: the compiled loss (with the
model's own added losses) of the model on `(x, y)` in inference mode (dropout off, batch normalization on
its moving statistics), differentiated with respect to `model.trainable_variables`. Nothing in the model
changes: no variable, metric or loss-scale update is kept.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

SUPPORTED_BACKENDS = ("tensorflow", "jax")

Gradients = list[NDArray[np.float32] | None]
"""One entry per trainable variable, in `model.trainable_variables` order; None where the loss does not
depend on that variable."""

_compiled: weakref.WeakKeyDictionary[Any, Callable[..., Any]] = weakref.WeakKeyDictionary()  # model -> function


def backend_name() -> str:
    import keras  # type: ignore[import-untyped]  # deferred: Keras loads when training starts

    return str(keras.backend.backend())


def batch_gradients(model: Any, x: Any, y: Any) -> Gradients:
    """The gradients of `model`'s compiled loss on `(x, y)`; raises ValueError on another backend."""
    backend = backend_name()
    if backend == "tensorflow":
        return _tensorflow_gradients(model, x, y)
    if backend == "jax":
        return _jax_gradients(model, x, y)
    raise ValueError(f"gradients: expected the {' or '.join(SUPPORTED_BACKENDS)} backend, got {backend}")


def _tensorflow_gradients(model: Any, x: Any, y: Any) -> Gradients:
    function = _compiled.get(model)
    if function is None:
        function = _compiled[model] = _tensorflow_gradient_function(model)
    return [None if g is None else _array(g) for g in function(x, y)]


def _tensorflow_gradient_function(model: Any) -> Callable[..., Any]:
    """One graph function per model (traced again only for another batch shape)."""
    import keras
    import tensorflow as tf  # type: ignore[import-untyped]

    @tf.function(reduce_retracing=True)  # type: ignore[untyped-decorator]
    def gradients(x: Any, y: Any) -> Any:
        variables = model.trainable_variables
        with keras.StatelessScope(), tf.GradientTape() as tape:  # metric updates inside the loss are dropped
            y_pred = model(x, training=False)
            loss = model.compute_loss(x=x, y=y, y_pred=y_pred, training=False)
        found = tape.gradient(loss, variables)
        return [None if g is None else tf.convert_to_tensor(g) for g in found]  # sparse ones made dense

    return gradients  # type: ignore[no-any-return]


def _jax_gradients(model: Any, x: Any, y: Any) -> Gradients:
    function = _compiled.get(model)
    if function is None:
        function = _compiled[model] = _jax_gradient_function(model)
    found = function(
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables],
        [v.value for v in model.metrics_variables],
        x,
        y,
    )
    return [None if g is None else _array(g) for g in found]


def _jax_gradient_function(model: Any) -> Callable[..., Any]:
    """One compiled function per model: the loss of a stateless call, differentiated by `jax.grad`."""
    import jax

    def loss(trainable: Any, non_trainable: Any, metrics: Any, x: Any, y: Any) -> Any:
        value, _ = model.compute_loss_and_updates(trainable, non_trainable, metrics, x, y, None, training=False)
        return value

    return jax.jit(jax.grad(loss))


def _array(value: Any) -> NDArray[np.float32]:
    return np.asarray(value, dtype=np.float32)
