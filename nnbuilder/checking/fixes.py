"""Carrying out the suggested fixes that `check()` attaches to its diagnostics."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog import get_spec
from nnbuilder.checking.result import Diagnostic
from nnbuilder.document.graph import room_between
from nnbuilder.document.project import Edge, Graph, Node, Project, output_ref
from nnbuilder.errors import ProjectError

ACTIONS = ("insert", "set", "remove", "remove_edge", "add_output")
_ABOUT_A_NODE = "set, remove and add_output fixes come with a diagnostic about a node"


def apply_fix(project: Project, diagnostic: Diagnostic, fix: dict[str, Any] | None = None) -> Project:
    """Apply one fix of `diagnostic` (the first when `fix` is None) to a copy of
    `project` and return the copy; the original is left untouched."""
    fixes = diagnostic.fixes
    fix = fix if fix is not None else (fixes[0] if fixes else None)
    if fix is None:
        raise ProjectError(f"{diagnostic.code} on {diagnostic.node!r} has no suggested fix")
    action = fix.get("action")
    if action not in ACTIONS:
        raise ProjectError(f"unknown fix action {action!r}; expected one of {', '.join(ACTIONS)}")
    result = project.copy()
    graph = result.models[diagnostic.model]
    node = graph.node(diagnostic.node) if diagnostic.node else None
    if action == "set":
        assert node is not None, _ABOUT_A_NODE
        node.config[fix["param"]] = fix["value"]
    elif action == "remove":
        assert node is not None, _ABOUT_A_NODE
        remove_node(graph, node)
    elif action == "remove_edge":
        edge = Edge(**fix["edge"])
        graph.edges = [e for e in graph.edges if e != edge]
    elif action == "add_output":
        assert node is not None, _ABOUT_A_NODE
        graph.outputs = graph.output_entries() + [node.id]
    else:
        _insert(graph, fix)
    return result


def remove_node(graph: Graph, node: Node) -> None:
    """Take `node` out of `graph` (in place): its edges, its place in the model's
    input/output lists, and its layer handed over to a node that shares it. The canvas deletes the same way
    (widgets/src/editor/graph-edits.ts, held to this by widgets/test/python-fixtures/delete-nodes.json)."""
    _hand_over_shared_layer(graph, node)
    graph.nodes = [n for n in graph.nodes if n.id != node.id]
    graph.edges = [e for e in graph.edges if node.id not in (e.source, e.target)]
    if graph.inputs is not None:
        graph.inputs = [i for i in graph.inputs if i != node.id]
    if graph.outputs is not None:  # an entry is an id or {"node": id, "output": k}
        graph.outputs = [o for o in graph.outputs if output_ref(o)[0] != node.id]


def _hand_over_shared_layer(graph: Graph, node: Node) -> None:
    """Before `node` goes, the first node sharing its layer takes the layer over."""
    sharers = [n for n in graph.nodes if n.shares == node.id]
    if not sharers:
        return
    heir = sharers[0]
    heir.shares, heir.config = None, dict(node.config)
    for other in sharers[1:]:
        other.shares = heir.id


def _insert(graph: Graph, fix: dict[str, Any]) -> Node:
    """Put a new layer on an edge: source -> new -> target (same port), where it covers no other node."""
    edge = Edge(**fix["edge"])
    if edge not in graph.edges:
        raise ProjectError(f"edge {edge.source} -> {edge.target} is no longer in the model")
    layer = fix["layer"]
    spec = get_spec(layer)
    config = dict(spec.starter if spec else {})
    config.update(fix.get("config", {}))
    pos = room_between(graph, edge.source, edge.target)  # may move the target and what follows it
    new = Node(graph.new_id(layer), layer, config, pos)
    graph.nodes.insert(graph.index(edge.target), new)
    graph.edges.remove(edge)
    graph.edges.append(Edge(edge.source, new.id, 0, edge.output))  # the same output of the source...
    graph.edges.append(Edge(new.id, edge.target, edge.port, arg=edge.arg))  # ...into the same slot
    return new
