"""Graph algorithms over a model's nodes and edges: order, cycles, reachability, and room on the canvas."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from nnbuilder.document.model_graph import Graph

Links = dict[str, list[str]]  # id -> ids of the nodes on the other end of its edges
Point = Sequence[float]  # a position on the canvas: (x, y)
T = TypeVar("T")  # what flows along an edge: a tensor when building, a variable name when writing code


def adjacency(graph: Graph) -> tuple[Links, Links]:
    """(successors, predecessors) as dicts of id -> list of ids, edges to unknown ids skipped."""
    ids = {n.id for n in graph.nodes}
    succ: Links = defaultdict(list)
    pred: Links = defaultdict(list)
    for e in graph.edges:
        if e.source in ids and e.target in ids:
            succ[e.source].append(e.target)
            pred[e.target].append(e.source)
    return succ, pred


def topological_order(graph: Graph) -> tuple[list[str], set[str]]:
    """(order, cyclic): nodes in dependency order (stable in node order), and the
    set of node ids that lie on or behind a cycle and so have no order."""
    succ, pred = adjacency(graph)
    indegree = {n.id: len(pred[n.id]) for n in graph.nodes}
    position = {n.id: i for i, n in enumerate(graph.nodes)}
    ready = deque(sorted((i for i, d in indegree.items() if d == 0), key=position.__getitem__))
    order: list[str] = []
    while ready:
        node_id = ready.popleft()
        order.append(node_id)
        freed: list[str] = []
        for nxt in succ[node_id]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                freed.append(nxt)
        ready.extend(sorted(freed, key=position.__getitem__))
    cyclic = {i for i, d in indegree.items() if d > 0}
    return order, cyclic


def cycle_members(graph: Graph, blocked: set[str]) -> set[str]:
    """The ids among `blocked` that are actually on a cycle (not merely after one)."""
    succ, _ = adjacency(graph)
    on_cycle: set[str] = set()
    for start in blocked:
        stack, seen = list(succ[start]), set[str]()
        while stack:
            node_id = stack.pop()
            if node_id == start:
                on_cycle.add(start)
                break
            if node_id in seen or node_id not in blocked:
                continue
            seen.add(node_id)
            stack.extend(succ[node_id])
    return on_cycle


def _walk(neighbours: Mapping[str, list[str]], starts: list[str]) -> set[str]:
    """Ids reachable from `starts` (themselves included) along `neighbours` (id -> ids)."""
    found, queue = set(starts), deque(starts)
    while queue:
        for nxt in neighbours[queue.popleft()]:
            if nxt not in found:
                found.add(nxt)
                queue.append(nxt)
    return found


def reaches(graph: Graph, targets: Iterable[str]) -> set[str]:
    """Ids of the nodes from which some node in `targets` can be reached."""
    _, pred = adjacency(graph)
    return _walk(pred, list(targets))


def depths(graph: Graph) -> dict[str, int]:
    """Longest-path depth of each node from the graph's sources (cycles ignored)."""
    order, cyclic = topological_order(graph)
    _, pred = adjacency(graph)
    depth: dict[str, int] = {}
    for node_id in order:
        depth[node_id] = max((depth[p] + 1 for p in pred[node_id] if p in depth), default=0)
    for node_id in cyclic:
        depth[node_id] = max(depth.values(), default=0) + 1
    return depth


def fed_into(graph: Graph, node_id: str, outputs: Mapping[str, Sequence[T]]) -> tuple[list[T], dict[str, list[T]]]:
    """What the edges into `node_id` bring, each looked up in `outputs` (node id -> its outputs, in order):
    (its main inputs by port, {call argument: its inputs by port} in order of first appearance)."""

    def fed(arg: str | None) -> list[T]:
        return [outputs[e.source][e.output] for e in graph.input_edges(node_id, arg)]

    return fed(None), {arg: fed(arg) for arg in graph.call_args(node_id)}


# ------------------------------------------------------------------ positions on the canvas
NODE_ROOM = (180.0, 72.0)  # width and height a node takes on the canvas: its label's box and a margin
ROW = 90.0  # the templates' distance between a layer and the next one below it
COLUMN = 220.0  # the distance between two nodes side by side


def downstream(graph: Graph, start: str) -> set[str]:
    """Ids of the nodes reachable from `start`, itself included."""
    succ, _ = adjacency(graph)
    return _walk(succ, [start])


def overlap(a: Point, b: Point, room: tuple[float, float] = NODE_ROOM) -> bool:
    """Whether nodes at positions `a` and `b` would cover each other on the canvas."""
    return abs(a[0] - b[0]) < room[0] and abs(a[1] - b[1]) < room[1]


def overlapping(graph: Graph) -> list[tuple[str, str]]:
    """Pairs of ids of the graph's nodes that cover each other."""
    nodes = graph.nodes
    return [(a.id, b.id) for i, a in enumerate(nodes) for b in nodes[i + 1 :] if overlap(a.pos, b.pos)]


def free_spot(positions: Iterable[Point], near: Point) -> list[float]:
    """The grid point (columns and rows around `near`) nearest to `near` that no position covers."""
    taken = list(positions)
    reach = 0
    while True:
        span = range(-reach, reach + 1)
        ring = [(i, j) for i in span for j in span if max(abs(i), abs(j)) == reach]
        ring.sort(key=lambda ij: (abs(ij[0]) + abs(ij[1]), abs(ij[0]), -ij[1], -ij[0]))  # nearest; below, right first
        for i, j in ring:
            spot = (near[0] + i * COLUMN, near[1] + j * ROW)
            if not any(overlap(spot, p) for p in taken):
                return [_tidy(spot[0]), _tidy(spot[1])]
        reach += 1


def room_between(graph: Graph, source_id: str, target_id: str) -> list[float]:
    """A free position for a node going on the edge source → target.

    Between the two when there is room; otherwise the target and everything after it move one step
    along the edge's direction to make room, unless that would put them on other nodes: then the free
    spot nearest to the edge's middle. Nodes may move (in place); the new one never covers any."""
    source, target = graph.node(source_id), graph.node(target_id)
    assert source is not None and target is not None, "room_between takes the ids of two nodes of `graph`"
    (sx, sy), (tx, ty) = source.pos, target.pos
    middle = ((sx + tx) / 2, (sy + ty) / 2)
    others = {n.id: tuple(n.pos) for n in graph.nodes}
    if not any(overlap(middle, p) for p in others.values()):
        return [_tidy(middle[0]), _tidy(middle[1])]
    dx, dy = tx - sx, ty - sy
    if abs(dy) >= abs(dx):  # the edge runs down (or up): the new node one row past the source
        axis = (0.0, 1.0 if dy >= 0 else -1.0)
        spot, step = (middle[0], sy + axis[1] * ROW), ROW
    else:  # the edge runs across: one column past the source
        axis = (1.0 if dx > 0 else -1.0, 0.0)
        spot, step = (sx + axis[0] * COLUMN, middle[1]), COLUMN
    along = (tx - spot[0]) * axis[0] + (ty - spot[1]) * axis[1]  # how far past the new node the target lies
    shift = max(0.0, step - along)
    moving = downstream(graph, target_id) - reaches(graph, [source_id])
    moved = {i: (p[0] + axis[0] * shift, p[1] + axis[1] * shift) if i in moving else p for i, p in others.items()}
    if any(overlap(spot, p) for p in moved.values()) or _newly_covered(others, moved, moving):
        return free_spot(others.values(), middle)
    for node in graph.nodes:
        if node.id in moving and shift:
            node.pos = [_tidy(moved[node.id][0]), _tidy(moved[node.id][1])]
    return [_tidy(spot[0]), _tidy(spot[1])]


def _newly_covered(before: Mapping[str, Point], after: Mapping[str, Point], moving: set[str]) -> bool:
    """Whether a moved node now covers a node it did not cover before the move."""
    return any(
        overlap(after[a], after[b]) and not overlap(before[a], before[b]) for a in moving for b in after if b != a
    )


def _tidy(value: float) -> float:
    """A coordinate as the document writes it: whole numbers stay integers."""
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value
