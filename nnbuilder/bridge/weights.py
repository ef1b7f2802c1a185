"""A project's weights and Keras layers: taken from an imported model, put into the layers `build` makes.

Weights are kept by model name and node id (`Project.weights`, saved beside the project file by
`nnbuilder.document.weights_file`). A node owns the weights of its layer; a node that `shares` another's
layer and a Model node (whose model's own nodes hold them) own none.
"""

from __future__ import annotations

import warnings
from typing import Any

from nnbuilder.document.names import layer_names, model_names
from nnbuilder.document.project import Project
from nnbuilder.document.trust import MODEL_LAYER
from nnbuilder.document.weights_file import Weights


class WeightsSkipped(UserWarning):
    """A node's kept weights no longer fit its layer (its settings changed): the layer keeps fresh weights."""


def model_weights(model: Any, keys: dict[int, str]) -> Weights:
    """The weights of `model` and the models inside it, by project model name and node id.

    `keys` maps `id(keras model)` to the project model it became (what `from_keras` made of it);
    a layer's node id is its name, as `from_keras` gives it.
    """
    import keras

    weights = Weights()
    for keras_model in _models_in(model):
        key = keys.get(id(keras_model))
        if key is None or key in weights:
            continue
        by_node: dict[str, list[Any]] = {}
        for layer in keras_model.layers:
            if isinstance(layer, (keras.Model, keras.layers.InputLayer)) or not layer.weights:
                continue
            by_node[layer.name] = [keras.ops.convert_to_numpy(w) for w in layer.weights]
        if by_node:
            weights[key] = by_node
    return weights


def _models_in(model: Any) -> list[Any]:
    """`model` and every model used inside it, each once, outermost first."""
    import keras

    found: dict[int, Any] = {}
    todo = [model]
    while todo:
        current = todo.pop(0)
        if id(current) in found:
            continue
        found[id(current)] = current
        todo += [layer for layer in current.layers if isinstance(layer, keras.Model)]
    return list(found.values())


def restore_weights(project: Project, name: str, keras_model: Any) -> None:
    """Put the weights `project` keeps for model `name` into the layers of its built `keras_model`.

    A node whose kept weights no longer fit its layer (a changed setting) keeps fresh weights, with a
    WeightsSkipped warning naming it; nodes that are gone, share a layer or call a model are passed over.
    """
    import keras

    kept = project.weights.get(name, {})
    graph = project.models[name]
    names = layer_names(graph, model_names(project.models))
    for node_id, arrays in kept.items():
        node = graph.node(node_id)
        if node is None or node.shares is not None or node.layer in ("Input", MODEL_LAYER):
            continue
        layer = keras_model.get_layer(names[node_id])
        wanted = [tuple(int(d) for d in w.shape) for w in layer.weights]
        given = [tuple(array.shape) for array in arrays]
        if wanted != given:
            warnings.warn(
                f"node {node_id!r} ({node.layer}) of model {name!r} keeps fresh weights: its saved weights have "
                f"shapes {given} but the layer now has {wanted}",
                WeightsSkipped,
                stacklevel=4,  # the caller of nnbuilder.build
            )
            continue
        for variable, array in zip(layer.weights, arrays):
            variable.assign(keras.ops.cast(array, variable.dtype))
