"""Edits that would silently rewire a model: an editor that does not carry every wiring field yet
(an edge's `output` or `arg`, a node's `call`, a model output's number) must not pass such an edit on."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from nnbuilder.document.model_graph import Graph
from nnbuilder.locale.problem_words import Words, say

if TYPE_CHECKING:
    from nnbuilder.document.project import Project


def dropped_wiring(before: Project, after: Project) -> Words | None:
    """Why `after` (an edit of `before`) is refused for losing how a node is called, or None.

    An edit that keeps an edge but loses its `output` or `arg`, keeps a node but loses its `call`, or
    keeps a model output but loses its output number would silently rewire the model: an editor that
    does not carry those fields yet must not pass it on."""
    for name, graph in before.models.items():
        other = after.models.get(name)
        if other is None:
            continue
        plain_before, plain_after = _plain_edges(graph), _plain_edges(other)
        for edge in graph.edges:
            where = (edge.source, edge.target, edge.port)
            if (edge.output or edge.arg) and edge not in other.edges and plain_after[where] > plain_before[where]:
                return say(
                    "wiring_edge", source=edge.source, target=edge.target, output=edge.output, arg=edge.arg or "-"
                )
        for node in graph.nodes:
            kept = other.node(node.id)
            if node.call and kept is not None and kept.layer == node.layer and not kept.call:
                return say("wiring_call", node=node.id, call=", ".join(node.call))
        refs = other.output_refs()
        for node_id, output in graph.output_refs():
            if output and (node_id, output) not in refs and (node_id, 0) in refs:
                return say("wiring_output", node=node_id, output=output)
    return None


def _plain_edges(graph: Graph) -> Counter[tuple[str, str, int]]:
    """How many edges go from each source to each port of a target reading output 0 into a main input."""
    return Counter((e.source, e.target, e.port) for e in graph.edges if e.output == 0 and e.arg is None)
