"""What reaches one node: its main inputs by port, the tensors of edges that name a call argument (by
argument), and the shape each edge brings (the output of its source that it names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnbuilder.catalog import get_spec
from nnbuilder.catalog._spec import ArgShapes, Shape
from nnbuilder.document.project import Edge, Node
from nnbuilder.document.trust import MODEL_LAYER
from nnbuilder.locale.problem_words import Words, say

if TYPE_CHECKING:
    from nnbuilder.checking._model_check import ModelCheck


def collect_inputs(check: ModelCheck, node: Node) -> list[Shape] | None:
    """Input shapes by port, or None (problems reported) when they are not all known."""
    edges = [e for e in check.edges_into.get(node.id, []) if e.arg is None]
    low, high = _arity(check, node)
    ports = [e.port for e in edges]
    doubled = sorted({p for p in ports if ports.count(p) > 1})
    if doubled:
        extra = [e for e in edges if e.port == doubled[0]][1]
        check.problem(
            node,
            "port_conflict",
            say("port_conflict", port=doubled[0], node=node.id, count=ports.count(doubled[0])),
            expected="one edge per input",
            found=f"{ports.count(doubled[0])} edges",
            edge=extra.to_dict(),
            fixes=[{"action": "remove_edge", "edge": extra.to_dict(), "label": "Remove the extra edge"}],
        )
        return None
    if ports != list(range(len(edges))):
        held = set(ports)  # the first free input, found without counting up to the largest port
        missing = next(i for i in range(len(ports) + 1) if i not in held)
        check.problem(
            node,
            "port_gap",
            say("port_gap", missing=missing, node=node.id, last=max(ports)),
            expected=f"inputs 0..{len(edges) - 1}",
            found=str(ports),
        )
        return None
    if len(edges) < low:
        if not edges:
            check.problem(
                node,
                "unconnected",
                say("no_input", layer=node.layer, node=node.id),
                expected=_count(low),
                found="no input",
            )
        else:
            check.problem(
                node,
                "arity",
                say("needs_inputs", layer=node.layer, count=_count(low, "at_least"), have=len(edges)),
                expected=_count(low, "at_least"),
                found=str(len(edges)),
            )
        return None
    if high is not None and len(edges) > high:
        extra = edges[high]
        check.problem(
            node,
            "arity",
            say(
                "takes_inputs",
                layer=node.layer,
                count=_count(high, "at_most" if high != low else "exactly"),
                have=len(edges),
            ),
            expected=_count(high),
            found=str(len(edges)),
            edge=extra.to_dict(),
            fixes=[{"action": "remove_edge", "edge": extra.to_dict(), "label": "Remove the extra edge"}],
        )
        return None
    shapes = _edge_shapes(check, node, edges)
    if shapes is None:
        return None
    check.nodes[node.id].input_shapes = shapes
    known = [s for s in shapes if s is not None]
    if len(known) < len(shapes):
        return None  # an upstream node has a problem of its own
    return known


def collect_tensor_args(check: ModelCheck, node: Node) -> ArgShapes | None:
    """Shapes of the tensors that edges naming a call argument bring, by argument and port; None
    (problems reported, or an upstream node with problems of its own) when they are not all known."""
    by_arg: dict[str, list[Edge]] = {}
    for edge in check.edges_into.get(node.id, []):
        if edge.arg is not None:
            by_arg.setdefault(edge.arg, []).append(edge)
    out: ArgShapes = {}
    for arg, edges in by_arg.items():
        ports = [e.port for e in edges]
        if ports != list(range(len(edges))):
            check.problem(
                node,
                "port_gap",
                say("arg_gap", node=node.id, arg=arg, ports=", ".join(map(str, ports))),
                expected=f"{arg} 0..{len(edges) - 1}",
                found=str(ports),
            )
            return None
        shapes = _edge_shapes(check, node, edges)
        if shapes is None:
            return None
        known = [s for s in shapes if s is not None]
        if len(known) < len(shapes):
            return None
        out[arg] = known
    return out


def _edge_shapes(check: ModelCheck, node: Node, edges: list[Edge]) -> list[Shape | None] | None:
    """The shape each edge brings: the output of its source that it names (None where the source has
    problems of its own). None, reported, when an edge names an output its source does not have."""
    shapes: list[Shape | None] = []
    for edge in edges:
        source = check.nodes.get(edge.source)
        outputs = source.output_shapes if source is not None else []
        if outputs and edge.output >= len(outputs):
            check.problem(
                node,
                "no_such_output",
                say("no_such_output", node=node.id, source=edge.source, output=edge.output, count=len(outputs)),
                expected=f"an output from 0 to {len(outputs) - 1}",
                found=str(edge.output),
                edge=edge.to_dict(),
                fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
            )
            return None
        shapes.append(outputs[edge.output] if outputs else None)
    return shapes


def _arity(check: ModelCheck, node: Node) -> tuple[int, int | None]:
    """(fewest, most) main inputs `node` takes; most is None when unbounded."""
    if node.layer == MODEL_LAYER:
        sub = check.project.models.get(node.model) if node.model is not None else None
        count = len(sub.input_ids()) if sub is not None else 1
        return count, count
    spec = get_spec(node.layer)
    return spec.inputs if spec else (1, None)


def _count(n: int, how: str = "exactly") -> Words:
    return say(f"inputs_{how}", n=n, s="" if n == 1 else "s")
