"""The probe behind `activations`: one Keras model that returns every node's outputs at once, found by matching
a project's graph to the calls of a built model, and kept per model while the model lives.

A learner clicks node after node and the view refreshes each epoch, so the probe is made once per model (and
per shape of its graph) and reused; it holds the model's layers, never the model itself, so when the model is
gone its probe goes too.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from nnbuilder.document import graph as _graph
from nnbuilder.document.names import layer_names, model_names
from nnbuilder.document.project import Project
from nnbuilder.document.trust import MODEL_LAYER
from nnbuilder.errors import NNBuilderError, bilingual_error
from nnbuilder.locale.activation_words import activation_word


def view_error(key: str, /, **values: object) -> NNBuilderError:
    """The activation view's error `key`, in English with its Chinese beside it."""
    return bilingual_error(activation_word("en", key, **values), activation_word("zh", key, **values))


def output_key(node_id: str, output: int) -> str:
    """The key of a node's output in what `activations` returns: the node id for its first output, then
    "<id>:<k>" for output k (an LSTM's states, a nested model's second output), as check's output_shapes."""
    return node_id if output == 0 else f"{node_id}:{output}"


@dataclass(frozen=True)
class InputSpec:
    """One input of the model: its node id, its shape with None for the batch (and any free) axis, its dtype."""

    node: str
    shape: tuple[int | None, ...]
    dtype: str


@dataclass(frozen=True)
class Probe:
    """Every output of one graph's nodes from one Keras call: `runner` maps the model's inputs to the outputs
    named by `keys`; Input nodes (`passed`: key -> input number) give back the sample itself."""

    model: str
    inputs: tuple[InputSpec, ...]
    keys: tuple[str, ...]
    passed: tuple[tuple[str, int], ...]
    runner: Any


_LOCK = threading.Lock()
_PROBES: weakref.WeakKeyDictionary[Any, dict[Hashable, Probe]] = weakref.WeakKeyDictionary()
_IMPORTED: weakref.WeakKeyDictionary[Any, Project] = weakref.WeakKeyDictionary()


def probe_for(model: Any, project: Project, name: str) -> Probe:
    """The probe of `model` for the graph `name` of `project`, made on first use and cached on the model."""
    key = (name, graph_shape(project, name))
    with _LOCK:
        known = _PROBES.get(model)
        probe = known.get(key) if known is not None else None
    if probe is not None:
        return probe
    probe = make_probe(model, project, name)
    with _LOCK:
        _PROBES.setdefault(model, {})[key] = probe
    return probe


def cached_probes(model: Any) -> list[Probe]:
    """The probes kept for `model` (none once it is gone or before its first view)."""
    with _LOCK:
        return list((_PROBES.get(model) or {}).values())


def imported_project(model: Any) -> Project:
    """The project of a Keras model given without one: `from_keras(model)`, once per model."""
    with _LOCK:
        project = _IMPORTED.get(model)
    if project is None:
        from nnbuilder.bridge.from_keras import from_keras

        project = from_keras(model)
        with _LOCK:
            _IMPORTED[model] = project
    return project


def graph_shape(project: Project, name: str) -> Hashable:
    """What the match between a graph and a model depends on: its nodes' ids and layers, its wiring, the
    models' names. A setting changed in the editor leaves it alone; a node added or rewired changes it."""
    graph = project.models[name]
    nodes = tuple((n.id, n.layer, n.shares, n.model) for n in graph.nodes)
    edges = tuple((e.source, e.target, e.port, e.output, e.arg) for e in graph.edges)
    return nodes, edges, tuple(graph.input_ids()), tuple(project.models)


def make_probe(model: Any, project: Project, name: str) -> Probe:
    import keras  # type: ignore[import-untyped]

    graph = project.models[name]
    tensors = node_tensors(model, project, name)
    inputs = list(keras.tree.flatten(model.inputs))
    input_ids = [i for i in graph.input_ids() if i in tensors]
    specs = tuple(
        InputSpec(node_id, tuple(tensor.shape), str(tensor.dtype)) for node_id, tensor in zip(input_ids, inputs)
    )
    passed = tuple((node_id, k) for k, node_id in enumerate(input_ids))
    keys: list[str] = []
    outputs: list[Any] = []
    for node_id, node_outputs in tensors.items():
        if node_id in input_ids:
            continue
        for k, tensor in enumerate(node_outputs):
            keys.append(output_key(node_id, k))
            outputs.append(tensor)
    runner = keras.Model(inputs=inputs, outputs=outputs, name=f"{model.name}_activations") if outputs else None
    return Probe(name, specs, tuple(keys), passed, runner)


def node_tensors(model: Any, project: Project, name: str) -> dict[str, list[Any]]:
    """Node id -> the Keras tensors of its outputs inside `model`, for the nodes of graph `name` that the model
    computes from its inputs, in the graph's order. Each node is the call of its layer (the first node's layer
    for a node that `shares` it; the called model for a Model node; the operation named after an Op node) whose
    input tensors are those of the nodes feeding it; a node whose layer `model` lacks is refused."""
    import keras

    graph = project.models[name]
    names = layer_names(graph, model_names(project.models))
    operations = {op.name: op for op in model.operations}
    tensors: dict[str, list[Any]] = {}
    for node_id, tensor in zip(graph.input_ids(), keras.tree.flatten(model.inputs)):
        tensors[node_id] = [tensor]
    used: set[int] = set()
    order, _ = _graph.topological_order(graph)
    for node_id in order:
        node = graph.node(node_id)
        if node is None or node_id in tensors or node.layer == "Input":
            continue
        try:
            main, by_arg = _graph.fed_into(graph, node_id, tensors)
        except KeyError:  # fed by an Input the model does not take: not computed from the model's inputs
            continue
        layer = names[node.shares] if node.shares and node.layer != MODEL_LAYER else names[node_id]
        call = _matching_call(operations.get(layer), main + [t for ts in by_arg.values() for t in ts], used)
        if call is None:
            raise view_error("not_from_project", node=node_id, model=name, layer=layer, keras_name=model.name)
        used.add(id(call))
        tensors[node_id] = list(keras.tree.flatten(call.outputs))
    return tensors


def _matching_call(operation: Any, fed: Sequence[Any], used: set[int]) -> Any:
    """The first call of `operation` not matched yet whose arguments hold every tensor in `fed` (a call may hold
    more: the mask Keras passes on by itself), or None."""
    if operation is None:
        return None
    wanted = {id(t) for t in fed}
    for call in operation._inbound_nodes:
        if id(call) not in used and wanted <= {id(t) for t in call.arguments.keras_tensors}:
            return call
    return None
