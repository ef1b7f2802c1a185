"""Edits of a project as pure functions: each returns a changed copy, or raises
ProjectError saying what was wrong and leaves the original alone."""

from __future__ import annotations

from nnbuilder.bridge.introspect import resolve
from nnbuilder.checking import fixes
from nnbuilder.document.project import Edge, Node
from nnbuilder.document.validation import config_problems
from nnbuilder.errors import ProjectError

GAP = 100  # vertical distance between a node and one added after it


def _node(graph, model: str, node_id: str) -> Node:
    node = graph.node(node_id)
    if node is None:
        raise ProjectError(f"model {model!r} has no node {node_id!r}")
    return node


def _spec(layer: str):
    spec = resolve(layer) if isinstance(layer, str) else None
    if spec is None:
        raise ProjectError(f"unknown layer {layer!r}: expected a Keras layer class name such as 'Dense'")
    return spec


def _refuse_bad_config(layer: str, config: dict, where: str) -> None:
    """Raise ProjectError for the first argument the document format would refuse."""
    problems = config_problems(layer, config)
    if problems:
        key, message = problems[0]
        raise ProjectError(f"{where}.{key}: {message}")


def add_node(project, model, layer, config, node_id, after, pos):
    """Add a `layer` node (its palette starter config unless `config` is given)."""
    result = project.copy()
    graph = result.models[model]
    spec = _spec(layer)
    config = dict(spec.starter) if config is None else dict(config)
    _refuse_bad_config(layer, config, layer)
    node_id = node_id or graph.new_id(layer)
    if graph.node(node_id) is not None:
        raise ProjectError(f"model {model!r} already has a node {node_id!r}")
    if pos is None:
        anchor = _node(graph, model, after).pos if after else [0, GAP * len(graph.nodes)]
        pos = [anchor[0], anchor[1] + GAP] if after else list(anchor)
    graph.nodes.append(Node(node_id, layer, config, [int(pos[0]), int(pos[1])]))
    if after:
        graph.edges.append(Edge(after, node_id, 0))
    return result, node_id


def connect(project, model, source, target, port):
    """Add the edge source -> target at `port` (the next free input by default)."""
    result = project.copy()
    graph = result.models[model]
    _node(graph, model, source)
    node = _node(graph, model, target)
    taken = [e.port for e in graph.input_edges(target)]
    port = (max(taken) + 1 if taken else 0) if port is None else port
    if port in taken:
        raise ProjectError(f"input {port} of {target!r} is already connected")
    _, most = _spec(node.layer).inputs
    if most == 0:
        raise ProjectError(f"{target!r} ({node.layer}) takes no inputs")
    if most is not None and len(taken) >= most:
        raise ProjectError(f"{target!r} ({node.layer}) takes at most {most} input{'s' if most != 1 else ''}")
    graph.edges.append(Edge(source, target, port))
    return result


def set_param(project, model, node_id, name, value):
    """Set one constructor argument; a value equal to Keras' default is dropped."""
    result = project.copy()
    node = _node(result.models[model], model, node_id)
    _refuse_bad_config(node.layer, {name: value}, node_id)
    param = _spec(node.layer).param(name)
    if param is not None and not param.required and value == param.default:
        node.config.pop(name, None)
    else:
        node.config[name] = value
    return result


def remove_node(project, model, node_id):
    """Remove a node, its edges, its place in the model's input/output lists and the search ranges on its
    settings (the canvas' delete does the same: widgets/src/editor/search-ranges.ts)."""
    result = project.copy()
    graph = result.models[model]
    fixes.remove_node(graph, _node(graph, model, node_id))
    result.search = without_node_ranges(result.search, model, node_id)
    return result


def drop_removed_node_ranges(before, after):
    """`after` with the search ranges dropped whose node `before` had and `after` lacks (a fix removed it)."""
    for model, graph in before.models.items():
        kept = after.models.get(model)
        for node in graph.nodes:
            if kept is None or kept.node(node.id) is None:
                after.search = without_node_ranges(after.search, model, node.id)
    return after


def without_node_ranges(search, model, node_id):
    """The search section without its ranges on node `node_id` of `model`; None when no range is left, since a
    section needs at least one."""
    if not search:
        return search

    def on_node(entry):
        target = entry.get("target", {})
        return target.get("model") == model and target.get("node") == node_id

    ranges = search.get("ranges", [])
    kept = [entry for entry in ranges if not on_node(entry)]
    if len(kept) == len(ranges):
        return search
    return {**search, "ranges": kept} if kept else None
