"""One training step of a small dense network, in numbers: the forward pass, the loss, the backward
pass and the optimizer's update, computed from scratch in float64 NumPy with the project's loss and
optimizer, each quantity beside its formula.

`step(project, x, y)` gives a `StepRecord`; `step(project, x2, y2, state=record)` continues from the
record's new weights and optimizer state (Adam's m and v, SGD's velocity). The arithmetic is the course
classes of `nnbuilder.verbatim.numpy_step` (the NumPy export copies the same code), following Keras' own
formulas, so the numbers match what `model.fit` does on that batch (Dropout aside: see the record's notes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnbuilder.document.project import Project
from nnbuilder.locale.step_words import step_word
from nnbuilder.verbatim import numpy_step as layers_
from nnbuilder.views._step_network import (
    WEIGHT_LIMIT,
    Chain,
    StepRefused,
    Weights,
    built_weights,
    given_weights,
    model_weights,
    read_chain,
    read_training,
)

__all__ = ["WEIGHT_LIMIT", "LayerStep", "StepRecord", "StepRefused", "step", "step_setup"]

Array = layers_.Array

# ---------------------------------------------------------------------- formulas (language-neutral)
FORMULAS = {
    "a_prev": "a_prev = a⁽ˡ⁻¹⁾, a⁽⁰⁾ = x",
    "z": "z = a_prev · W + b",
    "dL_dz": "δ = ∂L/∂z = ∂L/∂a ⊙ f′(z)",
    "dL_dW": "∂L/∂W = a_prevᵀ · δ",
    "dL_db": "∂L/∂b = Σ_batch δ",
    "dL_da_prev": "∂L/∂a_prev = δ · Wᵀ",
    "new_W": "W ← W + ΔW",
    "new_b": "b ← b + Δb",
}
ACTIVATION_FORMULAS = {  # activation: (a = f(z), f′(z))
    "linear": ("a = z", "f′(z) = 1"),
    "relu": ("a = max(0, z)", "f′(z) = 1 if z > 0 else 0"),
    "sigmoid": ("a = 1 / (1 + e^(−z))", "f′(z) = a · (1 − a)"),
    "tanh": ("a = tanh(z)", "f′(z) = 1 − a²"),
    "softmax": ("a_i = e^(z_i) / Σ_j e^(z_j)", "∂L/∂z = a ⊙ (∂L/∂a − Σ_j ∂L/∂a_j · a_j)"),
    "leaky_relu": ("a = z if z > 0 else 0.2 · z", "f′(z) = 1 if z > 0 else 0.2"),
    "elu": ("a = z if z > 0 else e^z − 1", "f′(z) = 1 if z > 0 else e^z"),
}
LOSS_FORMULAS = {  # loss: (L, ∂L/∂a); N examples in the batch, K outputs each
    "mse": ("L = 1/N Σ_n 1/K Σ_k (a − y)²", "∂L/∂a = 2 (a − y) / (N·K)"),
    "mae": ("L = 1/N Σ_n 1/K Σ_k |a − y|", "∂L/∂a = sign(a − y) / (N·K)"),
    "binary_crossentropy": (
        "L = −1/N Σ_n 1/K Σ_k [y·log(a) + (1 − y)·log(1 − a)]",
        "∂L/∂a = [(1 − y)/(1 − a) − y/a] / (N·K)",
    ),
    # Keras divides the outputs by their sum first (p = a / Σ_j a_j), which adds a term to every output's slope.
    "categorical_crossentropy": (
        "L = −1/N Σ_n Σ_k y_k·log(p_k), p = a / Σ_j a_j",
        "∂L/∂a_k = (Σ_j y_j / Σ_j a_j − y_k / a_k) / N",
    ),
    "sparse_categorical_crossentropy": (
        "L = −1/N Σ_n log(p_(n, y_n)), p = a / Σ_j a_j",
        "∂L/∂a_k = (1 / Σ_j a_j − [k = y_n] / a_k) / N",
    ),
}
LOGITS_DELTAS = {  # (last activation, loss): δ of the last layer from its logits
    ("sigmoid", "binary_crossentropy"): "δ = (a − y) / (N·K)",
    ("softmax", "categorical_crossentropy"): "δ = (a − y) / N",
    ("softmax", "sparse_categorical_crossentropy"): "δ = (a − onehot(y)) / N",
}
OPTIMIZER_FORMULAS = {
    "sgd": {"delta": "ΔW = −lr · g"},
    "sgd_momentum": {"velocity": "velocity = momentum · velocity − lr · g", "delta": "ΔW = velocity"},
    "sgd_nesterov": {
        "velocity": "velocity = momentum · velocity − lr · g",
        "delta": "ΔW = momentum · velocity − lr · g",
    },
    "adam": {
        "m": "m = β1·m + (1−β1)·g",
        "v": "v = β2·v + (1−β2)·g²",
        "m_hat": "m̂ = m / (1 − β1ᵗ)",
        "v_hat": "v̂ = v / (1 − β2ᵗ)",
        "delta": "ΔW = −lr · √(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)",
    },
    "rmsprop": {"v": "v = ρ·v + (1−ρ)·g²", "delta": "ΔW = −lr · g / √(v + ε)"},
    "rmsprop_centered": {
        "v": "v = ρ·v + (1−ρ)·g²",
        "mean_g": "mean_g = ρ·mean_g + (1−ρ)·g",
        "delta": "ΔW = −lr · g / √(v − mean_g² + ε)",
    },
    "rmsprop_momentum": {
        "v": "v = ρ·v + (1−ρ)·g²",
        "velocity": "velocity = momentum · velocity + lr · g / √(v + ε)",
        "delta": "ΔW = −velocity",
    },
}


def _said(key: str, **values: object) -> dict[str, str]:
    return {"en": step_word("en", key, **values), "zh": step_word("zh", key, **values)}


def _plain(value: Any) -> Any:
    """JSON-able lists and floats from arrays (and containers of them)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------------- the record
@dataclass
class LayerStep:
    """One Dense node's numbers in the step: forward values, gradients, the update and the new weights."""

    node: str
    activations: list[tuple[str, str]]  # (node id, activation) applied after z, in order
    dropouts: list[tuple[str, float]]  # (node id, rate): the identity in this view
    W: Array
    b: Array
    a_prev: Array
    z: Array
    a: Array
    dL_da: Array
    dL_dz: Array
    dL_dW: Array
    dL_db: Array
    delta_W: Array
    delta_b: Array
    new_W: Array
    new_b: Array
    state: dict[str, list[Array]]  # optimizer slot -> [for the kernel, for the bias]
    formulas: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {key: _plain(getattr(self, key)) for key in self.__dataclass_fields__}


@dataclass
class StepRecord:
    """One training step worked through: `layers` in order, the loss, the optimizer and notes (en and zh)."""

    model: str
    loss: str
    loss_value: float
    per_example_loss: Array
    from_logits: bool
    optimizer: str
    settings: dict[str, Any]  # the optimizer's settings
    iterations: int  # the optimizer's step count after this step (Adam's t)
    layers: list[LayerStep]
    formulas: dict[str, str]  # the loss's and the optimizer's formulas
    notes: list[dict[str, str]] = field(default_factory=list)

    def new_weights(self) -> Weights:
        """Node id -> [kernel, bias] after the update: the starting weights of the next step."""
        return {layer.node: [layer.new_W.copy(), layer.new_b.copy()] for layer in self.layers}

    def optimizer_state(self) -> dict[str, dict[str, Array]]:
        """The optimizer's running values by "node/kernel" or "node/bias", then slot name."""
        out: dict[str, dict[str, Array]] = {}
        for layer in self.layers:
            for slot, (kernel, bias) in layer.state.items():
                out.setdefault(layer.node + "/kernel", {})[slot] = kernel.copy()
                out.setdefault(layer.node + "/bias", {})[slot] = bias.copy()
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "loss": {
                "name": self.loss,
                "value": self.loss_value,
                "per_example": _plain(self.per_example_loss),
                "from_logits": self.from_logits,
            },
            "optimizer": {"name": self.optimizer, "settings": _plain(self.settings), "iterations": self.iterations},
            "layers": [layer.to_dict() for layer in self.layers],
            "formulas": dict(self.formulas),
            "notes": [dict(note) for note in self.notes],
        }


# ---------------------------------------------------------------------- the step
@dataclass
class StepSetup:
    """Everything a step is computed from: the chain, its settings, weights and arrays (shared with the
    NumPy export so both start from the same numbers)."""

    chain: Chain
    loss: str
    optimizer: dict[str, Any]
    weights: Weights
    x: Array
    y: Array
    iterations: int
    state: dict[str, dict[str, Array]]


def step_setup(
    project: Project, x: Any, y: Any, *, model: Any = None, weights: Any = None, state: StepRecord | None = None
) -> StepSetup:
    """The checked network, settings, starting weights, optimizer state and arrays of one step."""
    chain = read_chain(project)
    settings = read_training(project)
    optimizer = {key: value for key, value in settings["optimizer"].items() if value is not None}
    if state is not None and (not isinstance(state, StepRecord) or state.optimizer != optimizer["name"]):
        raise StepRefused("bad_state", optimizer=optimizer["name"], got=type(state).__name__)
    if weights is not None:
        start = given_weights(chain, weights)
    elif model is not None:
        start = model_weights(chain, model)
    elif state is not None:
        start = given_weights(chain, state.new_weights())
    else:
        start = built_weights(project, chain)
    if state is not None and [layer.node for layer in state.layers] != [layer.node for layer in chain.layers]:
        raise StepRefused("bad_state", optimizer=optimizer["name"], got="a record of another network")
    xs, ys = _arrays(chain, settings["loss"], x, y)
    iterations = state.iterations if state is not None else 0
    slots = state.optimizer_state() if state is not None else {}
    return StepSetup(chain, settings["loss"], optimizer, start, xs, ys, iterations, slots)


def _arrays(chain: Chain, loss: str, x: Any, y: Any) -> tuple[Array, Array]:
    """x as (batch, width) and y as the loss wants it: (batch, units), or class indices (batch,)."""
    xs = np.asarray(x, dtype=np.float64)
    single = xs.ndim == 1
    xs = xs[None, :] if single else xs
    if xs.ndim != 2 or xs.shape[1] != chain.width or len(xs) == 0:
        raise StepRefused("bad_x", width=chain.width, shape=tuple(np.shape(x)))
    batch, units = len(xs), chain.layers[-1].units
    ys = np.asarray(y, dtype=np.float64)
    if loss == "sparse_categorical_crossentropy":
        ys = ys.reshape(-1) if ys.ndim == 2 and ys.shape[1] == 1 else ys.reshape(1) if ys.ndim == 0 else ys
        if ys.shape != (batch,):
            raise StepRefused("bad_y", expected=(batch,), loss=loss, shape=tuple(np.shape(y)))
        for value in ys:
            if value != int(value) or not 0 <= value < units:
                raise StepRefused("bad_class", last=units - 1, value=float(value))
        return xs, ys
    if single and ys.ndim <= 1 and ys.size == units:
        ys = ys.reshape(1, units)
    elif ys.ndim == 1 and units == 1:
        ys = ys[:, None]
    if ys.shape != (batch, units):
        raise StepRefused("bad_y", expected=(batch, units), loss=loss, shape=tuple(np.shape(y)))
    return xs, ys


_ACTIVATION_CLASSES: dict[str, type[layers_.Activation]] = {
    "linear": layers_.Linear,
    "relu": layers_.ReLU,
    "sigmoid": layers_.Sigmoid,
    "tanh": layers_.Tanh,
    "softmax": layers_.Softmax,
    "leaky_relu": layers_.LeakyReLU,
    "elu": layers_.ELU,
}
LOSS_CLASSES: dict[str, str] = {
    "mse": "MeanSquaredError",
    "mae": "MeanAbsoluteError",
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
}
LOGITS_LOSS_CLASSES: dict[tuple[str, str], str] = {
    ("sigmoid", "binary_crossentropy"): "SigmoidBinaryCrossentropy",
    ("softmax", "categorical_crossentropy"): "SoftmaxCategoricalCrossentropy",
    ("softmax", "sparse_categorical_crossentropy"): "SoftmaxSparseCategoricalCrossentropy",
}
OPTIMIZER_CLASSES = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}
OPTIMIZER_ARGS = {  # the optimizer settings each class takes, in its argument order
    "sgd": ("learning_rate", "momentum", "nesterov"),
    "adam": ("learning_rate", "beta_1", "beta_2", "epsilon"),
    "rmsprop": ("learning_rate", "rho", "momentum", "epsilon", "centered"),
}


def logits_pair(setup: StepSetup) -> tuple[str, str] | None:
    """(last activation, loss) when the loss is taken from the logits, as Keras does; else None."""
    pair = (setup.chain.layers[-1].activations[-1][1], setup.loss)
    return pair if pair in LOGITS_LOSS_CLASSES else None


def optimizer_kind(setup: StepSetup) -> str:
    """The key of the optimizer's formulas: "sgd", "sgd_momentum", "adam", "rmsprop_centered"..."""
    name, settings = setup.optimizer["name"], setup.optimizer
    if name == "sgd" and settings.get("momentum"):
        return "sgd_nesterov" if settings.get("nesterov") else "sgd_momentum"
    if name == "rmsprop" and settings.get("centered"):
        return "rmsprop_centered"
    if name == "rmsprop" and settings.get("momentum"):
        return "rmsprop_momentum"
    return str(name)


def step(
    project: Project, x: Any, y: Any, *, model: Any = None, weights: Any = None, state: StepRecord | None = None
) -> StepRecord:
    """One training step of `project`'s network on the batch `x`, `y` (a 1-D `x` is one example).

    The starting weights are `weights` (node id -> [kernel, bias]), else those of `model` (a built Keras
    model or a trainer; its layer names are node ids), else those of `state` (the record of the previous
    step, whose optimizer state this step continues), else the project built afresh. Networks beyond a
    chain of Dense layers, or over `WEIGHT_LIMIT` weights, are refused with StepRefused naming the node.
    """
    setup = step_setup(project, x, y, model=model, weights=weights, state=state)
    chain = setup.chain
    dense = [layers_.Dense(layer.node, *setup.weights[layer.node]) for layer in chain.layers]
    activations = [[_activation(name) for _, name in layer.activations] for layer in chain.layers]
    loss: layers_.Loss = getattr(layers_, LOSS_CLASSES[setup.loss])()
    pair = logits_pair(setup)
    logits_loss: layers_.Loss | None = getattr(layers_, LOGITS_LOSS_CLASSES[pair])() if pair else None
    kind = setup.optimizer["name"]
    args = {key: setup.optimizer[key] for key in OPTIMIZER_ARGS[kind]}
    optimizer: layers_.Optimizer = getattr(layers_, OPTIMIZER_CLASSES[kind])(**args)
    optimizer.iterations = setup.iterations
    optimizer.state = {key: dict(slots) for key, slots in setup.state.items()}
    values = layers_.train_step(dense, activations, loss, optimizer, setup.x, setup.y, logits_loss)
    return _record(setup, values, pair)


def _activation(name: str) -> layers_.Activation:
    return _ACTIVATION_CLASSES[name]()


def _record(setup: StepSetup, values: dict[str, Any], pair: tuple[str, str] | None) -> StepRecord:
    chain, kind = setup.chain, optimizer_kind(setup)
    layers = []
    for layer, numbers in zip(chain.layers, values["layers"]):
        slots = sorted(
            {slot for key in (layer.node + "/kernel", layer.node + "/bias") for slot in values["state"].get(key, {})}
        )
        state = {
            slot: [values["state"][layer.node + "/kernel"][slot], values["state"][layer.node + "/bias"][slot]]
            for slot in slots
        }
        formulas = dict(FORMULAS)
        names = [name for _, name in layer.activations]
        formulas["a"] = "; ".join(ACTIVATION_FORMULAS[name][0] for name in names)
        formulas["f′"] = "; ".join(ACTIVATION_FORMULAS[name][1] for name in names)
        if pair is not None and layer is chain.layers[-1]:
            formulas["dL_dz"] = LOGITS_DELTAS[pair]
        fields = {key: numbers[key] for key in ("W", "b", "a_prev", "z", "a", "dL_da", "dL_dz", "dL_dW", "dL_db")}
        fields.update({key: numbers[key] for key in ("delta_W", "delta_b", "new_W", "new_b")})
        layers.append(
            LayerStep(
                layer.node, list(layer.activations), list(layer.dropouts), state=state, formulas=formulas, **fields
            )
        )
    loss_formula, loss_gradient = LOSS_FORMULAS[setup.loss]
    formulas = {"loss": loss_formula, "dL_da": loss_gradient, **OPTIMIZER_FORMULAS[kind]}
    return StepRecord(
        model=chain.model,
        loss=setup.loss,
        loss_value=values["loss"],
        per_example_loss=values["per_example"],
        from_logits=pair is not None,
        optimizer=setup.optimizer["name"],
        settings=dict(setup.optimizer),
        iterations=values["step"],
        layers=layers,
        formulas=formulas,
        notes=_notes(setup, pair),
    )


def _notes(setup: StepSetup, pair: tuple[str, str] | None) -> list[dict[str, str]]:
    notes = [_said("note_mean", batch=len(setup.x))]
    for layer in setup.chain.layers:
        notes += [_said("note_dropout", node=node, rate=rate) for node, rate in layer.dropouts]
    if pair is not None:
        notes.append(_said("note_logits", activation=pair[0], formula=LOGITS_DELTAS[pair]))
    elif setup.loss in ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"):
        notes.append(_said("note_clip", epsilon=layers_.EPSILON))
    if setup.optimizer["name"] == "adam":
        notes.append(_said("note_adam_epsilon"))
    return notes
