"""Checks of one model's graph as a whole: usable node ids and edges, cycles, the inputs and outputs it lists,
and nodes that lead nowhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnbuilder.document import graph as _graph
from nnbuilder.locale.problem_words import say

if TYPE_CHECKING:
    from nnbuilder.checking._model_check import ModelCheck


def ids_usable(check: ModelCheck) -> bool:
    """Node ids become Keras layer names: unique, non-empty text without '/'."""
    seen: set[str] = set()
    for node in check.graph.nodes:
        if not isinstance(node.id, str) or not node.id or "/" in node.id or node.id in seen:
            twice = isinstance(node.id, str) and node.id in seen
            check.problem(
                None,
                "node_id",
                say("node_id_twice" if twice else "node_id_bad", id=node.id),
                expected="a unique id without '/'",
                found=repr(node.id),
            )
            return False
        seen.add(node.id)
    return True


def edges_usable(check: ModelCheck) -> bool:
    """Every edge runs between nodes of this model (a project made in Python can hold any edge)."""
    for edge in check.graph.edges:
        missing = next((end for end in (edge.source, edge.target) if end not in check.by_id), None)
        if missing is not None:
            check.problem(
                None,
                "edge_unknown_node",
                say("edge_unknown_node", source=edge.source, target=edge.target, model=check.name, missing=missing),
                edge=edge.to_dict(),
                fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
            )
            return False
    return True


def report_cycles(check: ModelCheck, blocked: set[str]) -> set[str]:
    """Report each node on a cycle (`blocked`: the nodes a topological order could not reach) and return them."""
    graph = check.graph
    on_cycle = _graph.cycle_members(graph, blocked)
    for node_id in sorted(on_cycle, key=check.index.__getitem__):
        edge = next(e for e in graph.edges if e.target == node_id and e.source in blocked)
        check.problem(
            check.by_id[node_id],
            "cycle",
            say("cycle_node", node=node_id),
            edge=edge.to_dict(),
            fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
        )
    return on_cycle


def check_model_io(check: ModelCheck) -> bool:
    """Explicit inputs/outputs lists name nodes of the model; False when they do not."""
    graph, ok = check.graph, True
    for key in ("inputs", "outputs"):
        if getattr(graph, key) is None:
            continue
        refs = [(i, 0) for i in graph.input_ids()] if key == "inputs" else graph.output_refs()
        ids = [i for i, _ in refs]
        wrong = [i for i in ids if (n := graph.node(i)) is None or (key == "inputs" and n.layer != "Input")]
        if not ids or wrong or len(set(refs)) != len(refs):
            what = "Input nodes" if key == "inputs" else "nodes"
            found = ", ".join(map(repr, wrong)) if wrong else say("found_nothing" if not ids else "found_repeated")
            check.problem(
                None,
                "model_io",
                say(f"model_{key}_list", model=check.name, found=found),
                expected=f"ids of {what}",
                found=str(found),
            )
            ok = False
    for node_id, output in graph.output_refs() if ok else []:
        count = len(check.nodes[node_id].output_shapes)
        if count and output >= count:
            check.problem(
                None,
                "no_such_output",
                say("model_output_missing", model=check.name, node=node_id, output=output, count=count),
                expected=f"an output from 0 to {count - 1}",
                found=str(output),
            )
            ok = False
    if ok and graph.inputs is not None:
        needed = _graph.reaches(graph, graph.output_ids())
        missing = [n.id for n in graph.nodes if n.layer == "Input" and n.id in needed and n.id not in graph.inputs]
        if missing:
            check.problem(
                None,
                "model_io",
                say("input_not_listed", input=missing[0], model=check.name),
                expected="every Input that feeds an output",
                found=missing[0],
            )
    return ok


def check_reachability(check: ModelCheck, on_cycle: set[str]) -> None:
    """Every Input feeds a layer and every node leads to an output (nodes on a cycle are reported already)."""
    graph = check.graph
    outputs = graph.output_ids()
    alive = _graph.reaches(graph, outputs)
    readers = {e.source for e in graph.edges}
    for node in graph.nodes:
        if node.id in on_cycle:
            continue
        if node.layer == "Input" and node.id not in readers:
            check.problem(
                node,
                "unconnected",
                say("input_unconnected", node=node.id),
                expected="an edge to a layer",
                found="none",
                fixes=[{"action": "remove", "label": f"Delete {node.id}"}],
            )
        elif node.id not in alive:
            check.problem(
                node,
                "dead_end",
                say("dead_end", node=node.id, model=check.name),
                expected="a path to an output",
                found="a dead end",
                fixes=[
                    {"action": "add_output", "label": f"Make {node.id} an output"},
                    {"action": "remove", "label": f"Delete {node.id}"},
                ],
            )
    if not outputs:
        check.problem(None, "no_output", say("no_output", model=check.name))
