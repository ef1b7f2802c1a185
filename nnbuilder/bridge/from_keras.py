"""`from_keras(model)`: a Keras Functional or Sequential model as a Project.

Each layer call becomes a node (the layer's name is its id); a layer called
again becomes a node that `shares` the first; a model used as a layer becomes a
project model of its own plus a `Model` node.
"""

from __future__ import annotations

import inspect

from nnbuilder.bridge._config import NotJson, compact_config, json_form, not_carried, plain, project_layer
from nnbuilder.bridge.import_check import refuse_unfaithful
from nnbuilder.bridge.operations import is_operation, op_node, operation_tensors
from nnbuilder.bridge.weights import model_weights
from nnbuilder.catalog import call_style, get_spec
from nnbuilder.document import graph as _graph
from nnbuilder.document.project import Edge, Graph, Node, Project
from nnbuilder.document.validation import MODEL_LAYER
from nnbuilder.errors import ProjectError, UnsupportedModelError

ROW = 100  # vertical distance between layers of the automatic layout
COLUMN = 200  # horizontal distance between side-by-side nodes


def from_keras(model, name: str | None = None, weights: bool = False) -> Project:
    """Convert `model`; raises UnsupportedModelError naming the layer it cannot carry.

    With `weights`, the project keeps the model's weights: `save` writes them beside the project file
    and `build` puts them into the layers (see `nnbuilder.bridge.weights`)."""
    import keras

    if not isinstance(model, keras.Model):
        raise UnsupportedModelError(f"expected a keras.Model, got {type(model).__name__}")
    converter = _Converter()
    main = converter.convert(model)
    models = {main: converter.graphs.pop(main), **converter.graphs}
    description = f"Imported from the Keras model {model.name!r}."
    project = Project(name=name or model.name, description=description, models=models)
    try:  # what is imported must load back: a file saved right after the import is read again
        Project.from_dict(project.to_dict(), trust=True)
    except ProjectError as exc:
        raise UnsupportedModelError(f"the import would write a project that does not load: {exc}") from exc
    refuse_unfaithful(project, model, main)
    if weights:
        project.weights = model_weights(model, converter.seen_models)
    return project


def _model_key(name: str, taken) -> str:
    key = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name) or "model"
    if key[0].isdigit():
        key = f"m_{key}"
    base, i = key, 1
    while key in taken:
        i += 1
        key = f"{base}_{i}"
    return key


class _Converter:
    def __init__(self):
        self.graphs: dict[str, Graph] = {}
        self.seen_models: dict[int, str] = {}

    def convert(self, model) -> str:
        import keras

        if id(model) in self.seen_models:
            return self.seen_models[id(model)]
        functional = model
        if isinstance(model, keras.Sequential):
            functional = getattr(model, "_functional", None)
            if functional is None:
                raise UnsupportedModelError(
                    "this Sequential model has no input shape yet: start it with keras.Input(shape=...) "
                    "or call it once on data",
                    model.name,
                )
        if not hasattr(functional, "_inbound_nodes") or not getattr(functional, "outputs", None):
            raise UnsupportedModelError(
                f"{type(model).__name__} is a subclassed model; only Functional and Sequential models "
                "describe their graph",
                model.name,
            )
        key = _model_key(model.name, self.graphs)
        self.seen_models[id(model)] = key
        self.graphs[key] = Graph()  # placeholder so the key is taken while nested models convert
        self.graphs[key] = self.graph_of(functional)
        return key

    def graph_of(self, functional) -> Graph:
        calls = _calls_in(functional)
        ids = {}
        graph = Graph()
        first_call = {}
        for op, index, call in calls:
            node_id = op.name if id(op) not in first_call else f"{op.name}_call{index}"
            ids[(id(op), index)] = node_id
            if is_operation(op):  # x + y, ops.mean(x, axis=1): an Op node, its edges naming their argument
                node, feeds = op_node(op, call, node_id)
            else:
                node = self.node_for(op, node_id, first_call.get(id(op)))
                first_call.setdefault(id(op), node_id)
                main, keyword, node.call = _call_parts(op, call)
                feeds = [(arg, port, t) for arg, ts in [(None, main), *keyword.items()] for port, t in enumerate(ts)]
            graph.nodes.append(node)
            for arg, port, tensor in feeds:  # (argument or None for a main input, port, tensor)
                src_op, src_index, tensor_index = tensor._keras_history
                graph.edges.append(Edge(ids[(id(src_op), src_index)], node_id, port, tensor_index, arg))
        graph.inputs = [ids[_history_key(t)] for t in _flat(functional.inputs)]
        graph.outputs = [_output_entry(ids[_history_key(t)], t._keras_history[2]) for t in _flat(functional.outputs)]
        _layout(graph)
        if graph.inputs == [n.id for n in graph.nodes if n.layer == "Input"]:
            graph.inputs = None  # the natural order: no need to spell it out
        if graph.outputs == Graph(graph.nodes, graph.edges).output_entries():
            graph.outputs = None
        return graph

    def node_for(self, op, node_id, shares) -> Node:
        import keras

        if isinstance(op, keras.layers.InputLayer):
            return Node(node_id, "Input", _input_config(op))
        if isinstance(op, keras.Model):
            return Node(node_id, MODEL_LAYER, {}, model=self.convert(op))
        if type(op).__name__ == "Lambda":
            raise UnsupportedModelError(
                "Lambda layers hold Python code, which projects never carry; replace it with a built-in layer", op.name
            )
        cls_name = project_layer(type(op))
        if cls_name is None:
            raise UnsupportedModelError(not_carried(type(op)), op.name)
        if shares is not None:
            return Node(node_id, cls_name, {}, shares=shares)
        return Node(node_id, cls_name, compact_config(op))


def _input_config(op) -> dict:
    config = op.get_config()
    batch_shape = list(config.get("batch_shape") or [None])
    out = {"shape": plain(batch_shape[1:])}
    if batch_shape[0] is not None:
        out["batch_size"] = batch_shape[0]
    if config.get("dtype") not in (None, "float32"):
        out["dtype"] = config["dtype"]
    return out


def _output_entry(node_id: str, output: int):
    """A model output as the document writes it: the id for output 0, else {"node": id, "output": k}."""
    return node_id if output == 0 else {"node": node_id, "output": output}


def _flat(tensors):
    import keras

    return keras.tree.flatten(tensors)


def _history_key(tensor):
    op, index, _ = tensor._keras_history
    return (id(op), index)


def _calls_in(functional):
    """(operation, inbound-node index, node) of every call in the model, found by
    walking back from the outputs (and inputs), in the model's own layer order."""
    position = {id(op): i for i, op in enumerate(functional.operations)}
    found = {}
    needs = {}  # (id(op), index) -> the calls whose outputs that call reads
    stack = list(_flat(functional.outputs)) + list(_flat(functional.inputs))
    while stack:
        op, index, _ = stack.pop()._keras_history
        if (id(op), index) in found:
            continue
        node = op._inbound_nodes[index]
        found[(id(op), index)] = (op, index, node)
        tensors = _call_tensors(op, node)
        needs[(id(op), index)] = {_history_key(t) for t in tensors}
        stack.extend(tensors)
    calls = sorted(found.values(), key=lambda c: (position.get(id(c[0]), len(position)), c[1]))
    return _dependency_order(calls, needs)


def _dependency_order(calls, needs: dict):
    """Reorder calls so that each comes after the calls that feed it (`needs`: call key -> their keys), stable."""
    placed, order, pending = set(), [], list(calls)
    while pending:
        rest = []
        for call in pending:
            if needs[(id(call[0]), call[1])] <= placed:
                placed.add((id(call[0]), call[1]))
                order.append(call)
            else:
                rest.append(call)
        if len(rest) == len(pending):
            raise UnsupportedModelError("the model's graph has a loop")
        pending = rest
    return order


def _call_tensors(op, node):
    """Tensors of one call: its main inputs in signature order (query, value, key...), then the tensors
    of its other call arguments (an RNN's initial_state, a mask given by hand)."""
    if is_operation(op):
        return operation_tensors(node)
    main, keyword, _ = _call_parts(op, node)
    return main + [t for tensors in keyword.values() for t in tensors]


def _call_parts(op, node):
    """(main, keyword, values) of one call: its main input tensors in signature order; the tensors of
    its other call arguments by argument (an RNN's initial_state, a mask given by hand); and the JSON
    values of the rest (`use_causal_mask=True`, `training=True`). Left out: a mask Keras makes by itself
    (Embedding's mask_zero, Masking), which the rebuilt model makes again; `training` False or None,
    which a Functional model decides when it runs; and values equal to the signature's default. A value
    a project cannot hold (not JSON) refuses the import, naming the layer and the argument."""
    import keras

    args, kwargs = node.arguments.args, node.arguments.kwargs
    try:
        signature = inspect.signature(op.call)
        bound = signature.bind_partial(*args, **kwargs).arguments
        main_params = _main_params(op, signature)
    except (TypeError, ValueError):
        signature, bound, main_params = None, {"inputs": list(args), **kwargs}, {"inputs"}
    main: list = []
    keyword: dict = {}
    values: dict = {}
    for param, value in bound.items():
        leaves = keras.tree.flatten(value)
        found = [t for t in leaves if isinstance(t, keras.KerasTensor)]
        if found and "mask" in param and _automatic_mask(value, main):
            continue
        if found and param in main_params:
            main.extend(found)
        elif found:
            if len(found) != len(leaves):
                raise UnsupportedModelError(
                    f"is called with {param} holding tensors and other values together", op.name
                )
            keyword[param] = found
        elif not _left_out(signature, param, value):
            values[param] = _json_value(op, param, value)
    return main, keyword, values


def _main_params(op, signature) -> set:
    """The call parameters that take the layer's main inputs: the first one, or for a layer called on
    several tensors in turn (MultiHeadAttention's query, value, key) as many as it takes."""
    names = [p for p in signature.parameters if p != "self"]
    count = 1
    layer = type(op).__name__
    if call_style(layer, 2) == "positional":
        spec = get_spec(layer)
        count = (spec.inputs[1] or 1) if spec is not None else 1
    return set(names[:count])


def _json_value(op, param: str, value):
    """`value` as JSON holds it (tuples as lists); refuses what JSON cannot hold."""
    try:
        return json_form(value, objects=False)
    except NotJson as exc:
        shown = " ".join(repr(exc.part).split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise UnsupportedModelError(
            f"is called with {param}={shown}, a {type(exc.part).__name__} that a project cannot hold "
            "(call arguments are numbers, text, true/false or lists of them)",
            op.name,
        ) from None


def _automatic_mask(mask, inputs) -> bool:
    """Whether `mask` is nothing but the masks Keras attached to `inputs` itself."""
    import keras

    own = [getattr(t, "_keras_mask", None) for t in inputs]
    return all(any(m is o for o in own if o is not None) for m in keras.tree.flatten(mask) if m is not None)


def _left_out(signature, param: str, value) -> bool:
    import keras

    if param == "training" and value is False:
        return True
    if all(leaf is None for leaf in keras.tree.flatten(value)):  # None, or [None, None] for a list's masks
        return True
    if signature is None or param not in signature.parameters:
        return False
    default = signature.parameters[param].default
    if default is inspect.Parameter.empty:
        return False
    try:
        return bool(value == default) and type(value) is type(default)
    except Exception:  # a value that cannot be compared is not left out
        return False


def _layout(graph):
    """Layered top-to-bottom positions: row by depth, centred columns."""
    depth = _graph.depths(graph)
    rows = {}
    for node in graph.nodes:
        rows.setdefault(depth.get(node.id, 0), []).append(node)
    for level, members in rows.items():
        offset = (len(members) - 1) / 2
        for i, node in enumerate(members):
            node.pos = [round((i - offset) * COLUMN), level * ROW]
