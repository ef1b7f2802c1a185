"""Graph algorithms over a model's nodes and edges: order, cycles, reachability."""

from __future__ import annotations

from collections import defaultdict, deque


def adjacency(graph):
    """(successors, predecessors) as dicts of id -> list of ids, edges to unknown ids skipped."""
    ids = {n.id for n in graph.nodes}
    succ = defaultdict(list)
    pred = defaultdict(list)
    for e in graph.edges:
        if e.source in ids and e.target in ids:
            succ[e.source].append(e.target)
            pred[e.target].append(e.source)
    return succ, pred


def topological_order(graph):
    """(order, cyclic): nodes in dependency order (stable in node order), and the
    set of node ids that lie on or behind a cycle and so have no order."""
    succ, pred = adjacency(graph)
    indegree = {n.id: len(pred[n.id]) for n in graph.nodes}
    position = {n.id: i for i, n in enumerate(graph.nodes)}
    ready = deque(sorted((i for i, d in indegree.items() if d == 0), key=position.get))
    order = []
    while ready:
        node_id = ready.popleft()
        order.append(node_id)
        freed = []
        for nxt in succ[node_id]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                freed.append(nxt)
        ready.extend(sorted(freed, key=position.get))
    cyclic = {i for i, d in indegree.items() if d > 0}
    return order, cyclic


def cycle_members(graph, blocked):
    """The ids among `blocked` that are actually on a cycle (not merely after one)."""
    succ, _ = adjacency(graph)
    on_cycle = set()
    for start in blocked:
        stack, seen = list(succ[start]), set()
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


def reaches(graph, targets):
    """Ids of the nodes from which some node in `targets` can be reached."""
    _, pred = adjacency(graph)
    found = set(targets)
    queue = deque(targets)
    while queue:
        for prev in pred[queue.popleft()]:
            if prev not in found:
                found.add(prev)
                queue.append(prev)
    return found


def depths(graph):
    """Longest-path depth of each node from the graph's sources (cycles ignored)."""
    order, cyclic = topological_order(graph)
    _, pred = adjacency(graph)
    depth = {}
    for node_id in order:
        depth[node_id] = max((depth[p] + 1 for p in pred[node_id] if p in depth), default=0)
    for node_id in cyclic:
        depth[node_id] = max(depth.values(), default=0) + 1
    return depth
