"""A small dense network written from scratch in NumPy, the way a course builds one: layers,
activations, losses and optimizers, each with `forward`/`backward` (or `update`).

`nnbuilder.views.one_step` computes its step with these classes, and the NumPy export
(`nnbuilder.codegen.numpy_step`) copies their source into the script it writes, so the two
always agree. Every line stays within 88 columns: the exported script is `ruff format`-stable.
The formulas follow Keras' own arithmetic (its Adam and RMSprop epsilon, its clipping).
"""

# NumPy's stubs type many array operations (mixed with Python floats) as Any.
# mypy: disable-error-code="no-any-return"
from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

EPSILON = 1e-07  # Keras' fuzz factor (keras.config.epsilon())


class Dense:
    """A fully connected layer: z = a_prev · W + b."""

    def __init__(self, name: str, kernel: Any, bias: Any) -> None:
        self.name = name
        self.weights: Array = np.array(kernel, dtype=np.float64)
        self.biases: Array = np.array(bias, dtype=np.float64)
        self.kernel_update: Array = np.zeros_like(self.weights)
        self.bias_update: Array = np.zeros_like(self.biases)

    def forward(self, inputs: Array) -> Array:
        self.inputs = inputs
        self.output: Array = inputs @ self.weights + self.biases
        return self.output

    def backward(self, dvalues: Array) -> Array:
        self.dweights: Array = self.inputs.T @ dvalues
        self.dbiases: Array = dvalues.sum(axis=0)
        self.dinputs: Array = dvalues @ self.weights.T
        return self.dinputs


class Activation:
    """An activation function: remembers its input and output for the backward pass."""

    def forward(self, inputs: Array) -> Array:
        self.inputs = inputs
        self.output = self.function(inputs)
        return self.output

    def function(self, z: Array) -> Array:
        return z

    def backward(self, dvalues: Array) -> Array:
        self.dinputs = dvalues
        return self.dinputs


class Linear(Activation):
    """a = z."""


class ReLU(Activation):
    """a = max(0, z)."""

    def function(self, z: Array) -> Array:
        return np.maximum(z, 0.0)

    def backward(self, dvalues: Array) -> Array:
        self.dinputs = dvalues * (self.inputs > 0)
        return self.dinputs


class Sigmoid(Activation):
    """a = 1 / (1 + e^(-z))."""

    def function(self, z: Array) -> Array:
        return 1.0 / (1.0 + np.exp(-z))

    def backward(self, dvalues: Array) -> Array:
        self.dinputs = dvalues * self.output * (1.0 - self.output)
        return self.dinputs


class Tanh(Activation):
    """a = tanh(z)."""

    def function(self, z: Array) -> Array:
        return np.tanh(z)

    def backward(self, dvalues: Array) -> Array:
        self.dinputs = dvalues * (1.0 - self.output**2)
        return self.dinputs


class Softmax(Activation):
    """a_i = e^(z_i) / sum_j e^(z_j), for each example."""

    def function(self, z: Array) -> Array:
        exps = np.exp(z - z.max(axis=1, keepdims=True))
        return exps / exps.sum(axis=1, keepdims=True)

    def backward(self, dvalues: Array) -> Array:
        inner = (dvalues * self.output).sum(axis=1, keepdims=True)
        self.dinputs = self.output * (dvalues - inner)
        return self.dinputs


class LeakyReLU(Activation):
    """a = z where z > 0, else slope * z."""

    def __init__(self, negative_slope: float = 0.2) -> None:
        self.negative_slope = negative_slope

    def function(self, z: Array) -> Array:
        return np.where(z > 0, z, self.negative_slope * z)

    def backward(self, dvalues: Array) -> Array:
        self.dinputs = dvalues * np.where(self.inputs > 0, 1.0, self.negative_slope)
        return self.dinputs


class ELU(Activation):
    """a = z where z > 0, else alpha * (e^z - 1)."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def function(self, z: Array) -> Array:
        return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0.0)))

    def backward(self, dvalues: Array) -> Array:
        negative = np.minimum(self.inputs, 0.0)
        slope = np.where(self.inputs > 0, 1.0, self.alpha * np.exp(negative))
        self.dinputs = dvalues * slope
        return self.dinputs


class Loss:
    """A loss: `forward` gives each example's loss, `backward` the gradient of their mean."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        raise NotImplementedError

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        raise NotImplementedError


class MeanSquaredError(Loss):
    """L = mean over the batch of mean_k (a - y)^2."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        return np.mean((y_pred - y_true) ** 2, axis=-1)

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        return 2.0 * (y_pred - y_true) / y_pred.size


class MeanAbsoluteError(Loss):
    """L = mean over the batch of mean_k |a - y|."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        return np.mean(np.abs(y_pred - y_true), axis=-1)

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        return np.sign(y_pred - y_true) / y_pred.size


class BinaryCrossentropy(Loss):
    """L = -mean(y log p + (1 - y) log(1 - p)), p = a clipped to [eps, 1 - eps]."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        terms = y_true * np.log(p) + (1 - y_true) * np.log(1 - p)
        return -np.mean(terms, axis=-1)

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        inside = (y_pred >= EPSILON) & (y_pred <= 1.0 - EPSILON)
        dp = (1 - y_true) / (1 - p) - y_true / p
        return dp * inside / y_pred.size


class CategoricalCrossentropy(Loss):
    """L = -sum_k y_k log p_k, p = a / sum(a) clipped to [eps, 1 - eps]."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        p = y_pred / y_pred.sum(axis=-1, keepdims=True)
        p = np.clip(p, EPSILON, 1.0 - EPSILON)
        return -np.sum(y_true * np.log(p), axis=-1)

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        total = y_pred.sum(axis=-1, keepdims=True)
        p = y_pred / total
        inside = (p >= EPSILON) & (p <= 1.0 - EPSILON)
        dp = -y_true / np.clip(p, EPSILON, 1.0 - EPSILON) * inside
        da = (dp - (dp * p).sum(axis=-1, keepdims=True)) / total
        return da / len(y_pred)


class SparseCategoricalCrossentropy(Loss):
    """L = -log p_y: y holds class indices; p = a clipped to [eps, 1 - eps], renormalised."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        p = p / p.sum(axis=-1, keepdims=True)
        return -np.log(p[np.arange(len(p)), y_true.astype(int)])

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        q = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        inside = (y_pred >= EPSILON) & (y_pred <= 1.0 - EPSILON)
        dlogq = q / q.sum(axis=-1, keepdims=True)
        dlogq[np.arange(len(q)), y_true.astype(int)] -= 1.0
        return dlogq / q * inside / len(y_pred)


class SigmoidBinaryCrossentropy(Loss):
    """Binary cross-entropy from the logits z of a sigmoid: dL/dz = (sigmoid(z) - y)."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        z = y_pred
        terms = np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
        return np.mean(terms, axis=-1)

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        return (1.0 / (1.0 + np.exp(-y_pred)) - y_true) / y_pred.size


class SoftmaxCategoricalCrossentropy(Loss):
    """Categorical cross-entropy from the logits z of a softmax: dL/dz = (a - y)."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        shifted = y_pred - y_pred.max(axis=-1, keepdims=True)
        log_a = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return -np.sum(y_true * log_a, axis=-1)

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        a = Softmax().forward(y_pred)
        return (a * y_true.sum(axis=-1, keepdims=True) - y_true) / len(y_pred)


class SoftmaxSparseCategoricalCrossentropy(Loss):
    """Sparse categorical cross-entropy from the logits z of a softmax: dL/dz = (a - y)."""

    def forward(self, y_pred: Array, y_true: Array) -> Array:
        shifted = y_pred - y_pred.max(axis=-1, keepdims=True)
        log_a = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return -log_a[np.arange(len(log_a)), y_true.astype(int)]

    def backward(self, y_pred: Array, y_true: Array) -> Array:
        dz = Softmax().forward(y_pred)
        dz[np.arange(len(dz)), y_true.astype(int)] -= 1.0
        return dz / len(y_pred)


class Optimizer:
    """Updates every layer's kernel and bias from its gradients, then counts the step.

    `state` holds each weight's running values (velocity, m, v...) by "node/kernel" keys;
    each layer keeps the change it received as `kernel_update` and `bias_update`.
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = learning_rate
        self.iterations = 0
        self.state: dict[str, dict[str, Array]] = {}

    def update(self, layers: list[Dense]) -> None:
        for layer in layers:
            layer.kernel_update = self.delta(layer.name + "/kernel", layer.dweights)
            layer.bias_update = self.delta(layer.name + "/bias", layer.dbiases)
            layer.weights = layer.weights + layer.kernel_update
            layer.biases = layer.biases + layer.bias_update
        self.iterations += 1

    def slot(self, key: str, name: str, like: Array) -> Array:
        """The running value `name` of one weight (zeros before the first step)."""
        slots = self.state.setdefault(key, {})
        return slots.get(name, np.zeros_like(like))

    def delta(self, key: str, g: Array) -> Array:
        raise NotImplementedError


class SGD(Optimizer):
    """w = w - lr * g; with momentum: velocity = momentum * velocity - lr * g."""

    def __init__(
        self,
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        super().__init__(learning_rate)
        self.momentum = momentum
        self.nesterov = nesterov

    def delta(self, key: str, g: Array) -> Array:
        lr = self.learning_rate
        if self.momentum == 0:
            return -(g * lr)
        velocity = self.slot(key, "velocity", g) * self.momentum - g * lr
        self.state[key]["velocity"] = velocity
        if self.nesterov:
            return velocity * self.momentum - g * lr
        return velocity


class Adam(Optimizer):
    """m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; a step along m / sqrt(v)."""

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-07,
    ) -> None:
        super().__init__(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def delta(self, key: str, g: Array) -> Array:
        t = self.iterations + 1
        m = self.slot(key, "m", g)
        v = self.slot(key, "v", g)
        m = m + (g - m) * (1 - self.beta_1)
        v = v + (g**2 - v) * (1 - self.beta_2)
        m_hat = m / (1 - self.beta_1**t)
        v_hat = v / (1 - self.beta_2**t)
        self.state[key].update(m=m, v=v, m_hat=m_hat, v_hat=v_hat)
        alpha = self.learning_rate * np.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        return -((m * alpha) / (np.sqrt(v) + self.epsilon))


class RMSprop(Optimizer):
    """v = rho v + (1 - rho) g^2; w = w - lr * g / sqrt(v + eps)."""

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-07,
        centered: bool = False,
    ) -> None:
        super().__init__(learning_rate)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def delta(self, key: str, g: Array) -> Array:
        rho = self.rho
        v = self.slot(key, "v", g) * rho + (1 - rho) * g**2
        self.state[key]["v"] = v
        denominator = v + self.epsilon
        if self.centered:
            mean_g = self.slot(key, "mean_g", g) * rho + (1 - rho) * g
            self.state[key]["mean_g"] = mean_g
            denominator = v - mean_g**2 + self.epsilon
        increment = self.learning_rate * g / np.sqrt(denominator)
        if self.momentum > 0:
            velocity = self.slot(key, "velocity", g) * self.momentum + increment
            self.state[key]["velocity"] = velocity
            return -velocity
        return -increment


def train_step(
    layers: list[Dense],
    activations: list[list[Activation]],
    loss: Loss,
    optimizer: Optimizer,
    x: Array,
    y: Array,
    logits_loss: Loss | None = None,
) -> dict[str, Any]:
    """One training step: the forward pass, the loss, the backward pass, one update.

    `activations[i]` follow `layers[i]`. With `logits_loss` (a loss taking the logits of
    the last activation), the loss and the last delta come from it; `loss` still gives
    dL/da of the output. Returns the loss and each layer's values, in order.
    """
    steps: list[dict[str, Any]] = []
    a = x
    for layer, functions in zip(layers, activations):
        a_prev = a
        z = layer.forward(a_prev)
        a = z
        for function in functions:
            a = function.forward(a)
        values = {"node": layer.name, "a_prev": a_prev, "z": z, "a": a}
        steps.append(values | {"W": layer.weights, "b": layer.biases})
    last = activations[-1]
    if logits_loss is not None:
        per_example = logits_loss.forward(last[-1].inputs, y)
    else:
        per_example = loss.forward(a, y)
    d_a = loss.backward(a, y)
    for i in reversed(range(len(layers))):
        steps[i]["dL_da"] = d_a
        d = d_a
        functions = activations[i]
        if logits_loss is not None and i == len(layers) - 1:
            d = logits_loss.backward(last[-1].inputs, y)
            functions = functions[:-1]
        for function in reversed(functions):
            d = function.backward(d)
        steps[i]["dL_dz"] = d
        d_a = layers[i].backward(d)
    optimizer.update(layers)
    for values, layer in zip(steps, layers):
        values.update(dL_dW=layer.dweights, dL_db=layer.dbiases)
        values.update(delta_W=layer.kernel_update, delta_b=layer.bias_update)
        values.update(new_W=layer.weights, new_b=layer.biases)
    state = {key: dict(slots) for key, slots in optimizer.state.items()}
    loss_value = float(np.mean(per_example))
    return {
        "loss": loss_value,
        "per_example": per_example,
        "layers": steps,
        "step": optimizer.iterations,
        "state": state,
    }
