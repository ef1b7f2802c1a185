"""Small builders for test projects."""

from __future__ import annotations

from nnbuilder import Edge, Graph, Node, Project


def chain(*layers, name="model", x=0):
    """A project whose model is a chain: chain(("in", "Input", {...}), ("d", "Dense", {...}), ...)."""
    nodes = [Node(i, layer, dict(cfg), [x, 90 * k]) for k, (i, layer, cfg) in enumerate(layers)]
    edges = [Edge(a.id, b.id, 0) for a, b in zip(nodes, nodes[1:])]
    return Project(name="test", models={name: Graph(nodes, edges)})


def graph(nodes, edges, **kw):
    """A one-model project from (id, layer, config) triples and (source, target[, port]) pairs."""
    ns = [Node(i, layer, dict(cfg), [0, 90 * k]) for k, (i, layer, cfg) in enumerate(nodes)]
    es = [Edge(e[0], e[1], e[2] if len(e) > 2 else 0) for e in edges]
    return Project(name="test", models={"model": Graph(ns, es, **kw)})


MLP = (("x", "Input", {"shape": [8]}), ("h", "Dense", {"units": 4, "activation": "relu"}), ("y", "Dense", {"units": 2}))
