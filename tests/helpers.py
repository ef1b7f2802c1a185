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


def shared_dense():
    """Two inputs through one Dense layer (node d2 shares d's weights), then Concatenate."""
    project = graph(
        [
            ("a", "Input", {"shape": [4]}),
            ("b", "Input", {"shape": [4]}),
            ("d", "Dense", {"units": 3}),
            ("d2", "Dense", {}),
            ("cat", "Concatenate", {}),
        ],
        [("a", "d"), ("b", "d2"), ("d", "cat", 0), ("d2", "cat", 1)],
    )
    project.models["model"].node("d2").shares = "d"
    return project
