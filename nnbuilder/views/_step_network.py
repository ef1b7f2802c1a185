"""What the one-step view can work through: a project read as a chain of Dense layers, its training
settings checked against the losses and optimizers written out by hand, and the starting weights.

Anything else is refused with a sentence (English, and Chinese in `said_in`) that names the node and
says what the view supports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnbuilder.document.project import Project
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.step_words import step_word

WEIGHT_LIMIT = 1000  # weights (kernels and biases together) the view works through by hand
ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu")
LOSSES = ("mse", "mae", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")
OPTIMIZERS = ("sgd", "adam", "rmsprop")
# Dense settings that only choose the starting weights, so the step's arithmetic is the same with them.
_DENSE_KEEPS = ("units", "activation", "kernel_initializer", "bias_initializer")
_DENSE_DEFAULTS: dict[str, Any] = {"use_bias": True, "trainable": True}  # accepted only at these values
_UNSET = object()


class StepRefused(NNBuilderError):
    """The project (or the arrays given) is beyond what one step worked by hand shows; `node` names where."""

    def __init__(self, key: str, node: str | None = None, **values: object) -> None:
        values.setdefault("limit", WEIGHT_LIMIT)
        super().__init__(step_word("en", key, node=node, **values))
        self.node = node
        self.said_in = {"zh": step_word("zh", key, node=node, **values)}


@dataclass
class DenseStep:
    """One Dense node of the chain, with the Activation and Dropout nodes that follow it."""

    node: str
    inputs: int
    units: int
    activations: list[tuple[str, str]] = field(default_factory=list)  # (node id, activation name)
    dropouts: list[tuple[str, float]] = field(default_factory=list)  # (node id, rate): identity here


@dataclass
class Chain:
    """The network of a project as the step view reads it."""

    model: str
    input_node: str
    width: int
    layers: list[DenseStep]

    @property
    def weight_count(self) -> int:
        return sum(layer.inputs * layer.units + layer.units for layer in self.layers)


def _refuse_node(node: str, layer: str, why: str, **values: object) -> StepRefused:
    return StepRefused(
        "not_a_chain", node, layer=layer, why=step_word("en", why, **values), why_zh=step_word("zh", why, **values)
    )


def read_chain(project: Project) -> Chain:
    """The project's network as a chain of Dense layers; StepRefused names the first node beyond it."""
    if len(project.models) != 1:
        raise StepRefused("one_model", count=len(project.models), names=", ".join(project.models))
    name, graph = next(iter(project.models.items()))
    inputs = [n for n in graph.nodes if n.layer == "Input"]
    if not inputs:
        raise _refuse_node(name, "Model", "why_no_input")
    if len(inputs) > 1:
        raise _refuse_node(inputs[1].id, "Input", "why_branch")
    for node in graph.nodes:
        into = [e for e in graph.edges if e.target == node.id]
        out = [e for e in graph.edges if e.source == node.id]
        plain = all(e.arg is None and e.output == 0 for e in into + out)
        if len(into) > 1 or len(out) > 1 or not plain or node.shares or node.model or node.op:
            raise _refuse_node(node.id, node.layer, "why_branch")
    start = inputs[0]
    shape = start.config.get("shape")
    flat = isinstance(shape, list) and len(shape) == 1 and isinstance(shape[0], int)
    chain = Chain(name, start.id, int(shape[0]) if isinstance(shape, list) and flat else 0, [])
    width, seen, current = chain.width, {start.id}, start.id
    while True:
        following = [e.target for e in graph.edges if e.source == current]
        if not following:
            break
        step = graph.node(following[0])
        if step is None or step.id in seen:
            break
        seen.add(step.id)
        current = step.id
        width = _add_node(chain, step.id, step.layer, step.config, width)
        if not flat:  # a network of other layers is refused at its first such node, before its input's shape
            raise _refuse_node(start.id, "Input", "why_input_shape", shape=shape)
    for node in graph.nodes:
        if node.id not in seen:
            raise _refuse_node(node.id, node.layer, "why_branch")
    if not chain.layers:
        raise _refuse_node(start.id, "Input", "why_no_dense")
    return chain


def _add_node(chain: Chain, node: str, layer: str, config: Mapping[str, Any], width: int) -> int:
    """Add one node to the chain; the width of what flows out of it."""
    if layer == "Dense":
        for key, value in config.items():
            if key not in _DENSE_KEEPS and _DENSE_DEFAULTS.get(key, _UNSET) != value:
                raise _refuse_node(node, layer, "why_setting", setting=key, value=value)
        units = config.get("units")
        if not isinstance(units, int):
            raise _refuse_node(node, layer, "why_setting", setting="units", value=units)
        dense = DenseStep(node, width, units)
        chain.layers.append(dense)
        _check_weights(chain, dense)
        dense.activations.append((node, _activation(node, layer, config.get("activation"))))
        return units
    if layer not in ("Activation", "Dropout"):
        raise _refuse_node(node, layer, "why_layer")
    if not chain.layers:
        raise _refuse_node(node, layer, "why_before_dense")
    if layer == "Activation":
        chain.layers[-1].activations.append((node, _activation(node, layer, config.get("activation"))))
    else:
        chain.layers[-1].dropouts.append((node, float(config.get("rate", 0.0))))
    return width


def _activation(node: str, layer: str, name: Any) -> str:
    name = "linear" if name is None else name
    if name not in ACTIVATIONS:
        raise _refuse_node(node, layer, "why_activation", activation=name)
    return str(name)


def _check_weights(chain: Chain, dense: DenseStep) -> None:
    if chain.weight_count > WEIGHT_LIMIT:
        raise StepRefused("too_many_weights", dense.node, layer="Dense", count=chain.weight_count)


# ---------------------------------------------------------------------- training settings
def read_training(project: Project) -> dict[str, Any]:
    """The project's training settings with defaults filled in, refused where the view has no formulas."""
    settings = normalize_training(project.training)
    optimizer = settings["optimizer"]
    refusals = [
        ("loss", settings["loss"], settings["loss"] not in LOSSES),
        ("optimizer.name", optimizer["name"], optimizer["name"] not in OPTIMIZERS),
        ("schedule.name", settings["schedule"]["name"], settings["schedule"]["name"] != "constant"),
    ]
    for key in ("weight_decay", "clipnorm", "clipvalue"):
        refusals.append((f"optimizer.{key}", optimizer.get(key), optimizer.get(key) is not None))
    refusals.append(("optimizer.amsgrad", optimizer.get("amsgrad"), bool(optimizer.get("amsgrad"))))
    for setting, value, refused in refusals:
        if refused:
            raise StepRefused("training_setting", setting=setting, value=value)
    return settings


# ---------------------------------------------------------------------- starting weights
Weights = dict[str, list[np.ndarray[Any, np.dtype[np.float64]]]]


def given_weights(chain: Chain, weights: Mapping[str, Any]) -> Weights:
    """`weights` (node id -> [kernel, bias]) checked against the chain's shapes, as float64 arrays."""
    out: Weights = {}
    for layer in chain.layers:
        if layer.node not in weights:
            raise StepRefused("missing_weights", layer.node)
        pair = weights[layer.node]
        kernel_shape, bias_shape = (layer.inputs, layer.units), (layer.units,)
        arrays = [np.asarray(w, dtype=np.float64) for w in pair] if isinstance(pair, (list, tuple)) else []
        if len(arrays) != 2 or arrays[0].shape != kernel_shape or arrays[1].shape != bias_shape:
            got = [a.shape for a in arrays] if arrays else type(pair).__name__
            raise StepRefused("bad_weights", layer.node, kernel=kernel_shape, bias=bias_shape, got=got)
        out[layer.node] = [arrays[0].copy(), arrays[1].copy()]
    return out


def model_weights(chain: Chain, model: Any) -> Weights:
    """The weights of the chain's Dense layers in a built Keras model (or a trainer holding one as `.model`)."""
    if not hasattr(model, "get_layer") and hasattr(model, "model"):
        model = model.model
    found: dict[str, Any] = {}
    for layer in chain.layers:
        try:
            found[layer.node] = list(model.get_layer(layer.node).get_weights())
        except ValueError:
            raise StepRefused("missing_weights", layer.node) from None
    return given_weights(chain, found)


def built_weights(project: Project, chain: Chain) -> Weights:
    """The starting weights Keras gives the project's model when it is built (or the weights it keeps)."""
    from nnbuilder.bridge.to_keras import build  # deferred: imports Keras

    return model_weights(chain, build(project, chain.model))
